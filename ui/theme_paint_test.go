package ui

import (
	"image/color"
	"testing"

	tea "charm.land/bubbletea/v2"
)

func TestALightThemeOnADarkTerminalPaintsItsOwnBackground(t *testing.T) {
	m := update(newTestModel(threeRoutes(), &fakeClock{now: t0}), tea.WindowSizeMsg{Width: 120, Height: 40},
		tea.BackgroundColorMsg{Color: color.Black})
	if v := m.View(); v.BackgroundColor != nil || v.ForegroundColor != nil {
		t.Fatal("the default theme on a dark terminal keeps the terminal's colours")
	}
	for m.styles.Palette.Name != "light" {
		m = update(m, press(tea.KeyF2, 0))
	}
	v := m.View()
	if v.BackgroundColor != m.styles.Palette.Background || v.ForegroundColor != m.styles.Palette.Text || v.BackgroundColor == nil {
		t.Fatalf("light on dark: background %v, text %v", v.BackgroundColor, v.ForegroundColor)
	}
	m = update(m, press(tea.KeyF2, 0)) // mono
	if v := m.View(); v.BackgroundColor != nil {
		t.Fatal("the next theme gives the terminal its colours back")
	}
	light := update(newTestModel(threeRoutes(), &fakeClock{now: t0}), tea.WindowSizeMsg{Width: 120, Height: 40},
		tea.BackgroundColorMsg{Color: color.White})
	if v := light.View(); v.BackgroundColor != nil {
		t.Fatal("a light theme on a light terminal uses the terminal's own background")
	}
}
