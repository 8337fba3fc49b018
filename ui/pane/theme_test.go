package pane

import (
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/themes"
)

// finishedPane is a pane in styles whose one turn has finished.
func finishedPane(styles *themes.Styles) Pane {
	p := New(testRoutes()[0], styles, "")
	p.SetSize(80, 20)
	p.Begin(1, func() {}, "a prompt", "", t0)
	p.Apply(1, []backend.Event{text(10, "An **answer**."), done(20)}, true)
	p.Refresh(0)
	return p
}

// Two dark themes share glamour's "dark" style; switching between them must
// still repaint a finished turn's prompt and state in the new colours.
func TestFinishedTurnTakesTheNewThemesColours(t *testing.T) {
	charm, nord := themes.New(themes.Charm(true)), themes.New(themes.Nord(true))
	if charm.Palette.Markdown != nord.Palette.Markdown {
		t.Fatalf("the test needs two themes with one Markdown style, got %q and %q",
			charm.Palette.Markdown, nord.Palette.Markdown)
	}
	p := finishedPane(charm)
	p.SetStyles(nord)
	p.Refresh(1)
	want := finishedPane(nord)
	got, exp := strings.Join(p.body.Visible(), "\n"), strings.Join(want.body.Visible(), "\n")
	if got != exp {
		t.Fatalf("after switching to nord:\n got %q\nwant %q", got, exp)
	}
}
