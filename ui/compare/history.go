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
			name := backend.Sanitize(r.Route.Name)
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
			nameW = max(nameW, ansi.StringWidth(backend.Sanitize(r.Route.Name)))
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
