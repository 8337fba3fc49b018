package pane

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/routeplay/routeplay/backend/safetext"
)

// FindLines renders the whole body once and returns its lines as plain
// text, for a search; the lines outside the window are dropped again.
func (p *Pane) FindLines() []string {
	if p.content == nil {
		return nil
	}
	for range 8 {
		if _, changed := p.content.ensure(0, p.content.Len()); !changed {
			break
		}
	}
	p.body.Fit()
	lines := p.content.Lines(nil, 0, p.content.Len())
	for i, l := range lines {
		lines[i] = ansi.Strip(l)
	}
	p.showWindow(false)
	return lines
}

// ScrollToLine puts line a third of the way down the window.
func (p *Pane) ScrollToLine(line int) {
	p.body.GotoTop()
	p.body.Scroll(max(0, line-p.body.Height()/3))
	p.showWindow(false)
}

// Answer is the latest answer's text as shown (keys masked, control
// sequences removed), for copying or opening elsewhere.
func (p *Pane) Answer() string {
	for i := len(p.turns) - 1; i >= 0; i-- {
		if t := p.turns[i]; t.res != nil && t.res.Text.Len() > 0 {
			return safetext.Sanitize(p.shown(t.res.Text.String(), false))
		}
	}
	return ""
}

var findMark = lipgloss.NewStyle().Reverse(true)

// markMatches shows every match of query in lines reversed. A line with a
// match loses its other colours: the match is what the reader looks for.
func markMatches(lines []string, query string) []string {
	if query == "" {
		return lines
	}
	q := strings.ToLower(query)
	out := make([]string, len(lines))
	for i, line := range lines {
		plain := ansi.Strip(line)
		lower := strings.ToLower(plain)
		if len(lower) != len(plain) || !strings.Contains(lower, q) {
			out[i] = line
			continue
		}
		var b strings.Builder
		for {
			j := strings.Index(lower, q)
			if j < 0 {
				b.WriteString(plain)
				break
			}
			b.WriteString(plain[:j])
			b.WriteString(findMark.Render(plain[j : j+len(q)]))
			plain, lower = plain[j+len(q):], lower[j+len(q):]
		}
		out[i] = b.String()
	}
	return out
}
