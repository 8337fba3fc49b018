package compare

import (
	"fmt"
	"math"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/ui/cells"
)

// Scoreboard geometry.
const (
	maxNameW = 18 // route names are cut beyond this
	maxBarW  = 24 // bars stop growing beyond this
)

// eighths are the partial blocks that give a bar sub-cell precision.
var eighths = []rune{' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'}

// bar draws value on a scale where full fills width cells. A positive
// value always shows at least a sliver, so it never reads as zero.
func bar(value, full float64, width int) string {
	if width <= 0 {
		return ""
	}
	if !(full > 0) || !(value > 0) {
		return strings.Repeat(" ", width)
	}
	units := int(math.Round(min(value/full, 1) * float64(width*8)))
	units = max(units, 1)
	b := strings.Repeat("█", units/8)
	if rest := units % 8; rest > 0 {
		b += string(eighths[rest])
	}
	return b + strings.Repeat(" ", width-(units+7)/8)
}

// scoreLayout sizes the scoreboard's columns for a width.
type scoreLayout struct {
	nameW int
	valW  [metricCount]int
	barW  int
}

func layoutScore(rows []routeRow, width int) scoreLayout {
	var l scoreLayout
	for _, r := range rows {
		l.nameW = max(l.nameW, ansi.StringWidth(r.name))
		for m := range metricCount {
			if r.has[m] {
				l.valW[m] = max(l.valW[m], ansi.StringWidth(r.figureText(m)))
			}
		}
	}
	l.nameW = min(max(l.nameW, 5), maxNameW, max(5, width/5))
	fixed := l.nameW
	for m := range metricCount {
		l.valW[m] = max(l.valW[m], 1)
		fixed += 2 + l.valW[m] // a gap before the bar and one before the value
	}
	l.barW = min(maxBarW, max(0, (width-fixed)/metricCount))
	// Headers need room too: widen the value column when the bar is small.
	for m := range metricCount {
		if w := len(metricSpecs[m].header); l.barW+1+l.valW[m] < w && fixed+metricCount*l.barW+w-l.barW-1-l.valW[m] <= width {
			fixed += w - l.barW - 1 - l.valW[m]
			l.valW[m] = w - l.barW - 1
		}
	}
	return l
}

// scoreboard draws one row per route with a bar per metric on a scale
// shared by the column; the best of a ranked column is highlighted. A
// second, muted line names the upstream, the gateway fee and any fallback.
func (m Model) scoreboard(rows []routeRow) []string {
	s := m.styles
	l := layoutScore(rows, m.width)
	var head strings.Builder
	head.WriteString(strings.Repeat(" ", l.nameW))
	for mt := range metricCount {
		head.WriteString(" " + cells.Pad(metricSpecs[mt].header, l.barW+1+l.valW[mt]))
	}
	lines := []string{s.label.Render(cells.Fit(strings.TrimRight(head.String(), " "), m.width))}
	var best [metricCount]int
	var full [metricCount]float64
	for mt := range metricCount {
		best[mt], full[mt] = bestOf(rows, mt), maxOf(rows, mt)
	}
	for _, r := range rows {
		var b strings.Builder
		b.WriteString(s.value.Render(cells.Pad(r.name, l.nameW)))
		if r.failed != "" && r.runs == r.failures {
			b.WriteString(" " + s.failed.Render("failed: "+r.failed))
			lines = append(lines, cells.Pad(b.String(), m.width))
			continue
		}
		if len(r.notSent) > 0 && r.sent() == 0 {
			b.WriteString(" " + s.label.Render(backend.NotSentText(r.notSent)))
			lines = append(lines, cells.Pad(b.String(), m.width))
			continue
		}
		for mt := range metricCount {
			barStyle, valStyle := s.bar, s.value
			if b := best[mt]; b >= 0 && r.has[mt] && r.values[mt] == rows[b].values[mt] { // ties share the win
				barStyle, valStyle = s.barBest, s.best
			}
			val := "–"
			if r.has[mt] {
				val = r.figureText(mt)
			}
			b.WriteString(" " + barStyle.Render(bar(r.values[mt], full[mt], l.barW)) + " " +
				valStyle.Render(fmt.Sprintf("%*s", l.valW[mt], val)))
		}
		lines = append(lines, cells.Pad(b.String(), m.width))
		if note := rowNote(r); note != "" {
			lines = append(lines, s.label.Render(cells.Fit(strings.Repeat(" ", l.nameW+1)+note, m.width)))
		}
	}
	return append(lines, s.hint.Render(cells.Fit("best of each column in bold; cost includes the gateway's fee where one applies", m.width)))
}

// rowNote is a row's second line: who served it, the fee in its cost,
// any fallback and how many runs failed.
func rowNote(r routeRow) string {
	var parts []string
	if r.servedBy != "" {
		parts = append(parts, "via "+r.servedBy)
	}
	if r.hasFee {
		parts = append(parts, fmt.Sprintf("tokens %s + fee %s (%s)", figure.USD(r.fee.TokenUSD), figure.USD(r.fee.FeeUSD), figure.Percent(r.fee.FeePercent)))
	}
	if r.fallback != "" {
		parts = append(parts, r.fallback)
	}
	if r.estimated {
		parts = append(parts, "tokens estimated")
	}
	if r.failures > 0 && r.sent() > 1 {
		parts = append(parts, fmt.Sprintf("%d of %s failed", r.failures, figure.Count(r.sent(), "run")))
	}
	if ns := backend.NotSentText(r.notSent); ns != "" && r.sent() > 0 {
		parts = append(parts, ns)
	}
	return strings.Join(parts, " · ")
}
