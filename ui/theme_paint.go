package ui

import tea "charm.land/bubbletea/v2"

// paintTheme sets the terminal's own background and text colours when the
// theme was made for the other kind of background (light chosen on a dark
// terminal): the styles colour text, not the cells between it, so without this
// dark text lands on a dark background. Bubble Tea restores the terminal's
// colours when the theme matches again or the program ends.
func (m Model) paintTheme(v *tea.View) {
	p := m.styles.Palette
	if p.Mono || p.Dark == m.isDark {
		return
	}
	v.BackgroundColor, v.ForegroundColor = p.Background, p.Text
}
