package routeeditor

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/demo/simulated"
	"github.com/routeplay/routeplay/themes"
)

type harness struct {
	t       *testing.T
	m       Model
	applied []backend.Route // routes sent to the root, in order
	out     []tea.Msg       // every other message for the root
}

func openRouterRoute(t *testing.T) backend.Route {
	t.Helper()
	rt, err := backend.NewRoute(backend.KindOpenRouter, "anthropic/claude-sonnet-4.5", "", "")
	if err != nil {
		t.Fatal(err)
	}
	rt.OpenRouter = &backend.OpenRouterOptions{Models: []string{"openai/gpt-4o"},
		Provider: map[string]any{"data_collection": "deny", "order": []any{"anthropic", "amazon-bedrock"}}}
	return rt
}

func newHarness(t *testing.T, rt backend.Route, w, h int) *harness {
	hs := &harness{t: t, m: New(themes.New(themes.Default(true)), rt, "Be brief.", true)}
	hs.m.SetSize(w, h)
	return hs
}

func (h *harness) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case ApplyMsg:
		h.applied = append(h.applied, msg.Route)
	case tea.BatchMsg:
		for _, c := range msg {
			h.run(c)
		}
	case nil:
	default:
		h.out = append(h.out, msg)
	}
}

func (h *harness) press(keys ...tea.KeyPressMsg) {
	for _, k := range keys {
		var cmd tea.Cmd
		h.m, cmd = h.m.Update(k)
		h.run(cmd)
	}
}

func (h *harness) typeText(s string) {
	for _, r := range s {
		h.press(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// to moves the selection to the setting with this label.
func (h *harness) to(label string) {
	h.t.Helper()
	h.press(tea.KeyPressMsg{Code: tea.KeyHome})
	for range h.m.settings {
		if h.m.selected().Label == label {
			return
		}
		h.press(down)
	}
	h.t.Fatalf("no setting %q", label)
}

func (h *harness) frame() string { return ansi.Strip(h.m.View()) }

func (h *harness) requireFrame(wants ...string) {
	h.t.Helper()
	f := h.frame()
	for _, w := range wants {
		if !strings.Contains(f, w) {
			h.t.Fatalf("frame lacks %q:\n%s", w, f)
		}
	}
}

var (
	enter = tea.KeyPressMsg{Code: tea.KeyEnter}
	down  = tea.KeyPressMsg{Code: tea.KeyDown}
	right = tea.KeyPressMsg{Code: tea.KeyRight}
	left  = tea.KeyPressMsg{Code: tea.KeyLeft}
	esc   = tea.KeyPressMsg{Code: tea.KeyEscape}
	del   = tea.KeyPressMsg{Code: tea.KeyDelete}
	ctrlS = tea.KeyPressMsg{Code: 's', Mod: tea.ModCtrl}
	altEn = tea.KeyPressMsg{Code: tea.KeyEnter, Mod: tea.ModAlt}
	undo  = tea.KeyPressMsg{Code: 'u', Text: "u"}
	bodyP = tea.KeyPressMsg{Code: 'p', Text: "p"}
)

func TestGolden(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		name := fmt.Sprintf("%dx%d", size[0], size[1])
		t.Run("Opened/"+name, func(t *testing.T) {
			h := newHarness(t, openRouterRoute(t), size[0], size[1])
			golden.RequireEqual(t, h.frame())
		})
		t.Run("TemperatureRejected/"+name, func(t *testing.T) {
			h := newHarness(t, openRouterRoute(t), size[0], size[1])
			h.to("temperature")
			h.press(enter)
			h.typeText("2.5")
			h.press(enter)
			golden.RequireEqual(t, h.frame())
		})
		t.Run("SortChosen/"+name, func(t *testing.T) {
			h := newHarness(t, openRouterRoute(t), size[0], size[1])
			h.to("sort")
			h.press(right, right)
			golden.RequireEqual(t, h.frame())
		})
		t.Run("AnthropicWarnings/"+name, func(t *testing.T) {
			rt, _ := backend.NewRoute(backend.KindAnthropic, "claude-sonnet-4-5", "", "")
			h := newHarness(t, rt, size[0], size[1])
			h.to("reasoning budget")
			h.press(enter)
			h.typeText("500")
			h.press(enter)
			golden.RequireEqual(t, h.frame())
		})
	}
}

func TestSettingAValueAppliesItToTheSession(t *testing.T) {
	h := newHarness(t, openRouterRoute(t), 120, 40)
	h.to("temperature")
	h.press(enter)
	h.typeText("0.3")
	h.press(enter)
	if len(h.applied) != 1 || *h.applied[0].Params.Temperature != 0.3 {
		t.Fatalf("applied %+v", h.applied)
	}
	h.requireFrame("temperature = 0.3 · applies from the next prompt", `"temperature": 0.3`)
	if h.m.editing {
		t.Error("still editing after a value was set")
	}
}

func TestARejectedValueKeepsWhatWasTyped(t *testing.T) {
	h := newHarness(t, openRouterRoute(t), 120, 40)
	h.to("max tokens")
	h.press(enter)
	h.typeText("12k")
	h.press(enter)
	if len(h.applied) != 0 || !h.m.editing || h.m.input.Value() != "12k" {
		t.Fatalf("applied %v, editing %v, input %q", h.applied, h.m.editing, h.m.input.Value())
	}
	h.requireFrame(`max tokens: "12k" is not a whole number`)
	h.press(esc)
	h.requireFrame("Left max tokens as it was")
	if h.m.editing || h.m.route.Params.MaxTokens != nil {
		t.Error("esc did not leave the value as it was")
	}
}

func TestChoicesCycleThroughNotSet(t *testing.T) {
	h := newHarness(t, openRouterRoute(t), 120, 40)
	h.to("sort")
	var seen []string
	for range 6 {
		h.press(right)
		seen = append(seen, h.m.selected().Value(h.m.route))
	}
	if got := strings.Join(seen, ","); got != "price,throughput,latency,exacto,,price" {
		t.Fatalf("right cycles %q", got)
	}
	h.press(left, left)
	if v := h.m.selected().Value(h.m.route); v != "exacto" {
		t.Fatalf("left went to %q", v)
	}
	h.to("allow fallbacks")
	h.press(enter, enter) // enter steps forward too: true, then false
	if got := h.m.route.OpenRouter.Provider["allow_fallbacks"]; got != false {
		t.Fatalf("allow_fallbacks = %#v, want the boolean false", got)
	}
}

func TestUnsetAndUndoAll(t *testing.T) {
	rt := openRouterRoute(t)
	h := newHarness(t, rt, 120, 40)
	h.to("data collection")
	h.press(del)
	h.to("fallback models")
	h.press(del)
	h.requireFrame("fallback models unset (none)")
	if _, ok := h.m.route.OpenRouter.Provider["data_collection"]; ok || h.m.route.OpenRouter.Models != nil {
		t.Fatalf("not unset: %+v", h.m.route.OpenRouter)
	}
	h.press(undo)
	got := h.applied[len(h.applied)-1]
	if config.DescribeOpenRouter(got.OpenRouter) != config.DescribeOpenRouter(rt.OpenRouter) {
		t.Fatalf("undo applied %q, want %q", config.DescribeOpenRouter(got.OpenRouter), config.DescribeOpenRouter(rt.OpenRouter))
	}
	h.requireFrame("back to how it was")
}

func TestSystemPromptSpansLines(t *testing.T) {
	h := newHarness(t, openRouterRoute(t), 120, 40)
	h.to("system prompt")
	h.press(enter)
	h.typeText("Answer in French.")
	h.press(altEn)
	h.typeText("Be brief.")
	h.requireFrame("(blank: the session's)", "Answer in French.", "alt+enter new line")
	h.press(enter)
	if got := *h.m.route.Params.System; got != "Answer in French.\nBe brief." {
		t.Fatalf("system = %q", got)
	}
	h.requireFrame("Answer in French. … (2 lines)", `"content": "Answer in French.\nBe brief."`)
}

func TestPasteGoesToTheFieldBeingEdited(t *testing.T) {
	h := newHarness(t, openRouterRoute(t), 120, 40)
	h.m, _ = h.m.Update(tea.PasteMsg{Content: "ignored"})
	h.to("ignore")
	h.press(enter)
	h.m, _ = h.m.Update(tea.PasteMsg{Content: "deepinfra, together"})
	h.press(enter)
	if got := h.m.selected().Value(h.m.route); got != "deepinfra, together" {
		t.Fatalf("ignore = %q", got)
	}
}

func TestSaving(t *testing.T) {
	h := newHarness(t, openRouterRoute(t), 120, 40)
	h.press(ctrlS, ctrlS) // a second press while saving does nothing
	if len(h.out) != 1 {
		t.Fatalf("messages %#v, want one SaveMsg", h.out)
	}
	if _, ok := h.out[0].(SaveMsg); !ok {
		t.Fatalf("got %#v", h.out[0])
	}
	h.m, _ = h.m.Update(SavedMsg{Count: 3, Path: "/home/me/.config/routeplay/config.toml"})
	h.requireFrame("Saved 3 routes to /home/me/.config/routeplay/config.toml")
	h.press(ctrlS)
	h.m, _ = h.m.Update(SavedMsg{Err: errors.New("permission denied")})
	h.requireFrame("Not saved: permission denied")

	demo := simulated.DemoRoutes()[0]
	d := newHarness(t, demo, 120, 40)
	d.press(ctrlS)
	if len(d.out) != 0 {
		t.Fatalf("a demo route asked to be saved: %#v", d.out)
	}
	d.requireFrame("Demo routes are not saved", "SIMULATED")
}

func TestBodyToggleOnANarrowScreen(t *testing.T) {
	h := newHarness(t, openRouterRoute(t), 80, 30)
	if strings.Contains(h.frame(), "Request body") {
		t.Fatal("a narrow screen shows the body beside the list")
	}
	h.press(bodyP)
	h.requireFrame("Request body", `"data_collection": "deny"`, "p/esc back to the settings")
	h.press(esc) // back to the list, not closed
	if len(h.out) != 0 || strings.Contains(h.frame(), "Request body") {
		t.Fatalf("esc in the body view: %#v\n%s", h.out, h.frame())
	}
	h.press(bodyP, bodyP, esc)
	if _, ok := h.out[len(h.out)-1].(CloseMsg); !ok {
		t.Fatalf("esc did not close: %#v", h.out)
	}
}

// On a wide screen the body sits beside the list, cut to its height; p
// shows all of it.
func TestWholeBodyOnAWideScreen(t *testing.T) {
	rt := openRouterRoute(t)
	rt.Params.Stop = []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l"}
	h := newHarness(t, rt, 120, 30)
	h.requireFrame("Request body", "more lines")
	h.press(bodyP)
	h.requireFrame("more lines (↓ scrolls)")
	if strings.Contains(h.frame(), "temperature  ") {
		t.Fatalf("p should show the body alone:\n%s", h.frame())
	}
	h.press(tea.KeyPressMsg{Code: tea.KeyEnd})
	h.requireFrame(`"l"`, `"include": true`)
	if strings.Contains(h.frame(), "more lines") {
		t.Fatalf("the end of the body still says more:\n%s", h.frame())
	}
	h.press(tea.KeyPressMsg{Code: tea.KeyHome})
	h.requireFrame(`"model": "anthropic/claude-sonnet-4.5"`)
}

// A config value is the user's own, but a pasted escape sequence must
// still never reach the terminal.
func TestControlSequencesInValuesAreNotShown(t *testing.T) {
	rt := openRouterRoute(t)
	sys := "hi\x1b]52;c;aGk=\x07\x1b[2Jthere"
	rt.Params.System = &sys
	rt.Params.Stop = []string{"\x1b[31m"}
	h := newHarness(t, rt, 120, 40)
	h.press(bodyP, bodyP)
	for _, frame := range []string{h.m.View()} {
		if strings.Contains(frame, "\x1b]52") || strings.Contains(frame, "\x1b[2J") || strings.Contains(frame, "\x07") {
			t.Fatalf("a control sequence reached the frame: %q", frame)
		}
	}
}

func TestTooSmall(t *testing.T) {
	h := newHarness(t, openRouterRoute(t), 20, 5)
	h.requireFrame("too small")
	if ansi.StringWidth(h.m.View()) > 20 {
		t.Fatalf("the message overflows: %q", h.m.View())
	}
}

// On a short screen every setting can still be reached and the list says
// how many are out of view.
func TestScrollKeepsTheSelectionClearOfTheMarks(t *testing.T) {
	h := newHarness(t, openRouterRoute(t), 80, 20)
	h.requireFrame("↓ ")
	for i := range h.m.settings {
		label := h.m.settings[i].Label
		if !strings.Contains(h.frame(), "› "+label) {
			t.Fatalf("selected %q is not on screen:\n%s", label, h.frame())
		}
		h.press(down)
	}
	h.requireFrame("↑ ", "› max completion price")
	if strings.Contains(h.frame(), "↓ ") {
		t.Fatalf("the end of the list still says more is below:\n%s", h.frame())
	}
}
