package compare

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/catalog"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/backend/safetext"
	"github.com/routeplay/routeplay/backend/stats"
	"github.com/routeplay/routeplay/backend/verdict"
	"github.com/routeplay/routeplay/ui/cells"
)

// pairsOf pairs a turn's gateway runs with direct runs of the same model.
func pairsOf(results []*backend.Result) []catalog.Pair {
	routes := make([]backend.Route, len(results))
	for i, r := range results {
		routes[i] = r.Route
	}
	return catalog.PairRoutes(routes)
}

// turnDeltas says, per pair, what the gateway added or saved this turn and
// where its wait for the first token went.
func (m Model) turnDeltas(t turnRecord) []string {
	pairs := pairsOf(t.results)
	if len(pairs) == 0 {
		return m.noPairs()
	}
	var lines []string
	for _, p := range pairs {
		gw, dr := t.results[p.Gateway], t.results[p.Direct]
		d := catalog.PairDelta(p, gw, dr, m.fees)
		lines = append(lines, m.deltaLines(d, "")...)
		lines = append(lines, m.verdictLines([]catalog.Delta{d})...)
		if note := splitNote(t.splits[gw.Route.Name]); note != "" {
			lines = append(lines, m.styles.label.Render(cells.Fit("  first token split: "+note, m.width)))
		}
	}
	return append(lines, m.feesLine()...)
}

// sessionDeltas gives each pair's medians over the turns both routes ran in.
func (m Model) sessionDeltas() []string {
	type acc struct {
		pair   catalog.Pair
		gw, dr string
		deltas []catalog.Delta
		rests  []float64 // the gateway-and-network share of each split first token
	}
	var order []string
	byKey := map[string]*acc{}
	for _, t := range m.turns {
		for _, p := range pairsOf(t.results) {
			gw, dr := t.results[p.Gateway], t.results[p.Direct]
			k := gw.Route.Name + "\x00" + dr.Route.Name
			a, ok := byKey[k]
			if !ok {
				a = &acc{pair: p, gw: gw.Route.Name, dr: dr.Route.Name}
				byKey[k] = a
				order = append(order, k)
			}
			a.deltas = append(a.deltas, catalog.PairDelta(p, gw, dr, m.fees))
			if st := t.splits[gw.Route.Name]; st.status == statsReady && st.split.OK {
				a.rests = append(a.rests, float64(st.split.Rest.Microseconds())/1000)
			}
		}
	}
	if len(order) == 0 {
		return m.noPairs()
	}
	var lines []string
	for _, k := range order {
		a := byKey[k]
		d := medianDelta(a.deltas)
		lines = append(lines, m.deltaLines(d, " · "+figure.Count(len(a.deltas), "turn"))...)
		lines = append(lines, m.verdictLines(a.deltas)...)
		if v, ok := stats.Percentile(a.rests, 50); ok {
			lines = append(lines, m.styles.label.Render(cells.Fit(fmt.Sprintf("  gateway & network share of the first token: median %s over %s",
				figure.Ms(v), figure.Count(len(a.rests), "split turn")), m.width)))
		}
	}
	return append(lines, m.feesLine()...)
}

// medianDelta compares the medians of each side, over the turns in which
// both sides have the figure, so the difference shown is exactly the
// difference of the two figures shown beside it.
func medianDelta(ds []catalog.Delta) catalog.Delta {
	out := ds[len(ds)-1]
	both := func(gw, dr func(catalog.Delta) *float64) (diff, g, d *float64) {
		var gs, drs []float64
		for _, x := range ds {
			if a, b := gw(x), dr(x); a != nil && b != nil {
				gs, drs = append(gs, *a), append(drs, *b)
			}
		}
		mg, ok := stats.Percentile(gs, 50)
		if !ok {
			return nil, nil, nil
		}
		md, _ := stats.Percentile(drs, 50)
		v := mg - md
		return &v, &mg, &md
	}
	out.FirstTokenMs, out.Gateway.FirstTokenMs, out.Direct.FirstTokenMs = both(
		func(x catalog.Delta) *float64 { return x.Gateway.FirstTokenMs },
		func(x catalog.Delta) *float64 { return x.Direct.FirstTokenMs })
	out.TotalMs, out.Gateway.TotalMs, out.Direct.TotalMs = both(
		func(x catalog.Delta) *float64 { return x.Gateway.TotalMs },
		func(x catalog.Delta) *float64 { return x.Direct.TotalMs })
	out.CostUSD, out.Gateway.EffectiveUSD, out.Direct.EffectiveUSD = both(
		func(x catalog.Delta) *float64 { return x.Gateway.EffectiveUSD },
		func(x catalog.Delta) *float64 { return x.Direct.EffectiveUSD })
	return out
}

// deltaLines is one pair: a heading, then first token, total and fair cost,
// each with the two figures it is the difference of.
func (m Model) deltaLines(d catalog.Delta, suffix string) []string {
	s := m.styles
	gw, dr := safetext.Sanitize(d.Gateway.Route), safetext.Sanitize(d.Direct.Route)
	head := fmt.Sprintf("%s vs %s (same model: %s)%s", gw, dr, safetext.Sanitize(d.Pair.Model), suffix)
	lines := []string{s.value.Render(cells.Fit(head, m.width))}
	row := func(label string, diff, a, b *float64, format, signed func(float64) string) {
		if diff == nil {
			lines = append(lines, s.label.Render(cells.Fit(fmt.Sprintf("  %-11s – (a figure is missing: a run failed or had no price)", label), m.width)))
			return
		}
		amount := signed(*diff)
		verdict, st := "the gateway adds", s.worse
		switch {
		case amount == signed(0): // a difference too small to show is none
			verdict, st = "no difference", s.value
		case *diff < 0:
			verdict, st = "the gateway saves", s.better
		}
		basis := fmt.Sprintf("(%s vs %s)", format(*a), format(*b))
		line := fmt.Sprintf("  %-11s ", label) + st.Render(fmt.Sprintf("%-11s %s", amount, verdict)) + " " + s.label.Render(basis)
		lines = append(lines, cells.Fit(line, m.width))
	}
	row("first token", d.FirstTokenMs, d.Gateway.FirstTokenMs, d.Direct.FirstTokenMs, figure.Ms, figure.SignedMs)
	row("total", d.TotalMs, d.Gateway.TotalMs, d.Direct.TotalMs, figure.Ms, figure.SignedMs)
	row("fair cost", d.CostUSD, d.Gateway.EffectiveUSD, d.Direct.EffectiveUSD, figure.USD, figure.SignedUSD)
	return lines
}

func (m Model) feesLine() []string {
	return m.hintLines("fees: " + m.fees.Describe())
}

func (m Model) noPairs() []string {
	return m.hintLines("No pair to compare: add the same model through OpenRouter and directly " +
		"(e.g. openrouter:openai/gpt-4o-mini and openai:gpt-4o-mini) to see what the gateway adds.")
}

// The verdict under each pair: is the gateway slower, from the runs shown.

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
	gw, dr := safetext.Sanitize(ds[0].Gateway.Route), safetext.Sanitize(ds[0].Direct.Route)
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
