// Package themes turns colour palettes into the Lip Gloss styles routeplay
// draws with. Every colour literal of the application lives here.
package themes

import (
	"image/color"
	"slices"
	"strings"

	"charm.land/lipgloss/v2"
)

// Badge classes: the provider families that get their own badge colour.
const (
	BadgeOpenRouter = "openrouter"
	BadgeOpenAI     = "openai"
	BadgeAnthropic  = "anthropic"
	BadgeGemini     = "gemini"
	BadgeOther      = "other"
	BadgeDemo       = "demo"
)

// Palette holds semantic colour tokens, never raw purposes like "pink".
// A nil colour means "the terminal's default".
type Palette struct {
	Name        string
	Dark        bool
	Background  color.Color
	Text        color.Color
	Muted       color.Color
	Accent      color.Color
	Border      color.Color
	BorderFocus color.Color
	Success     color.Color
	Warning     color.Color
	Error       color.Color
	// Badges maps a badge class (BadgeOpenAI, ...) to its colour.
	Badges map[string]color.Color
	// Markdown is the glamour style name for rendered answers.
	Markdown string
	// Mono palettes use no colour at all, only bold, faint and reverse.
	Mono bool
}

// Badge returns the colour of a badge class, falling back to BadgeOther.
func (p Palette) Badge(class string) color.Color {
	if c, ok := p.Badges[class]; ok {
		return c
	}
	return p.Badges[BadgeOther]
}

var builtins = map[string]func(isDark bool) Palette{
	"charm": Charm,
	"nord":  Nord,
	"light": Light,
	"mono":  Mono,
}

// Names lists the built-in themes in the order the cycle key visits them.
func Names() []string { return []string{"charm", "nord", "light", "mono"} }

// Get returns the named palette for the terminal's background. An empty
// name picks the default for that background; ok is false for an unknown
// name, which also falls back to the default.
func Get(name string, isDark bool) (Palette, bool) {
	name = strings.ToLower(strings.TrimSpace(name))
	if name == "" {
		return Default(isDark), true
	}
	build, ok := builtins[name]
	if !ok {
		return Default(isDark), false
	}
	return build(isDark), true
}

// Default is the automatic choice: charm on dark terminals, light on light ones.
func Default(isDark bool) Palette {
	if isDark {
		return Charm(true)
	}
	return Light(false)
}

// Next returns the theme after name in Names(), wrapping around.
func Next(name string) string {
	names := Names()
	i := slices.Index(names, name)
	return names[(i+1)%len(names)]
}

// Charm is the default theme: purple accents on dark, readable on light.
func Charm(isDark bool) Palette {
	ld := lipgloss.LightDark(isDark)
	return Palette{
		Name:        "charm",
		Dark:        isDark,
		Background:  ld(lipgloss.Color("#FAFAFA"), lipgloss.Color("#1A1A2E")),
		Text:        ld(lipgloss.Color("#2A2A3A"), lipgloss.Color("#E8E6F0")),
		Muted:       ld(lipgloss.Color("#8A8798"), lipgloss.Color("#7D7A8C")),
		Accent:      ld(lipgloss.Color("#6B50FF"), lipgloss.Color("#A78BFA")),
		Border:      ld(lipgloss.Color("#D0CDE0"), lipgloss.Color("#3F3B55")),
		BorderFocus: ld(lipgloss.Color("#6B50FF"), lipgloss.Color("#B794F6")),
		Success:     ld(lipgloss.Color("#0F9D58"), lipgloss.Color("#5AF78E")),
		Warning:     ld(lipgloss.Color("#B7791F"), lipgloss.Color("#F3C969")),
		Error:       ld(lipgloss.Color("#D0312D"), lipgloss.Color("#FF6B81")),
		Badges: map[string]color.Color{
			BadgeOpenRouter: ld(lipgloss.Color("#5B4BDB"), lipgloss.Color("#8B7CF6")),
			BadgeOpenAI:     ld(lipgloss.Color("#10806A"), lipgloss.Color("#3DD6B5")),
			BadgeAnthropic:  ld(lipgloss.Color("#B8582E"), lipgloss.Color("#E8926A")),
			BadgeGemini:     ld(lipgloss.Color("#2F6FD6"), lipgloss.Color("#6FA8FF")),
			BadgeOther:      ld(lipgloss.Color("#6E6A80"), lipgloss.Color("#A9A5BA")),
			BadgeDemo:       ld(lipgloss.Color("#B7791F"), lipgloss.Color("#F3C969")),
		},
		Markdown: markdownStyle(isDark),
	}
}

// Nord is a cool, low-contrast theme after the Nord palette.
func Nord(isDark bool) Palette {
	ld := lipgloss.LightDark(isDark)
	return Palette{
		Name:        "nord",
		Dark:        isDark,
		Background:  ld(lipgloss.Color("#ECEFF4"), lipgloss.Color("#2E3440")),
		Text:        ld(lipgloss.Color("#2E3440"), lipgloss.Color("#D8DEE9")),
		Muted:       ld(lipgloss.Color("#7B8394"), lipgloss.Color("#7B88A1")),
		Accent:      ld(lipgloss.Color("#5E81AC"), lipgloss.Color("#88C0D0")),
		Border:      ld(lipgloss.Color("#C8CFDB"), lipgloss.Color("#434C5E")),
		BorderFocus: ld(lipgloss.Color("#5E81AC"), lipgloss.Color("#88C0D0")),
		Success:     ld(lipgloss.Color("#4C7A34"), lipgloss.Color("#A3BE8C")),
		Warning:     ld(lipgloss.Color("#9A6B12"), lipgloss.Color("#EBCB8B")),
		Error:       ld(lipgloss.Color("#A8323E"), lipgloss.Color("#BF616A")),
		Badges: map[string]color.Color{
			BadgeOpenRouter: ld(lipgloss.Color("#6B5B95"), lipgloss.Color("#B48EAD")),
			BadgeOpenAI:     ld(lipgloss.Color("#3B7A6E"), lipgloss.Color("#8FBCBB")),
			BadgeAnthropic:  ld(lipgloss.Color("#A0522D"), lipgloss.Color("#D08770")),
			BadgeGemini:     ld(lipgloss.Color("#3B6EA8"), lipgloss.Color("#81A1C1")),
			BadgeOther:      ld(lipgloss.Color("#6A7283"), lipgloss.Color("#A5ADBB")),
			BadgeDemo:       ld(lipgloss.Color("#9A6B12"), lipgloss.Color("#EBCB8B")),
		},
		Markdown: markdownStyle(isDark),
	}
}

// Light is for light terminals whatever they report.
func Light(bool) Palette {
	p := Charm(false)
	p.Name = "light"
	return p
}

// Mono uses no colour (NO_COLOR, or by choice): structure comes from bold,
// faint and reverse only, and answers use glamour's colourless style.
func Mono(isDark bool) Palette {
	none := lipgloss.NoColor{}
	badges := map[string]color.Color{}
	for _, c := range []string{BadgeOpenRouter, BadgeOpenAI, BadgeAnthropic, BadgeGemini, BadgeOther, BadgeDemo} {
		badges[c] = none
	}
	return Palette{
		Name: "mono", Dark: isDark, Mono: true,
		Background: none, Text: none, Muted: none, Accent: none, Border: none,
		BorderFocus: none, Success: none, Warning: none, Error: none,
		Badges: badges, Markdown: "ascii",
	}
}

func markdownStyle(isDark bool) string {
	if isDark {
		return "dark"
	}
	return "light"
}
