package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/export"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/backend/history"
	"github.com/routeplay/routeplay/themes"
	"github.com/routeplay/routeplay/ui/historyview"
)

// awkwardTurn is one finished turn whose figures sit on rounding edges:
// the gateway's first token at 412.6 ms, the direct route's 0.04 ms later,
// a total of 2894.5 ms and a reported cost of $0.0001118.
func awkwardTurn(t *testing.T) Model {
	at := func(us int) time.Duration { return time.Duration(us) * time.Microsecond }
	cost := 0.0001118
	m, clock := sent(t, threeRoutes(), 200, 60)
	m = update(m,
		burst("or-gpt", 1, true, started(),
			backend.Event{Kind: backend.EventText, At: at(412_600), Text: "TCP slow start "},
			backend.Event{Kind: backend.EventText, At: at(1_812_300), Text: "doubles the window every round trip."},
			usage(2800, 24, 46, &cost), backend.Event{Kind: backend.EventDone, At: at(2_894_500), Finish: "stop"}),
		burst("openai", 2, true, started(),
			backend.Event{Kind: backend.EventText, At: at(412_640), Text: "Slow start "},
			backend.Event{Kind: backend.EventText, At: at(1_500_000), Text: "probes the network's capacity."},
			usage(2990, 22, 41, nil), done(3000)),
		burst("claude", 3, true, started(), text(610, clAnswer), done(890)),
	)
	return frames(m, clock, 3, 400)
}

// The figures of one run read the same in the pane, the compare view, the
// Markdown export and the history screen (the ask table and `history` text
// are checked against the same strings in ui/cli).
func TestOneRunReadsTheSameEverywhere(t *testing.T) {
	m := awkwardTurn(t)
	x, ok := m.lastTurnExport()
	if !ok {
		t.Fatal("no finished turn to export")
	}
	gw := x.Results[0]
	tps, ok := gw.TokensPerSecond()
	if !ok {
		t.Fatal("the gateway run has no rate")
	}
	rate := figure.PerSecond(tps, false)

	surfaces := map[string]string{"pane": squeeze(screen(m))}
	m = update(m, ctrlG())
	surfaces["compare view"] = compareText(m)
	var md strings.Builder
	if err := export.WriteMarkdown(&md, x, nil); err != nil {
		t.Fatal(err)
	}
	surfaces["Markdown export"] = squeeze(md.String())
	surfaces["history screen"] = squeeze(historyScreen(t, gw))

	// Each figure as backend/figure writes it, and the forms the old copies wrote.
	want := []string{"413ms", "2.89s", "$0.000112", rate + " tok/s"}
	stale := []string{"412ms", "412.6", "2.894", "2.895", "0.0001118", "$0.00011 ", "-0ms", "+0ms", "−0", "0.0 ms"}
	for name, text := range surfaces {
		if name == "compare view" || name == "Markdown export" {
			want := append([]string{}, want[:3]...)
			want = append(want, " "+rate+" ")
			checkFigures(t, name, text, want, stale)
			continue
		}
		checkFigures(t, name, text, want, stale)
	}
	// The first tokens differ by 0.04 ms: no difference, with no sign.
	if !strings.Contains(surfaces["compare view"], "first token 0ms") || !strings.Contains(surfaces["compare view"], "no difference (413ms vs 413ms)") {
		t.Errorf("compare view: the 0.04 ms delta does not read 0ms / no difference:\n%s", surfaces["compare view"])
	}
	if !strings.Contains(surfaces["Markdown export"], "first token 0ms (413ms vs 413ms)") {
		t.Errorf("Markdown export: the 0.04 ms delta does not read 0ms:\n%s", surfaces["Markdown export"])
	}
}

func checkFigures(t *testing.T, surface, text string, want, stale []string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q:\n%s", surface, w, text)
		}
	}
	for _, s := range stale {
		if strings.Contains(text, s) {
			t.Errorf("%s shows %q, a figure written another way:\n%s", surface, s, text)
		}
	}
}

// squeeze collapses a frame's or report's spacing so that a table cell
// reads " 413ms " however wide its column is.
func squeeze(s string) string { return strings.Join(strings.Fields(s), " ") }

// compareText is the whole compare view, scrolled page by page.
func compareText(m Model) string {
	var pages []string
	for range 6 {
		pages = append(pages, screen(m))
		m = update(m, tea.KeyPressMsg{Code: tea.KeyPgDown})
	}
	return squeeze(strings.Join(pages, "\n"))
}

// historyScreen shows the run as the history screen reads it back.
func historyScreen(t *testing.T, res *backend.Result) string {
	t.Helper()
	hv := historyview.New(historyview.Options{Store: noStore{}}, themes.New(themes.Charm(true)))
	hv.SetSize(200, 60)
	s := &history.Session{Turns: []history.Turn{{Seq: 1, Prompt: question,
		Runs: []history.Run{{Report: res.Report()}}}}}
	hv, _ = hv.Update(historyview.SessionMsg{Session: s})
	return ansi.Strip(hv.View())
}

// noStore stands in for the database: the session is handed to the screen.
type noStore struct{}

func (noStore) Sessions(context.Context, history.SessionFilter) ([]history.SessionSummary, error) {
	return nil, nil
}

func (noStore) Session(context.Context, history.SessionID) (*history.Session, error) {
	return nil, history.ErrNoSession
}

func (noStore) RouteTrendBySettings(context.Context, string, time.Time, time.Duration) ([]history.SettingsTrend, error) {
	return nil, nil
}
