package ui

import (
	"fmt"
	"image/color"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/routeplay/routeplay/backend"
)

// Golden frames: each scenario is built by sending a window size and a
// scripted list of messages through Update on a fake clock, then the frame's
// text is compared with testdata/TestGolden/<Scenario>/<size>.golden.
// Regenerate with: go test ./ui -run TestGolden -update

var goldenSizes = []struct{ w, h int }{{80, 24}, {120, 40}, {200, 50}}

const question = "Explain TCP slow start in two sentences."

var (
	orCost    = 0.000042
	orAnswer  = "TCP **slow start** begins with a small congestion window and doubles it every round trip.\n\n"
	orAnswer2 = "It stops growing exponentially once it reaches the *slow-start threshold* or sees loss.\n"
	oaAnswer  = "Slow start probes the network's capacity:\n\n- start with `cwnd = 10` segments\n- double `cwnd` each RTT\n- switch to congestion avoidance at `ssthresh`\n"
	clAnswer  = "Slow start ramps a new connection's sending rate quickly but safely."
)

// sent types the question and presses enter on a sized model.
func sent(t *testing.T, opts Options, w, h int) (Model, *fakeClock) {
	t.Helper()
	clock := &fakeClock{now: t0}
	m := newTestModel(opts, clock)
	m = update(m, tea.WindowSizeMsg{Width: w, Height: h}, frameMsg{})
	m = typeText(m, question)
	m = update(m, enter())
	return m, clock
}

// frames moves the clock and lets n frame ticks pass.
func frames(m Model, clock *fakeClock, n int, step int) Model {
	for range n {
		clock.Advance(ms(step))
		m = update(m, frameMsg{})
	}
	return m
}

func threeRoutes() Options { return Options{Routes: testRoutes(), Engine: &scripted{}} }

// streamingMidway: OpenRouter is streaming after reasoning, OpenAI has its
// first lines, Anthropic has not answered yet.
func streamingMidway(t *testing.T, opts Options, w, h int) Model {
	m, clock := sent(t, opts, w, h)
	m = update(m,
		burst("or-gpt", 1, false, started(), served(95, "Azure", ""), reasoning(120, "The user wants brevity. "),
			reasoning(180, "Two sentences on cwnd growth."), text(412, orAnswer)),
		burst("openai", 2, false, started(), text(280, "Slow start probes the network's capacity:\n\n"), text(330, "- start with `cwnd = 10` segments\n")),
	)
	return frames(m, clock, 20, 60) // 1.2 s later
}

func finished(t *testing.T, opts Options, w, h int) Model {
	m, clock := sent(t, opts, w, h)
	m = update(m,
		burst("or-gpt", 1, true, started(), served(95, "Azure", ""), reasoning(120, "The user wants brevity."),
			text(412, orAnswer), text(655, orAnswer2), usage(700, 24, 46, &orCost), done(702)),
		burst("openai", 2, true, started(), text(280, oaAnswer[:40]), text(530, oaAnswer[40:]), usage(540, 22, 41, nil), done(541)),
		burst("claude", 3, true, started(), text(610, clAnswer), done(890)),
	)
	return frames(m, clock, 3, 400)
}

func oneFailed(t *testing.T, opts Options, w, h int) Model {
	m, clock := sent(t, opts, w, h)
	m = update(m,
		burst("or-gpt", 1, true, started(), text(412, orAnswer), usage(700, 24, 20, &orCost), done(702)),
		burst("openai", 2, true, started(), failure(180, backend.ErrRateLimited, 429,
			"Rate limit reached for gpt-4o-mini in organization org-*** on requests per min (RPM): Limit 3, Used 3.")),
		burst("claude", 3, true, started(), text(610, clAnswer), done(890)),
	)
	return frames(m, clock, 3, 400)
}

func TestGolden(t *testing.T) {
	t.Parallel()
	scenarios := []struct {
		name  string
		build func(t *testing.T, w, h int) Model
		check func(t *testing.T, frame string) // colour checks on the raw frame
	}{
		{"EmptyStart", func(t *testing.T, w, h int) Model {
			m := newTestModel(Options{Routes: demoRoutes(), Engine: &scripted{}, Demo: true}, &fakeClock{now: t0})
			return update(m, tea.WindowSizeMsg{Width: w, Height: h}, frameMsg{})
		}, nil},
		{"StreamingMidway", func(t *testing.T, w, h int) Model { return streamingMidway(t, threeRoutes(), w, h) }, nil},
		{"Finished", func(t *testing.T, w, h int) Model { return finished(t, threeRoutes(), w, h) }, nil},
		{"OneRouteFailed", func(t *testing.T, w, h int) Model { return oneFailed(t, threeRoutes(), w, h) }, nil},
		{"Zoomed", func(t *testing.T, w, h int) Model {
			m := finished(t, threeRoutes(), w, h)
			return update(m, tea.KeyPressMsg{Code: tea.KeyTab}, tea.KeyPressMsg{Code: 'o', Mod: tea.ModCtrl}, frameMsg{})
		}, nil},
		{"HelpOpen", func(t *testing.T, w, h int) Model {
			return update(finished(t, threeRoutes(), w, h), tea.KeyPressMsg{Code: tea.KeyF1})
		}, nil},
		{"LightTheme", func(t *testing.T, w, h int) Model {
			m := finished(t, threeRoutes(), w, h)
			return update(m, tea.BackgroundColorMsg{Color: color.White}, frameMsg{})
		}, requireLightColours},
		{"NoColour", func(t *testing.T, w, h int) Model {
			opts := threeRoutes()
			opts.Theme = "mono"
			return oneFailed(t, opts, w, h)
		}, requireNoColour},
	}
	for _, sc := range scenarios {
		for _, size := range goldenSizes {
			t.Run(fmt.Sprintf("%s/%dx%d", sc.name, size.w, size.h), func(t *testing.T) {
				m := sc.build(t, size.w, size.h)
				if sc.check != nil {
					sc.check(t, m.View().Content)
				}
				checkFrame(t, screen(m), size.w, size.h)
				golden.RequireEqual(t, screen(m))
			})
		}
	}
}

// Truecolor SGR parameters of the charm theme's focus border, light and dark.
const (
	lightFocusSGR = "38;2;107;80;255"
	darkFocusSGR  = "38;2;183;148;246"
)

func requireLightColours(t *testing.T, frame string) {
	t.Helper()
	if !strings.Contains(frame, lightFocusSGR) || strings.Contains(frame, darkFocusSGR) {
		t.Fatal("a light terminal should get the light palette")
	}
}

func requireNoColour(t *testing.T, frame string) {
	t.Helper()
	for _, seq := range strings.Split(frame, "\x1b[")[1:] {
		params, _, _ := strings.Cut(seq, "m")
		for _, p := range strings.Split(params, ";") {
			if p == "38" || p == "48" || len(p) == 2 && (p[0] == '3' || p[0] == '4') && p[1] != '8' {
				t.Fatalf("colour SGR %q in the mono theme", params)
			}
		}
	}
}

// checkFrame asserts the frame fills the terminal exactly: no line wider
// than the screen and no more lines than it has rows.
func checkFrame(t *testing.T, plain string, w, h int) {
	t.Helper()
	lines := strings.Split(plain, "\n")
	if len(lines) > h {
		t.Errorf("frame has %d lines for %d rows", len(lines), h)
	}
	for i, line := range lines {
		if n := len([]rune(line)); n > w {
			t.Errorf("line %d is %d cells wide (screen %d): %q", i, n, w, line)
		}
	}
}
