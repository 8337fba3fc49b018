package compare

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/demo"
	"github.com/routeplay/routeplay/backend/demo/simulated"
	"github.com/routeplay/routeplay/backend/engine"
	"github.com/routeplay/routeplay/backend/figure"
)

const testKey = "sk-or-test-0123456789abcdef"

type staticKeys map[string]string

func (k staticKeys) Key(_ context.Context, name string) (string, string, error) {
	return k[name], "env", nil
}

// runRoute streams one route to its end and folds its events.
func runRoute(t *testing.T, e *engine.Engine, rt backend.Route) *backend.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	res := backend.NewResult(rt)
	for ev := range e.Stream(ctx, rt, backend.Request{Messages: []backend.Message{{Role: backend.RoleUser, Content: "hi"}}}) {
		res.Apply(ev)
	}
	if res.Err != nil {
		t.Fatalf("%s: %v", rt.Name, res.Err)
	}
	return res
}

// runCmds runs a Cmd and every Cmd of a batch, collecting the messages.
func runCmds(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if batch, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range batch {
			out = append(out, runCmds(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

func TestGenerationStatsCmdAgainstTheFakeGateway(t *testing.T) {
	stats := &demo.GenerationStats{ProviderName: "Upstream", LatencyMs: 30, GenerationTimeMs: 60, TotalCost: 0.0004}
	srv, ts := demo.Start(func(demo.Request) demo.Script {
		return demo.Script{HeaderDelay: 20 * time.Millisecond, FirstTokenDelay: 40 * time.Millisecond,
			Tokens: []string{"a ", "b ", "c"}, ServedProvider: "Upstream", GenerationStats: stats}
	})
	defer ts.Close()
	defer srv.Close()
	e := engine.NewEngine(engine.EngineOptions{Keys: staticKeys{"openrouter": testKey}})
	rt, err := backend.NewRoute(backend.KindOpenRouter, "openai/gpt-4o-mini", ts.URL+"/api/v1", "openrouter")
	if err != nil {
		t.Fatal(err)
	}
	rt.Name = "or-mini"
	res := runRoute(t, e, rt)

	m := New(Options{Fetcher: e}, charm())
	m.SetSize(120, 40)
	msgs := runCmds(m.AddTurn(context.Background(), 1, []*backend.Result{res}))
	if len(msgs) != 1 {
		t.Fatalf("one fetch for one gateway run, got %d messages", len(msgs))
	}
	sm, ok := msgs[0].(StatsMsg)
	if !ok || sm.Err != nil || sm.Route != "or-mini" || sm.GenerationID != res.GenerationID {
		t.Fatalf("stats message %+v", msgs[0])
	}
	m, _ = m.Update(sm)
	st := m.turns[0].splits["or-mini"]
	if st.status != statsReady || !st.split.OK || st.split.Upstream != 30*time.Millisecond || st.provider != "Upstream" {
		t.Fatalf("split %+v", st)
	}
	frame := stripped(strings.Join(m.lines, "\n"))
	want := "upstream 30ms + gateway & network " + figure.Duration(st.split.Rest)
	if !strings.Contains(frame, want) {
		t.Errorf("missing %q in:\n%s", want, frame)
	}
	if strings.Contains(m.View(), testKey) {
		t.Error("the key leaked into the view")
	}
}

func TestGenerationStatsCmdForTheDemoGateway(t *testing.T) {
	if testing.Short() {
		t.Skip("streams the demo gateway")
	}
	// simulated.Demo answers every request with a stream script, and a GET of
	// the generation endpoint names no model, which the demo refuses with
	// a 404; only stream requests get the demo's script here, 20 times
	// faster than the app plays it.
	fast := simulated.Faster(simulated.Demo, 20)
	fake := demo.New(func(r demo.Request) demo.Script {
		if r.Model == "" {
			return demo.Script{}
		}
		return fast(r)
	})
	defer fake.Close()
	e := engine.NewEngine(engine.EngineOptions{Keys: staticKeys{}, Demo: demo.InProcess(fake)})
	rts := simulated.DemoRoutes()
	res := runRoute(t, e, rts[0])
	m := New(Options{Fetcher: e}, charm())
	m.SetSize(120, 40)
	msgs := runCmds(m.AddTurn(context.Background(), 1, []*backend.Result{res, runRoute(t, e, rts[1])}))
	if len(msgs) != 1 {
		t.Fatalf("only the gateway run is fetched: %d messages", len(msgs))
	}
	m, _ = m.Update(msgs[0])
	st := m.turns[0].splits[rts[0].Name]
	if st.status != statsReady || st.provider != "DemoCloud" {
		t.Fatalf("demo gateway stats %+v (msg %+v)", st, msgs[0])
	}
	// Either the split or the reason there is none is on screen, never a made-up figure.
	want := splitNote(st)
	if !st.split.OK && st.split.Note == "" || !strings.Contains(stripped(strings.Join(m.lines, "\n")), want) {
		t.Errorf("split %+v not shown as %q", st.split, want)
	}
}

func TestNoFetchForDirectOrFailedRuns(t *testing.T) {
	m := New(Options{Fetcher: noFetch{}}, charm())
	res := demoTurn(0, false)
	res[0] = result(simulated.DemoRoutes()[0], run{total: 40, fail: backend.ErrAuth})
	if cmd := m.AddTurn(context.Background(), 1, res); cmd != nil {
		if msgs := runCmds(cmd); len(msgs) > 0 {
			t.Errorf("nothing to fetch, got %+v", msgs)
		}
	}
	if m2 := New(Options{}, charm()); m2.AddTurn(context.Background(), 1, demoTurn(0, false)) != nil {
		t.Error("without a fetcher no Cmd is returned")
	}
}
