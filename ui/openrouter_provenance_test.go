package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/routeplay/routeplay/ui/orprov"
)

// servedTurn is splitModel after one turn: or-gpt served by Alpha, then
// OpenRouter's endpoints read from the loopback fake.
func servedTurn(t *testing.T, theme string) Model {
	t.Helper()
	clock := &fakeClock{now: t0}
	m := splitModel(t, orFake(t), 2, 120, 40, theme)
	m.clock = clock.Now
	m = update(typeText(m, "hi"), enter())
	m = update(m,
		burst("or-gpt", 1, true, started(), served(95, "Alpha", ""), text(412, "Hello from Alpha."), usage(700, 9, 40, nil), done(702)),
		burst("direct-1", 2, true, started(), text(280, "Hello."), usage(540, 9, 3, nil), done(541)))
	m = frames(m, clock, 3, 400)
	if !m.or.Fetching("acme/model-1") {
		t.Fatal("the end of the turn did not read the endpoints of the model that served")
	}
	msg, ok := m.or.Fetch(m.ctx, m.opts.Keys, m.panes[0].Route(), "")().(orprov.EndpointsMsg)
	if !ok || msg.Err != nil {
		t.Fatalf("fetch gave %#v", msg)
	}
	return update(m, msg, frameMsg{})
}

func TestZoomedPaneShowsPublishedBesideMeasured(t *testing.T) {
	t.Parallel()
	m := update(servedTurn(t, ""), tea.KeyPressMsg{Code: 'o', Mod: tea.ModCtrl}, frameMsg{})
	s := screen(m)
	requireContains(t, s, "published (OpenRouter, 30 min): uptime 99.5% · latency p50 420ms · throughput p50 89 tok/s · fp8")
	requireContains(t, s, "measured (this run): first token 412ms")
	requireContains(t, s, "data policy: OpenRouter: data_collection deny, zdr off; served by Alpha, policy https://alpha.example/privacy")
	checkFrame(t, s, 120, 40)
	// The next pane, zoomed, is a direct route: its policy alone.
	m = update(m, tea.KeyPressMsg{Code: tea.KeyTab}, frameMsg{})
	s = screen(m)
	if strings.Contains(s, "published (OpenRouter") {
		t.Fatal("a direct route shows OpenRouter's figures")
	}
	requireContains(t, s, "data policy: openai: training: not used for training unless you opt in")
	checkFrame(t, s, 120, 40)
}

func TestGoldenProvenance(t *testing.T) {
	t.Parallel()
	for _, theme := range []string{"", "mono"} {
		name := map[string]string{"": "Charm", "mono": "NoColour"}[theme]
		t.Run("Zoomed"+name, func(t *testing.T) {
			m := update(servedTurn(t, theme), tea.KeyPressMsg{Code: 'o', Mod: tea.ModCtrl}, frameMsg{})
			if theme == "mono" {
				requireNoColour(t, m.View().Content)
			}
			checkFrame(t, screen(m), 120, 40)
			golden.RequireEqual(t, screen(m))
		})
		t.Run("Compare"+name, func(t *testing.T) {
			m := update(servedTurn(t, theme), tea.KeyPressMsg{Code: 'g', Mod: tea.ModCtrl}, frameMsg{})
			for range 3 {
				m = update(m, tea.KeyPressMsg{Code: tea.KeyPgDown})
			}
			if theme == "mono" {
				requireNoColour(t, m.View().Content)
			}
			checkFrame(t, screen(m), 120, 40)
			golden.RequireEqual(t, screen(m))
		})
	}
}

func TestExportCarriesThePublishedFiguresRead(t *testing.T) {
	t.Parallel()
	m := servedTurn(t, "")
	path := filepath.Join(t.TempDir(), "turn.json")
	m = typeCommand(t, m, "/export "+path)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("not written: %v (status %q)", err, m.status)
	}
	for _, want := range []string{`"source": "published (OpenRouter, 30 min)"`, `"uptime_30m": 99.5`,
		`"policy": "OpenRouter: data_collection deny, zdr off; served by Alpha, policy https://alpha.example/privacy"`} {
		if !strings.Contains(string(data), want) {
			t.Fatalf("export lacks %s:\n%s", want, data)
		}
	}
}
