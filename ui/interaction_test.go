package ui

import (
	"image/color"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend"
)

// finishAll ends the current run of every running pane with an answer.
func finishAll(m Model, answer string) Model {
	for i := range m.panes {
		if p := &m.panes[i]; p.Streaming() {
			m = update(m, burst(p.Route().Name, p.Gen(), true, text(100, answer), done(200)))
		}
	}
	return update(m, frameMsg{})
}

func press(code rune, mod tea.KeyMod) tea.KeyPressMsg { return tea.KeyPressMsg{Code: code, Mod: mod} }

func TestHistoryRecallKeepsTheDraft(t *testing.T) {
	m, _ := sent(t, threeRoutes(), 120, 40)
	m = finishAll(m, "a")
	m = update(typeText(m, "second prompt"), enter())
	m = finishAll(m, "b")
	m = typeText(m, "draft")
	up, down := press(tea.KeyUp, 0), press(tea.KeyDown, 0)
	for _, step := range []struct {
		key  tea.KeyPressMsg
		want string
	}{{up, "second prompt"}, {up, question}, {up, question}, {down, "second prompt"}, {down, "draft"}} {
		m = update(m, step.key)
		if got := m.input.Value(); got != step.want {
			t.Fatalf("after %s: %q, want %q", step.key, got, step.want)
		}
	}
}

func TestSendingWhileStreamingIsRefusedAndKeepsTheDraft(t *testing.T) {
	m, _ := sent(t, threeRoutes(), 120, 40)
	m = update(typeText(m, "follow-up"), enter())
	if m.input.Value() != "follow-up" || m.turns != 1 {
		t.Fatalf("draft %q, turns %d", m.input.Value(), m.turns)
	}
	requireContains(t, screen(m), "Still streaming")
}

func TestEmptyPromptDoesNothing(t *testing.T) {
	clock := &fakeClock{now: t0}
	m := update(newTestModel(threeRoutes(), clock), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = update(typeText(m, "   "), enter())
	if m.turns != 0 || m.anyStreaming() {
		t.Fatal("an empty prompt must not start a turn")
	}
}

func TestAltEnterInsertsANewline(t *testing.T) {
	clock := &fakeClock{now: t0}
	m := update(newTestModel(threeRoutes(), clock), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = typeText(m, "a")
	m = update(m, press(tea.KeyEnter, tea.ModAlt))
	m = typeText(m, "b")
	m = update(m, press('j', tea.ModCtrl))
	m = typeText(m, "c")
	if got := m.input.Value(); got != "a\nb\nc" || m.turns != 0 {
		t.Fatalf("value %q, turns %d", got, m.turns)
	}
}

func TestThreadsArePerPaneAndSkipFailedAnswers(t *testing.T) {
	src := &scripted{}
	opts := threeRoutes()
	opts.Engine = src
	opts.System = "be brief"
	m, _ := sent(t, opts, 120, 40)
	m = update(m,
		burst("or-gpt", 1, true, text(10, "A1"), done(20)),
		burst("openai", 2, true, failure(10, backend.ErrUpstream, 502, "bad gateway")),
		burst("claude", 3, true, text(10, "C1"), done(20)),
	)
	m = runTurn(t, m, "next")
	want := map[string][]string{
		"or-gpt": {question, "A1", "next"},
		"openai": {"next"},
		"claude": {question, "C1", "next"},
	}
	for route, contents := range want {
		reqs := src.requests(route)
		last := reqs[len(reqs)-1]
		if last.System != "be brief" {
			t.Fatalf("%s system = %q", route, last.System)
		}
		var got []string
		for _, msg := range last.Messages {
			got = append(got, msg.Content)
		}
		if strings.Join(got, "|") != strings.Join(contents, "|") {
			t.Fatalf("%s thread = %q, want %q", route, got, contents)
		}
	}
}

// runTurn types a prompt and runs the commands it starts, which call Stream.
func runTurn(t *testing.T, m Model, prompt string) Model {
	t.Helper()
	m = typeText(m, prompt)
	next, cmd := m.Update(enter())
	m = next.(Model)
	if cmd == nil {
		t.Fatal("sending started nothing")
	}
	return runCmds(t, m, cmd)
}

func TestCommands(t *testing.T) {
	src := &scripted{}
	opts := threeRoutes()
	opts.Engine = src
	clock := &fakeClock{now: t0}
	m := update(newTestModel(opts, clock), tea.WindowSizeMsg{Width: 120, Height: 40})

	m = update(typeText(m, "/system You are terse."), enter())
	if m.system != "You are terse." || m.input.Value() != "" {
		t.Fatalf("system %q, input %q", m.system, m.input.Value())
	}
	m = update(typeText(m, "/system"), enter())
	requireContains(t, screen(m), "You are terse.")
	m = update(m, press(tea.KeyEscape, 0))

	m = update(typeText(m, "/toggle 2"), enter())
	if m.panes[1].Enabled() {
		t.Fatal("/toggle 2 turns the second route off")
	}
	m = update(typeText(m, "/routes"), enter())
	requireContains(t, screen(m), "[off] openai")
	m = update(m, press(tea.KeyEscape, 0))
	m = runTurn(t, m, "hello")
	if n := len(src.requests("openai")); n != 0 {
		t.Fatalf("a route that is off was sent %d requests", n)
	}
	if n := len(src.requests("or-gpt")); n != 1 {
		t.Fatalf("or-gpt got %d requests", n)
	}
	m = update(typeText(m, "/toggle OPENAI"), enter())
	if !m.panes[1].Enabled() {
		t.Fatal("/toggle NAME turns it back on, any case")
	}

	m = update(typeText(m, "/bogus thing"), enter())
	if m.input.Value() != "/bogus thing" {
		t.Fatal("an unknown command keeps the text for fixing")
	}
	requireContains(t, screen(m), "Unknown command /bogus")
	m.input.Submit()

	m = update(typeText(m, "/clear"), enter(), frameMsg{})
	if m.turns != 0 || len(m.panes[0].Thread()) != 0 || len(m.panes[0].Turns()) != 0 {
		t.Fatal("/clear starts a new chat")
	}
	m = update(typeText(m, "/theme nord"), enter())
	if m.styles.Palette.Name != "nord" {
		t.Fatalf("theme = %s", m.styles.Palette.Name)
	}
	m = update(typeText(m, "/help"), enter())
	requireContains(t, screen(m), "Commands")
}

func TestQuestionMarkIsTextUnlessThePromptIsEmpty(t *testing.T) {
	clock := &fakeClock{now: t0}
	m := update(newTestModel(threeRoutes(), clock), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = typeText(m, "why?")
	if m.screens.overlay() == overlayHelp || m.input.Value() != "why?" {
		t.Fatal("? inside a prompt is text")
	}
	m.input.Submit()
	m = typeText(m, "?")
	if m.screens.overlay() != overlayHelp {
		t.Fatal("? on an empty prompt opens help")
	}
	m = update(m, press(tea.KeyEscape, 0))
	if m.screens.overlay() == overlayHelp {
		t.Fatal("esc closes help")
	}
}

func TestCancelAllAndFocused(t *testing.T) {
	opts := threeRoutes()
	src := opts.Engine.(*scripted)
	m := update(newTestModel(opts, &fakeClock{now: t0}), tea.WindowSizeMsg{Width: 120, Height: 40}, frameMsg{})
	m = typeText(m, question)
	next, cmd := m.Update(enter())
	m = next.(Model)
	openStreams(cmd)
	canceled := func() (names []string) {
		for _, rt := range testRoutes() {
			if ctx := src.contexts(rt.Name); len(ctx) == 1 && ctx[0].Err() != nil {
				names = append(names, rt.Name)
			}
		}
		return names
	}
	m = update(m, press(tea.KeyTab, 0), press('x', tea.ModCtrl))
	if got := canceled(); len(got) != 1 || got[0] != "openai" {
		t.Fatalf("ctrl+x cancels the focused pane only, canceled %v", got)
	}
	m = update(m, press(tea.KeyEscape, 0))
	if got := canceled(); len(got) != 3 {
		t.Fatalf("esc cancels every streaming route, canceled %v", got)
	}
	m = update(m, burst("openai", 2, true, failure(300, backend.ErrCanceled, 0, "canceled")), frameMsg{})
	requireContains(t, screen(m), "⊘ canceled")
}

// openStreams runs cmd for the streams it opens, dropping what they read:
// the panes keep streaming.
func openStreams(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	if batch, ok := cmd().(tea.BatchMsg); ok {
		for _, c := range batch {
			openStreams(c)
		}
	}
}

func TestRetryFocusedSendsTheSamePromptAgain(t *testing.T) {
	src := &scripted{}
	opts := threeRoutes()
	opts.Engine = src
	m, _ := sent(t, opts, 120, 40)
	m = finishAll(m, "first answer")
	next, cmd := m.Update(press('r', tea.ModCtrl))
	m = runCmds(t, next.(Model), cmd)
	reqs := src.requests("or-gpt")
	if len(reqs) != 1 || len(reqs[0].Messages) != 1 || reqs[0].Messages[0].Content != question {
		t.Fatalf("retry request = %+v", reqs)
	}
	if len(m.panes[0].Turns()) != 1 {
		t.Fatal("a retry replaces the last turn")
	}
}

func TestNoKeyErrorPointsToTheKeyCommand(t *testing.T) {
	opts := threeRoutes()
	opts.KeyHint = func(rt backend.Route) string { return "run `routeplay keys set " + rt.KeyName + "`" }
	m, _ := sent(t, opts, 200, 50)
	m = update(m, burst("claude", 3, true, failure(5, backend.ErrNoKey, 0, "no key named anthropic")), frameMsg{})
	requireContains(t, screen(m), "No key for this route")
	requireContains(t, screen(m), "routeplay keys set anthropic")
}

func TestResizeKeepsEverythingAndTinyTerminalsDoNotPanic(t *testing.T) {
	m := finished(t, threeRoutes(), 120, 40)
	m = typeText(m, "unsent draft")
	for _, size := range [][2]int{{20, 5}, {1, 1}, {0, 0}, {23, 40}, {80, 11}, {80, 24}, {200, 50}} {
		m = update(m, tea.WindowSizeMsg{Width: size[0], Height: size[1]}, frameMsg{})
		_ = m.View()
	}
	m = update(m, tea.WindowSizeMsg{Width: 20, Height: 5})
	requireContains(t, screen(m), "too small")
	m = update(m, tea.WindowSizeMsg{Width: 200, Height: 50}, frameMsg{})
	plain := screen(m)
	for _, want := range []string{"sees loss", "ssthresh", "ramps a new", "unsent draft"} {
		requireContains(t, plain, want)
	}
}

func TestMouseFocusAndWheel(t *testing.T) {
	m := finished(t, threeRoutes(), 120, 40)
	r := m.rects[2]
	m = update(m, tea.MouseClickMsg{X: r.x + 3, Y: r.y + 3, Button: tea.MouseLeft})
	if m.focus != 2 {
		t.Fatalf("focus = %d", m.focus)
	}
	p := &m.panes[0]
	fillPane(p)
	before := p.Offset()
	m = update(m, tea.MouseWheelMsg{X: m.rects[0].x + 2, Y: m.rects[0].y + 5, Button: tea.MouseWheelUp})
	if got := m.panes[0].Offset(); got != before-3 {
		t.Fatalf("wheel up moved %d → %d", before, got)
	}
	m = update(m, press('s', tea.ModAlt))
	fillPane(&m.panes[1])
	b1 := m.panes[1].Offset()
	m = update(m, tea.MouseWheelMsg{X: m.rects[0].x + 2, Y: m.rects[0].y + 5, Button: tea.MouseWheelUp})
	if m.panes[1].Offset() != b1-3 {
		t.Fatal("synced scrolling moves the other panes too")
	}
}

func TestFocusKeysAndZoom(t *testing.T) {
	m := finished(t, threeRoutes(), 120, 40)
	m = update(m, press(tea.KeyTab, 0), press(tea.KeyTab, 0), press(tea.KeyTab, 0))
	if m.focus != 0 {
		t.Fatalf("tab wraps around, focus = %d", m.focus)
	}
	m = update(m, press(tea.KeyTab, tea.ModShift))
	if m.focus != 2 {
		t.Fatalf("shift+tab goes back, focus = %d", m.focus)
	}
	m = update(m, press('2', tea.ModAlt))
	if m.focus != 1 {
		t.Fatalf("alt+2 focuses the second pane, focus = %d", m.focus)
	}
	m = update(m, press('o', tea.ModCtrl), frameMsg{})
	if !m.zoomed || m.rects[1].w != 120 {
		t.Fatalf("zoom gives the focused pane the full width: %+v", m.rects[1])
	}
	m = update(m, press('o', tea.ModCtrl), frameMsg{})
	if m.zoomed || m.rects[1].w == 120 {
		t.Fatal("zoom toggles back")
	}
}

func TestThemesFollowTheTerminalAndCycle(t *testing.T) {
	clock := &fakeClock{now: t0}
	m := update(newTestModel(threeRoutes(), clock), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = update(m, tea.BackgroundColorMsg{Color: color.White})
	if m.styles.Palette.Dark || m.styles.Palette.Markdown != "light" {
		t.Fatalf("a light terminal gets a light theme: %+v", m.styles.Palette.Name)
	}
	m = update(m, press(tea.KeyF2, 0))
	if m.styles.Palette.Name == "light" {
		t.Fatal("f2 moves to another theme")
	}
	t.Setenv("NO_COLOR", "1")
	if m := New(threeRoutes()); m.styles.Palette.Name != "mono" {
		t.Fatalf("NO_COLOR picks mono, got %s", m.styles.Palette.Name)
	}
}

func TestReasoningCollapses(t *testing.T) {
	m := finished(t, threeRoutes(), 200, 50)
	requireContains(t, screen(m), "The user wants brevity.")
	m = update(m, press('t', tea.ModAlt), frameMsg{})
	plain := screen(m)
	if strings.Contains(plain, "The user wants brevity.") {
		t.Fatal("alt+t hides the focused pane's reasoning")
	}
	requireContains(t, plain, "reasoning hidden")
}

func TestPaneShowsKeepAlivesPhasesCutOffAndScrollPosition(t *testing.T) {
	m, _ := sent(t, threeRoutes(), 200, 50)
	hdr := ms(120)
	m = update(m, burst("or-gpt", 1, false,
		backend.Event{Kind: backend.EventPhase, Phase: backend.PhaseDNS, At: ms(3)},
		backend.Event{Kind: backend.EventHeaders, Status: 200, At: hdr},
		backend.Event{Kind: backend.EventKeepAlive, At: ms(200)},
		backend.Event{Kind: backend.EventKeepAlive, At: ms(280)}), frameMsg{})
	plain := screen(m)
	requireContains(t, plain, "(2 keep-alives so far)")
	requireContains(t, plain, "headers 120ms")
	requireContains(t, plain, "dns 3.0ms")

	long := strings.Repeat("line\n\n", 80)
	m = update(m, burst("openai", 2, true, text(50, long), done(60), backend.Event{}))
	m = update(m, burst("claude", 3, true, text(50, "short"), backend.Event{Kind: backend.EventDone, At: ms(70), Finish: "length"}), frameMsg{})
	requireContains(t, screen(m), "✓ cut off (max tokens)")
	m = update(m, press(tea.KeyTab, 0), press(tea.KeyPgUp, 0))
	requireContains(t, screen(m), "more")
}

func TestDuplicateRouteNamesGetTheirOwnPanes(t *testing.T) {
	routes := append(testRoutes()[:1], testRoutes()[0])
	m, _ := sent(t, Options{Routes: routes, Engine: &scripted{}}, 120, 40)
	m = update(m, burst(m.panes[1].Route().Name, 2, true, text(5, "second"), done(6)), frameMsg{})
	if m.panes[0].Last().Result().Text.Len() != 0 || m.panes[1].Last().Result().Text.String() != "second" {
		t.Fatal("each pane keeps its own stream")
	}
}
