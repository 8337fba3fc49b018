package compare

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/catalog"
	"github.com/routeplay/routeplay/backend/verdict"
	"github.com/routeplay/routeplay/ui/cells"
)

// howMoreRuns says how to get enough runs for a verdict from here.
const howMoreRuns = "bench, or send more turns"

// firstTokens are each side's first-token times over the given turns'
// deltas, every successful run of a side counted whether or not the other
// side's run of that turn succeeded.
func firstTokens(ds []catalog.Delta) (gw, dr []float64) {
	for _, d := range ds {
		if d.Gateway.FirstTokenMs != nil {
			gw = append(gw, *d.Gateway.FirstTokenMs)
		}
		if d.Direct.FirstTokenMs != nil {
			dr = append(dr, *d.Direct.FirstTokenMs)
		}
	}
	return gw, dr
}

// verdictMemo keeps the differences already computed, by their samples:
// an interval takes milliseconds, and the view is redrawn on every resize.
// Shared by the view's copies, which is safe: a difference depends on its
// samples alone.
type verdictMemo struct{ byKey map[string]verdict.Difference }

func (v *verdictMemo) compare(a, b []float64) verdict.Difference {
	if v == nil {
		return verdict.Compare(a, b)
	}
	key := fmt.Sprint(a, b)
	if d, ok := v.byKey[key]; ok {
		return d
	}
	if len(v.byKey) > 64 { // a long session: keep the memo small
		clear(v.byKey)
	}
	d := verdict.Compare(a, b)
	v.byKey[key] = d
	return d
}

// verdictLines judge a pair on first token from the runs shown: the
// difference of the medians with its 95% interval and the verdict, or why
// there is none yet and how to get one. Words too long for the width go
// on a second line, so the way to a verdict is never cut off.
func (m Model) verdictLines(ds []catalog.Delta) []string {
	s := m.styles
	d := m.verdicts.compare(firstTokens(ds))
	gw, dr := backend.Sanitize(ds[0].Gateway.Route), backend.Sanitize(ds[0].Direct.Route)
	text := d.Words(gw, dr, "first token", howMoreRuns)
	if d.Enough {
		text = "first token " + d.MsText() + " · " + text
	}
	st := s.value
	switch d.Outcome() {
	case verdict.AFaster:
		st = s.better
	case verdict.BFaster:
		st = s.worse
	case verdict.NotEnough:
		st = s.label
	}
	const indent = "              " // under the figures of the rows above
	first, rest := text, ""
	if i := strings.Index(text, " ("); i > 0 && len(indent)+ansi.StringWidth(text) > m.width {
		first, rest = text[:i], text[i+1:]
	}
	lines := []string{cells.Fit("  verdict     "+st.Render(first), m.width)}
	if rest != "" {
		lines = append(lines, cells.Fit(indent+st.Render(rest), m.width))
	}
	return lines
}

// sent is the number of a row's runs that reached the provider: those its
// failures are counted against.
func (r routeRow) sent() int {
	n := r.runs
	for _, c := range r.notSent {
		n -= c
	}
	return n
}

func (r *routeRow) addNotSent(counts map[string]int) {
	for k, c := range counts {
		if r.notSent == nil {
			r.notSent = map[string]int{}
		}
		r.notSent[k] += c
	}
}
