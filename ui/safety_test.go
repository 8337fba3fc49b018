package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/ui/pane"
)

// hostile is model output trying to write the clipboard (OSC 52), clear the
// screen (CSI 2 J), plant a hyperlink (OSC 8), ring the bell and set the
// window title, split across deltas the way a stream may cut it.
var hostile = []string{
	"safe start \x1b]52;c;cm0gLXJmIH4=\x07",
	"\x1b[2J\x1b[H cleared? ",
	"\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\ ",
	"bell\x07 \x1b]0;pwned",
	"\x07 title\x1b[31m red \x1b[0m",
	"\x1b]52;c;", "c3BsaXQ=\x07 end", // an OSC split across two deltas
}

func TestEscapeSequencesNeverReachTheScreen(t *testing.T) {
	for _, theme := range []string{"charm", "mono"} {
		t.Run(theme, func(t *testing.T) {
			opts := threeRoutes()
			opts.Theme = theme
			m, clock := sent(t, opts, 120, 40)
			var answer, thinking []backend.Event
			for i, s := range hostile {
				answer = append(answer, text(100+i, s))
				thinking = append(thinking, reasoning(50+i, s))
			}
			m = update(m, burst("or-gpt", 1, false, append(thinking, answer...)...))
			m = update(m, burst("openai", 2, true, failure(90, backend.ErrBadRequest, 400, "bad \x1b]52;c;eA==\x07model\x1b[2J")))
			evil := backend.Route{Name: "evil\x1b]0;x\x07", Kind: "groq\x1b[2J", Model: "m\x07"}
			m.panes[2] = pane.New(evil, m.styles, "hint\x1b]8;;x\x1b\\")
			m.index[evil.Name] = 2
			m.layout()
			m = frames(m, clock, 2, 40)
			assertNoHostileBytes(t, m.View().Content)
			m = update(m, burst("or-gpt", 1, true, done(500)), frameMsg{})
			assertNoHostileBytes(t, m.View().Content)
			requireContains(t, screen(m), "safe start")
			requireContains(t, screen(m), "end")
		})
	}
}

func TestPastedEscapesAreNotShownInPanes(t *testing.T) {
	m, _ := sent(t, threeRoutes(), 120, 40)
	m = update(m, burst("or-gpt", 1, true, done(10)), burst("openai", 2, true, done(10)), burst("claude", 3, true, done(10)))
	m = update(m, tea.PasteMsg{Content: "look \x1b]52;c;eA==\x07here"})
	assertNoHostileBytes(t, m.View().Content) // in the prompt box
	m = update(m, enter(), frameMsg{})
	assertNoHostileBytes(t, m.View().Content) // in every pane's prompt line
}

// assertNoHostileBytes checks the frame for anything but SGR styling: no
// OSC, no CSI other than "m", no BEL and no other C0 control.
func assertNoHostileBytes(t *testing.T, frame string) {
	t.Helper()
	for i := 0; i < len(frame); i++ {
		c := frame[i]
		switch {
		case c == 0x1b:
			if i+1 >= len(frame) || frame[i+1] != '[' {
				t.Fatalf("non-CSI escape at %d: %q", i, around(frame, i))
			}
			j := i + 2
			for j < len(frame) && (frame[j] >= '0' && frame[j] <= '9' || frame[j] == ';' || frame[j] == ':') {
				j++
			}
			if j >= len(frame) || frame[j] != 'm' {
				t.Fatalf("control sequence other than SGR at %d: %q", i, around(frame, i))
			}
			i = j
		case c == 0x07 || c < 0x20 && c != '\n':
			t.Fatalf("control byte %#x at %d: %q", c, i, around(frame, i))
		}
	}
	if strings.Contains(frame, "evil.example") || strings.Contains(frame, "cm0gLXJmIH4") {
		t.Fatal("the payload of a removed sequence leaked")
	}
}

func around(s string, i int) string {
	return s[max(0, i-20):min(len(s), i+20)]
}
