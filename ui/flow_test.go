package ui

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/demo/simulated"
	"github.com/routeplay/routeplay/backend/engine"
	"github.com/routeplay/routeplay/ui/pane"
)

func TestFlowTypeSendSeeAnswerQuit(t *testing.T) {
	t.Parallel()
	src := &scripted{scripts: map[string][]backend.Event{
		"or-gpt": {started(), text(120, "Pelicans "), text(180, "glide."), usage(200, 5, 3, nil), done(210)},
		"openai": {started(), text(90, "Albatrosses "), text(140, "soar."), done(150)},
	}}
	m := New(Options{Routes: testRoutes()[:2], Engine: src})
	tm := startProgram(t, m, 100, 30)
	waitFor(t, tm, 3*time.Second, "Ready.")
	tm.Type("which bird glides?")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	waitFor(t, tm, 5*time.Second, "Pelicans", "Albatrosses", "done")
	tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	for i, want := range []string{"Pelicans glide.", "Albatrosses soar."} {
		p := fm.panes[i]
		if got := p.Last().Result().Text.String(); got != want || p.Last().State() != pane.StateDone {
			t.Fatalf("pane %d: %q in state %v", i, got, p.Last().State())
		}
		if len(p.Thread()) != 2 || p.Thread()[1].Content != want {
			t.Fatalf("pane %d thread = %+v", i, p.Thread())
		}
	}
	if fm.turns != 1 {
		t.Fatalf("turns = %d", fm.turns)
	}
}

func TestFlowCtrlCCancelsThenQuits(t *testing.T) {
	t.Parallel()
	src := &scripted{hold: true, scripts: map[string][]backend.Event{
		"or-gpt": {started(), text(50, "Streaming… ")},
	}}
	m := New(Options{Routes: testRoutes()[:1], Engine: src})
	tm := startProgram(t, m, 80, 24)
	tm.Type("go")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	waitFor(t, tm, 3*time.Second, "Streaming")
	tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	waitFor(t, tm, 3*time.Second, "canceled")
	tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	if st := fm.panes[0].Last().State(); st != pane.StateCanceled {
		t.Fatalf("state = %v", st)
	}
	if len(fm.panes[0].Thread()) != 0 {
		t.Fatal("a canceled answer must not join the thread")
	}
}

// TestFlowDemoRoutesOnTheEngine runs the real engine on the simulated demo
// routes (in-process, no socket) until every pane is done.
func TestFlowDemoRoutesOnTheEngine(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("streams the demo routes")
	}
	eng := engine.NewEngine(engine.EngineOptions{Demo: simulated.TransportAt(demoSpeed)})
	routes := simulated.DemoRoutes()
	m := New(Options{Routes: routes, Engine: eng, Demo: true})
	tm := startProgram(t, m, 200, 50)
	waitFor(t, tm, 3*time.Second, "DEMO")
	tm.Type("How do I test a streaming parser?")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	limit := 30 * time.Second
	if raceEnabled {
		limit = 2 * time.Minute // the race detector slows Markdown rendering several times over
	}
	waitFor(t, tm, limit, "finished")
	tm.Send(tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl})
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(Model)
	for _, p := range fm.panes {
		tr := p.Last()
		if tr == nil || tr.State() != pane.StateDone || tr.Result().Text.Len() == 0 {
			t.Fatalf("%s did not finish: %+v", p.Name(), tr)
		}
		if tr.Result().Timing.FirstToken == nil || tr.Result().Timing.Total == nil {
			t.Fatalf("%s has no timing", p.Name())
		}
		if _, _, ok := backend.RouteCost(tr.Result()); !ok {
			t.Fatalf("%s has no cost", p.Name())
		}
	}
	plain := screen(fm)
	for _, want := range []string{"SIMULATED", "first ", "tok/s", "$"} {
		requireContains(t, plain, want)
	}
}
