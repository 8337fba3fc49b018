package ui

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/zalando/go-keyring"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/catalog"
	"github.com/routeplay/routeplay/backend/demo"
	"github.com/routeplay/routeplay/keys"
	"github.com/routeplay/routeplay/ui/orprov"
)

// emptyKeyring stores nothing; the tests' key comes from the environment.
// (keyring.MockInit would race with the parallel tests that call it.)
type emptyKeyring struct{}

func (emptyKeyring) Set(string, string, string) error   { return keyring.ErrUnsupportedPlatform }
func (emptyKeyring) Get(string, string) (string, error) { return "", keyring.ErrNotFound }
func (emptyKeyring) Delete(string, string) error        { return keyring.ErrNotFound }

// orKeys is a key store holding an OpenRouter key from the environment.
func orKeys(t *testing.T) *keys.Store {
	t.Helper()
	store, err := keys.New(keys.Options{Backend: emptyKeyring{}, ConfigDir: t.TempDir(), Timeout: time.Second,
		LookupEnv: func(v string) (string, bool) { return "sk-or-test-key", v == "OPENROUTER_API_KEY" }})
	if err != nil {
		t.Fatal(err)
	}
	return store
}

// orFake serves OpenRouter's endpoints and providers lists on loopback.
func orFake(t *testing.T) string {
	t.Helper()
	srv, ts := demo.Start(nil)
	t.Cleanup(func() { ts.Close(); srv.Close() })
	return ts.URL + "/api/v1"
}

// splitModel is a playground with a live OpenRouter route first and n-1
// direct routes after it, at w×h.
func splitModel(t *testing.T, baseURL string, n, w, h int, theme string) Model {
	t.Helper()
	rts := []backend.Route{{Name: "or-gpt", Kind: backend.KindOpenRouter, Model: "acme/model-1", KeyName: "openrouter",
		BaseURL: baseURL, OpenRouter: &backend.OpenRouterOptions{Provider: map[string]any{"data_collection": "deny"}}}}
	for i := 1; i < n; i++ {
		rts = append(rts, backend.Route{Name: fmt.Sprintf("direct-%d", i), Kind: backend.KindOpenAI, Model: "gpt-4o-mini", KeyName: "openai"})
	}
	m := newTestModel(Options{Routes: rts, Engine: &scripted{}, Keys: orKeys(t), Theme: theme}, &fakeClock{now: t0})
	return update(m, tea.WindowSizeMsg{Width: w, Height: h}, frameMsg{})
}

func altP() tea.KeyPressMsg { return tea.KeyPressMsg{Code: 'p', Mod: tea.ModAlt} }

// pressRun sends a key and runs what it asked for, feeding the messages back.
func pressRun(t *testing.T, m Model, k tea.KeyPressMsg) Model {
	t.Helper()
	next, cmd := m.Update(k)
	m = next.(Model)
	for _, msg := range runCmd(cmd) {
		if _, ok := msg.(orprov.EndpointsMsg); ok {
			m = update(m, msg)
		}
	}
	return update(m, frameMsg{})
}

func runCmd(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, runCmd(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

func paneNames(m Model) []string {
	var out []string
	for _, p := range m.panes {
		out = append(out, p.Route().Name)
	}
	return out
}

func TestSplitByProviderAndBack(t *testing.T) {
	t.Parallel()
	m := pressRun(t, splitModel(t, orFake(t), 2, 120, 40, ""), altP())
	if got := paneNames(m); !slices.Equal(got, []string{"or-gpt@alpha", "or-gpt@beta", "or-gpt@gamma", "direct-1"}) {
		t.Fatalf("panes after the split: %v (status %q)", got, m.status)
	}
	requireContains(t, m.status, "Split or-gpt into 3 provider routes, pinned, no fallbacks.")
	p := m.panes[1].Route().OpenRouter.Provider
	if !slices.Equal(p["only"].([]any), []any{"beta"}) || p["allow_fallbacks"] != false || p["data_collection"] != "deny" {
		t.Fatalf("beta not pinned: %v", p)
	}
	if m.focus != 0 {
		t.Fatalf("focus %d, want the first provider route", m.focus)
	}
	m = pressRun(t, update(m, tea.KeyPressMsg{Code: tea.KeyTab}), altP())
	if got := paneNames(m); !slices.Equal(got, []string{"or-gpt", "direct-1"}) {
		t.Fatalf("panes after putting it back: %v", got)
	}
	requireContains(t, m.status, "or-gpt is back; its 3 provider routes are dropped")
	// The list is kept for 30 minutes: a second split needs no request.
	next, cmd := m.Update(altP())
	for _, msg := range runCmd(cmd) {
		if _, ok := msg.(orprov.EndpointsMsg); ok {
			t.Fatal("a fresh list was fetched again")
		}
	}
	if got := paneNames(next.(Model)); len(got) != 4 {
		t.Fatalf("the second split gave %v", got)
	}
}

func TestSplitIsCappedAtEightPanes(t *testing.T) {
	t.Parallel()
	m := pressRun(t, splitModel(t, orFake(t), 7, 200, 50, ""), altP())
	if len(m.panes) != orprov.MaxSplitPanes || m.panes[1].Route().Name != "or-gpt@beta" {
		t.Fatalf("panes %v", paneNames(m))
	}
	requireContains(t, m.status, "(1 provider left out: at most 8 panes)")
	full := pressRun(t, splitModel(t, orFake(t), 8, 200, 50, ""), altP())
	if len(full.panes) != 8 || !strings.Contains(full.status, "Not split: at most 8 panes") {
		t.Fatalf("a full playground split: %v, %q", paneNames(full), full.status)
	}
}

func TestSplitSaysWhyNot(t *testing.T) {
	t.Parallel()
	failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, `{"error":{"message":"down \u001b[2J for maintenance"}}`, http.StatusServiceUnavailable)
	}))
	t.Cleanup(failing.Close)
	m := pressRun(t, splitModel(t, failing.URL, 2, 120, 40, ""), altP())
	if len(m.panes) != 2 || !strings.HasPrefix(m.status, "Not split: openrouter endpoints: HTTP 503") ||
		strings.ContainsRune(m.status, 0x1b) || strings.Contains(m.status, "sk-or-test-key") {
		t.Fatalf("panes %v, status %q", paneNames(m), m.status)
	}
	if m.or.Fetching("acme/model-1") {
		t.Fatal("a failed fetch stays in flight")
	}
	m = pressRun(t, update(m, tea.KeyPressMsg{Code: tea.KeyTab}), altP())
	requireContains(t, m.status, "direct-1 is not a live OpenRouter route")
}

func TestGoldenSplit(t *testing.T) {
	t.Parallel()
	base := orFake(t)
	for _, theme := range []string{"", "mono"} {
		name := map[string]string{"": "Charm", "mono": "NoColour"}[theme]
		t.Run(name, func(t *testing.T) {
			m := pressRun(t, splitModel(t, base, 2, 120, 40, theme), altP())
			if theme == "mono" {
				requireNoColour(t, m.View().Content)
			}
			checkFrame(t, screen(m), 120, 40)
			golden.RequireEqual(t, screen(m))
		})
	}
}

func TestSplitGivesUpOnASilentServer(t *testing.T) {
	t.Parallel()
	silent := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	}))
	t.Cleanup(silent.Close)
	m := splitModel(t, silent.URL, 2, 120, 40, "")
	m.or.Client = &http.Client{Timeout: 100 * time.Millisecond}
	start := time.Now()
	m = pressRun(t, m, altP())
	if time.Since(start) > 3*time.Second || len(m.panes) != 2 ||
		m.status != "Not split: openrouter endpoints: no answer in time" {
		t.Fatalf("after %v: panes %v, status %q", time.Since(start), paneNames(m), m.status)
	}
}

func TestSplitWarnsOfParametersAProviderDoesNotList(t *testing.T) {
	t.Parallel()
	m := splitModel(t, orFake(t), 2, 120, 40, "")
	temp := 0.2
	rt := m.panes[0].Route()
	rt.Params.Temperature = &temp
	m.panes[0].SetRoute(rt)
	m = pressRun(t, m, altP())
	if len(m.panes) != 4 || m.screens.overlay() != overlayNotice {
		t.Fatalf("panes %v, overlay %v", paneNames(m), m.screens.overlay())
	}
	s := screen(m)
	requireContains(t, s, "Beta does not list temperature")
	if strings.Contains(s, "Alpha does not list") {
		t.Fatal("Alpha lists temperature")
	}
}

func TestSplitWaitsForAReadInFlight(t *testing.T) {
	t.Parallel()
	base := orFake(t)
	m := splitModel(t, base, 2, 120, 40, "")
	read := m.or.Fetch(m.ctx, m.opts.Keys, m.panes[0].Route(), "") // for the details after a turn
	next, cmd := m.Update(altP())
	m = next.(Model)
	for _, msg := range runCmd(cmd) {
		if _, ok := msg.(orprov.EndpointsMsg); ok {
			t.Fatal("a second read of the same list")
		}
	}
	if len(m.panes) != 2 {
		t.Fatalf("split before the list is in: %v", paneNames(m))
	}
	msg := read()
	m = update(m, msg, frameMsg{})
	if got := paneNames(m); len(got) != 4 || got[0] != "or-gpt@alpha" {
		t.Fatalf("the read in flight did not split: %v (%q)", got, m.status)
	}
}

func TestSplitWritesNothingToTheConfig(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "config.toml")
	const cfg = "[[routes]]\nname = \"or-gpt\"\nprovider = \"openrouter\"\nmodel = \"acme/model-1\"\n"
	if err := os.WriteFile(path, []byte(cfg), 0o600); err != nil {
		t.Fatal(err)
	}
	m := splitModel(t, orFake(t), 2, 120, 40, "")
	m.opts.ConfigPath = path
	m = pressRun(t, m, altP())
	m = pressRun(t, m, altP())
	if got, err := os.ReadFile(path); err != nil || string(got) != cfg || len(m.panes) != 2 {
		t.Fatalf("config after a split and back: %q, %v; panes %v", got, err, paneNames(m))
	}
}

// A simulated OpenRouter route (demo mode) says how to get a route that
// splits, instead of only that it cannot.
func TestSplitOfASimulatedRouteSaysWhatItNeeds(t *testing.T) {
	t.Parallel()
	opts := Options{Routes: []backend.Route{{Name: "demo-openrouter", Kind: backend.KindOpenRouter, Model: "demo-gateway", Simulated: true}}}
	m := update(newTestModel(opts, &fakeClock{now: t0}), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = pressRun(t, m, altP())
	requireContains(t, m.status, "demo-openrouter is simulated: a split reads OpenRouter's live list of providers")
	if len(m.panes) != 1 {
		t.Fatalf("panes %v", paneNames(m))
	}
}

// Once a model's endpoints are read, sending a parameter some of them do
// not list is warned of before the prompt goes out.
func TestSendWarnsOfParametersEndpointsDoNotList(t *testing.T) {
	t.Parallel()
	m := splitModel(t, orFake(t), 1, 120, 40, "")
	temp := 0.2
	rt := m.panes[0].Route()
	rt.Params.Temperature = &temp
	m.panes[0].SetRoute(rt)
	m = update(m, orprov.EndpointsMsg{Model: "acme/model-1", Endpoints: []catalog.Endpoint{
		{Provider: "Alpha", SupportedParameters: []string{"temperature"}},
		{Provider: "Beta", SupportedParameters: []string{"max_tokens"}}}})
	next, _ := typeText(m, "hi").Update(enter())
	m = next.(Model)
	requireContains(t, m.status, "or-gpt: temperature not listed by Beta (provider.require_parameters = true avoids them)")
}
