package compare

import (
	"image/color"

	"charm.land/lipgloss/v2"

	"github.com/routeplay/routeplay/themes"
)

// styles are the compare view's styles, built once per theme from the
// palette's semantic tokens so View never builds one.
type styles struct {
	title, section, label, value, hint lipgloss.Style
	best, worse, better, failed, tab   lipgloss.Style
	tabOn, bar, barBest                lipgloss.Style
	phase                              [phaseCount]lipgloss.Style
}

func newStyles(t *themes.Styles) styles {
	p := t.Palette
	fg := func(c color.Color) lipgloss.Style { return lipgloss.NewStyle().Foreground(c) }
	s := styles{
		title: fg(p.Accent).Bold(true), section: fg(p.Text).Bold(true).Underline(true),
		label: fg(p.Muted), value: fg(p.Text), hint: fg(p.Muted).Italic(true),
		best: fg(p.Success).Bold(true), better: fg(p.Success), worse: fg(p.Warning),
		failed: fg(p.Error).Bold(true), tab: fg(p.Muted), tabOn: fg(p.Accent).Bold(true).Reverse(true),
		bar: fg(p.Muted), barBest: fg(p.Success).Bold(true),
	}
	s.phase[phaseDNS] = fg(p.Muted).Faint(true)
	s.phase[phaseConnect] = fg(p.Muted)
	s.phase[phaseTLS] = fg(p.Border)
	s.phase[phaseWaitHeaders] = fg(p.Muted)
	s.phase[phaseWaitToken] = fg(p.Warning)
	s.phase[phaseUpstream] = fg(p.Accent)
	s.phase[phaseStream] = fg(p.Success)
	return s
}
