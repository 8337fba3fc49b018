package compare

import (
	"fmt"
	"math"
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/backend/safetext"
	"github.com/routeplay/routeplay/ui/cells"
)

// sparkBlocks are the eight levels of a sparkline, lowest first.
var sparkBlocks = []rune("▁▂▃▄▅▆▇█")

// sparkline draws one block per value on the scale lo..hi; a NaN (a turn
// the route failed or sat out) is a gap. With no spread every value sits
// mid-height, so a flat line does not read as "worst" or "best".
func sparkline(values []float64, lo, hi float64) string {
	var b strings.Builder
	for _, v := range values {
		switch {
		case math.IsNaN(v):
			b.WriteRune(' ')
		case !(hi > lo):
			b.WriteRune(sparkBlocks[len(sparkBlocks)/2-1])
		default:
			level := int(math.Round((v - lo) / (hi - lo) * float64(len(sparkBlocks)-1)))
			b.WriteRune(sparkBlocks[min(max(level, 0), len(sparkBlocks)-1)])
		}
	}
	return b.String()
}

// series is one route's per-turn figures, NaN where it has none.
type series struct {
	name       string
	firstToken []float64
	tps        []float64
}

// seriesOf collects each route's first token and tokens/s per turn, for the
// last n turns.
func seriesOf(turns []turnRecord, n int) []series {
	turns = turns[max(0, len(turns)-n):]
	var out []series
	index := map[string]int{}
	for ti, t := range turns {
		for _, r := range t.results {
			name := safetext.Sanitize(r.Route.Name)
			i, ok := index[name]
			if !ok {
				i = len(out)
				index[name] = i
				out = append(out, series{name: name, firstToken: nanSlice(len(turns)), tps: nanSlice(len(turns))})
			}
			if r.Err != nil {
				continue
			}
			if ft := msOf(r.Timing.FirstToken); ft != nil {
				out[i].firstToken[ti] = *ft
			}
			if tps, ok := r.TokensPerSecond(); ok {
				out[i].tps[ti] = tps
			}
		}
	}
	return out
}

func nanSlice(n int) []float64 {
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = math.NaN()
	}
	return xs
}

// history draws, per route, a sparkline of first-token time and one of
// tokens/s across turns, each on a scale shared by every route, with the
// latest figure beside it.
func (m Model) history() []string {
	s := m.styles
	nameW := 5
	for _, t := range m.turns {
		for _, r := range t.results {
			nameW = max(nameW, ansi.StringWidth(safetext.Sanitize(r.Route.Name)))
		}
	}
	nameW = min(nameW, maxNameW, max(5, m.width/5))
	// name, two labels ("1st " and "  tok/s "), two latest figures of up to 8 cells.
	sparkW := max(1, (m.width-nameW-1-4-8-8-8)/2)
	all := seriesOf(m.turns, sparkW)
	sparkW = min(sparkW, len(m.turns))
	ftLo, ftHi := span(all, func(x series) []float64 { return x.firstToken })
	tpLo, tpHi := span(all, func(x series) []float64 { return x.tps })
	var lines []string
	for _, x := range all {
		ft := cells.Pad(sparkline(x.firstToken, ftLo, ftHi), sparkW)
		tp := cells.Pad(sparkline(x.tps, tpLo, tpHi), sparkW)
		line := cells.Pad(x.name, nameW) + " " + s.label.Render("1st ") + s.value.Render(ft) +
			fmt.Sprintf(" %7s", latest(x.firstToken, figure.Ms)) + s.label.Render("  tok/s ") + s.value.Render(tp) +
			fmt.Sprintf(" %7s", latest(x.tps, fmtTPS))
		lines = append(lines, cells.Fit(line, m.width))
	}
	note := "left to right: the last " + figure.Count(sparkW, "turn") + ", on a scale shared by the routes; taller is slower for 1st, " +
		"faster for tok/s; a gap is a failed or skipped turn"
	return append(lines, m.hintLines(note)...)
}

// span is the range of every series' values, NaNs left out.
func span(all []series, get func(series) []float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, x := range all {
		for _, v := range get(x) {
			if !math.IsNaN(v) {
				lo, hi = min(lo, v), max(hi, v)
			}
		}
	}
	return lo, hi
}

// latest formats the most recent figure of a series.
func latest(values []float64, format func(float64) string) string {
	for i := len(values) - 1; i >= 0; i-- {
		if !math.IsNaN(values[i]) {
			return format(values[i])
		}
	}
	return "–"
}

// Past sessions: the same sparklines over the days the run history keeps.

// PastRoute is one route's figures across past sessions, one point per
// period (a day), oldest first: what the history database remembers. A
// route that ran with several settings comes as one PastRoute per settings,
// so runs with sort=price and with sort=latency are never mixed.
type PastRoute struct {
	Route string
	// Settings are the runs' parameters and OpenRouter preferences in short
	// form; empty for the provider's defaults (and runs recorded before
	// settings were kept).
	Settings string
	Points   []PastPoint
}

// PastPoint is one period's medians; NaN where the period had no figure.
type PastPoint struct {
	FirstTokenMs float64
	TokensPerS   float64
	Runs, Errors int
}

// SetPast gives the view the routes' past figures (err: why they could not
// be read), shown under the session scope, a row each in the order given:
// every settings of a route is shown, labelled with them.
func (m *Model) SetPast(routes []PastRoute, days int, err error) {
	m.past, m.pastDays, m.pastErr = routes, days, err
	m.rerender()
}

// pastLines draws each route's past as two sparklines on scales shared by
// the routes, with the runs and errors behind them.
func (m Model) pastLines() []string {
	if m.pastErr != nil {
		return m.hintLines("The history could not be read: " + safetext.Sanitize(m.pastErr.Error()))
	}
	var all []series
	var rows []PastRoute // the routes drawn, all[i] being rows[i]
	nameW := 16
	for _, r := range m.past {
		if len(r.Points) == 0 {
			continue
		}
		x := series{name: safetext.Sanitize(r.Route)}
		for _, p := range r.Points {
			x.firstToken = append(x.firstToken, p.FirstTokenMs)
			x.tps = append(x.tps, p.TokensPerS)
		}
		all, rows = append(all, x), append(rows, r)
		name, set := pastLabel(r)
		nameW = max(nameW, lipgloss.Width(name+set))
	}
	if len(all) == 0 {
		return m.hintLines(fmt.Sprintf("No runs of these routes in the last %d days of history.", m.pastDays))
	}
	nameW = min(nameW, max(16, m.width/3))
	ftLo, ftHi := span(all, func(x series) []float64 { return x.firstToken })
	tpLo, tpHi := span(all, func(x series) []float64 { return x.tps })
	s := m.styles
	var lines []string
	for i, x := range all {
		runs, errs := 0, 0
		for _, p := range rows[i].Points {
			runs, errs = runs+p.Runs, errs+p.Errors
		}
		line := m.pastName(rows[i], nameW) + " " + s.label.Render("1st ") + s.value.Render(sparkline(x.firstToken, ftLo, ftHi)) +
			fmt.Sprintf(" %7s", latest(x.firstToken, figure.Ms)) + s.label.Render("  tok/s ") +
			s.value.Render(sparkline(x.tps, tpLo, tpHi)) + fmt.Sprintf(" %7s", latest(x.tps, fmtTPS)) +
			s.label.Render(fmt.Sprintf("  %s, %d failed", figure.Count(runs, "run"), errs))
		lines = append(lines, cells.Fit(line, m.width))
	}
	note := fmt.Sprintf("one mark per day over the last %d days (daily medians from the history); "+
		"taller is slower for 1st, faster for tok/s", m.pastDays)
	return append(lines, m.hintLines(note)...)
}

// pastName names a row in w cells: the route, then its settings, dimmed,
// when it ran with any. The name is cut before the settings, which are what
// tell one route's rows apart.
func (m Model) pastName(r PastRoute, w int) string {
	name, set := pastLabel(r)
	if set == "" {
		return cells.Pad(name, w)
	}
	name = cells.Fit(name, max(8, w-lipgloss.Width(set)))
	return cells.Pad(name+m.styles.label.Render(set), w)
}

// pastLabel is a row's route name and its settings part, plain text.
func pastLabel(r PastRoute) (name, set string) {
	if r.Settings != "" {
		set = " · " + safetext.Sanitize(r.Settings)
	}
	return safetext.Sanitize(r.Route), set
}
