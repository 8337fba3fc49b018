package themes

import (
	"testing"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

func TestGetKnowsEveryName(t *testing.T) {
	for _, name := range Names() {
		for _, dark := range []bool{true, false} {
			p, ok := Get(name, dark)
			if !ok || p.Name != name {
				t.Fatalf("Get(%q, %v) = %q, %v", name, dark, p.Name, ok)
			}
			if p.Markdown == "" {
				t.Fatalf("%s has no markdown style", name)
			}
			for _, class := range []string{BadgeOpenRouter, BadgeOpenAI, BadgeAnthropic, BadgeGemini, BadgeOther, BadgeDemo} {
				if p.Badge(class) == nil {
					t.Fatalf("%s has no %s badge colour", name, class)
				}
			}
		}
	}
}

func TestGetFallsBackOnUnknownOrEmpty(t *testing.T) {
	if p, ok := Get("", true); !ok || p.Name != "charm" {
		t.Fatalf("auto dark = %q", p.Name)
	}
	if p, ok := Get("", false); !ok || p.Name != "light" || p.Dark {
		t.Fatalf("auto light = %q", p.Name)
	}
	if p, ok := Get("solarized-neon", true); ok || p.Name != "charm" {
		t.Fatalf("unknown = %q, %v", p.Name, ok)
	}
	if p, _ := Get(" Nord ", true); p.Name != "nord" {
		t.Fatalf("names are trimmed and case-insensitive, got %q", p.Name)
	}
}

func TestNextCyclesThroughAll(t *testing.T) {
	seen := map[string]bool{}
	name := "charm"
	for range Names() {
		seen[name] = true
		name = Next(name)
	}
	if name != "charm" || len(seen) != len(Names()) {
		t.Fatalf("cycle ended at %q after visiting %v", name, seen)
	}
	if Next("no-such") != "charm" {
		t.Fatal("an unknown name restarts the cycle")
	}
}

func TestMonoEmitsNoColour(t *testing.T) {
	s := New(Mono(true))
	if s.Palette.Markdown != "ascii" {
		t.Fatalf("mono markdown style = %q", s.Palette.Markdown)
	}
	for _, st := range []lipgloss.Style{s.Title, s.Badge(BadgeOpenAI), s.Failed, s.Streaming, s.PaneFocus, s.Banner} {
		out := st.Render("x")
		if hasColourSGR(out) {
			t.Fatalf("mono style emitted colour: %q", out)
		}
	}
}

func TestColourThemesDifferByBackground(t *testing.T) {
	dark, light := New(Charm(true)), New(Charm(false))
	if dark.Text.Render("x") == light.Text.Render("x") {
		t.Fatal("charm text looks the same on dark and light")
	}
	if ansi.Strip(dark.Text.Render("x")) != "x" {
		t.Fatal("styles must not add visible characters")
	}
}

// hasColourSGR reports a 38/48 (foreground/background colour) SGR parameter.
func hasColourSGR(s string) bool {
	for i := 0; i+3 < len(s); i++ {
		if s[i] == 0x1b && s[i+1] == '[' {
			j := i + 2
			for j < len(s) && s[j] != 'm' {
				if (s[j] == '3' || s[j] == '4') && j+1 < len(s) && s[j+1] == '8' {
					return true
				}
				j++
			}
		}
	}
	return false
}
