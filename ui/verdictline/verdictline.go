// Package verdictline is the line under the panes that says, over the
// session's turns, whether a gateway route is faster or dearer than its
// direct route to the same model.
package verdictline

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/catalog"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/backend/preset"
	"github.com/routeplay/routeplay/backend/safetext"
	"github.com/routeplay/routeplay/backend/verdict"
)

// pairTally is what the session's turns say about one gateway route and
// its direct route to the same model.
type pairTally struct {
	gateway, direct string
	title           string // the gateway's name: "OpenRouter", "Portkey", …
	model           string
	sides           [2]sideTally // gateway, direct
}

// sideTally is one route of a pair over the session.
type sideTally struct {
	firstTokens []float64 // of successful runs, ms
	costs       []float64 // effective cost (fees included) of costed runs
	failed      int       // runs that reached the provider and failed
	sent        int       // runs that reached the provider
	notSent     map[string]int
}

// Tally gathers every pair's runs over the session, turn by turn, and
// keeps the verdict line they make, so drawing a frame computes nothing.
type Tally struct {
	// last are the runs the previous turn counted: a retry of one route
	// leaves the other's run in place, to be counted once.
	last  map[*backend.Result]bool
	pairs []*pairTally
	text  *verdictText // nil until a turn had a pair
}

// Add counts a finished turn's runs and renews the line.
func (v *Tally) Add(results []*backend.Result, fees config.Fees) {
	routes := make([]backend.Route, len(results))
	for i, r := range results {
		routes[i] = r.Route
	}
	for _, p := range catalog.PairRoutes(routes) {
		t := v.pair(results[p.Gateway].Route, results[p.Direct].Route.Name, p.Model)
		for side, r := range []*backend.Result{results[p.Gateway], results[p.Direct]} {
			if !v.last[r] {
				t.sides[side].add(r, fees)
			}
		}
	}
	v.last = make(map[*backend.Result]bool, len(results))
	for _, r := range results {
		v.last[r] = true
	}
	if len(v.pairs) > 0 {
		text := v.pairs[0].line(len(v.pairs) - 1)
		v.text = &text
	}
}

// Shown reports whether there is a line: a turn had a pair.
func (v *Tally) Shown() bool { return v.text != nil }

// Render is the line, shortened step by step to fit width; "" before a
// turn had a pair.
func (v *Tally) Render(width int) string {
	if v.text == nil {
		return ""
	}
	if c := &v.text.fitted; c.line == "" || c.width != width {
		*c = fittedLine{width: width, line: v.text.render(width)}
	}
	return v.text.fitted.line
}

func (v *Tally) pair(gw backend.Route, dr, model string) *pairTally {
	for _, t := range v.pairs {
		if t.gateway == gw.Name && t.direct == dr {
			return t
		}
	}
	t := &pairTally{gateway: gw.Name, direct: dr, model: model, title: preset.GatewayTitle(gw)}
	v.pairs = append(v.pairs, t)
	return t
}

func (s *sideTally) add(r *backend.Result, fees config.Fees) {
	switch {
	case r.Err != nil && backend.NotSent(r.Err.Kind):
		if s.notSent == nil {
			s.notSent = map[string]int{}
		}
		s.notSent[string(r.Err.Kind)]++
		return
	case r.Err != nil:
		s.failed++
	case r.Timing.FirstToken != nil:
		s.firstTokens = append(s.firstTokens, *backend.Millis(r.Timing.FirstToken))
	}
	s.sent++
	if usd, _, ok := backend.RouteCost(r); ok && r.Err == nil {
		s.costs = append(s.costs, fees.Apply(r.Route, usd).EffectiveUSD)
	}
}

// verdictText is a pair's verdict line in parts, each with the shorter
// form a narrow terminal gets.
type verdictText struct {
	title, model, firstToken, outcome, cost, errors string
	notSent, shortNotSent                           string
	advice, shortAdvice, more                       string
	// fitted is the line as last rendered: it changes only with a turn or
	// the width, and the screen is drawn every frame.
	fitted fittedLine
}

type fittedLine struct {
	width int
	line  string
}

// line is the pair in one line, the verdict's figures first and the way to
// a verdict last: "OpenRouter vs direct · gpt-4o-mini · first token +70ms
// [+41, +98] direct faster · cost +262% · errors 0/12 vs 0/12".
func (t *pairTally) line(morePairs int) verdictText {
	gw, dr := &t.sides[0], &t.sides[1]
	d := verdict.Compare(gw.firstTokens, dr.firstTokens)
	v := verdictText{title: t.title, model: safetext.Sanitize(t.model), firstToken: d.MsText(),
		errors: fmt.Sprintf("%d/%d vs %d/%d", gw.failed, gw.sent, dr.failed, dr.sent)}
	switch d.Outcome() {
	case verdict.AFaster:
		v.outcome = "gateway faster"
	case verdict.BFaster:
		v.outcome = "direct faster"
	case verdict.NoDifference:
		v.outcome = "no measurable difference"
	}
	if c := relativeCost(gw.costs, dr.costs); c != "" {
		v.cost = "cost " + c
	}
	var ns []string
	merged := map[string]int{}
	for _, side := range []struct {
		name string
		s    *sideTally
	}{{t.gateway, gw}, {t.direct, dr}} {
		if n := backend.NotSentText(side.s.notSent); n != "" {
			ns = append(ns, safetext.Sanitize(side.name)+" "+n)
		}
		for k, c := range side.s.notSent {
			merged[k] += c
		}
	}
	v.notSent, v.shortNotSent = strings.Join(ns, " · "), backend.NotSentText(merged)
	if !d.Enough {
		v.advice, v.shortAdvice = notEnoughAdvice(d)
	}
	if morePairs > 0 {
		v.more = figure.CountOf(morePairs, "more pair", "more pairs") + " in ctrl+g"
	}
	return v
}

// render writes the line in as few cells as width asks: shorter advice,
// then no model, then short labels, then no heading.
func (v verdictText) render(width int) string {
	var out string
	for level := range 6 {
		out = v.at(level)
		if utf8.RuneCountInString(out) <= width {
			break
		}
	}
	return out
}

func (v verdictText) at(level int) string {
	head, ft, errs, advice, notSent := v.title+" vs direct", "first token ", "errors ", v.advice, v.notSent
	if level >= 1 {
		advice, notSent = v.shortAdvice, v.shortNotSent
	}
	if level >= 3 {
		ft = "1st "
	}
	if level >= 4 {
		head, errs = shortTitle(v.title)+" vs direct", "err "
	}
	var parts []string
	if level < 5 {
		parts = append(parts, head)
	}
	if level < 2 {
		parts = append(parts, v.model)
	}
	first := ft + v.firstToken
	if v.outcome != "" {
		first += " " + v.outcome
	}
	parts = append(parts, first)
	for _, p := range []string{v.cost, errs + v.errors, notSent, advice, v.more} {
		if p != "" && p != errs {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, " · ")
}

// notEnoughAdvice says why there is no verdict yet and how to get one, in
// full and short.
func notEnoughAdvice(d verdict.Difference) (full, short string) {
	if d.NA <= 1 && d.NB <= 1 {
		return "one run decides nothing: alt+r a few times, or routeplay bench", "one run decides nothing"
	}
	return fmt.Sprintf("%d and %d of the %d runs a side a verdict needs: alt+r a few times", d.NA, d.NB, verdict.MinRuns),
		fmt.Sprintf("%d and %d of %d runs", d.NA, d.NB, verdict.MinRuns)
}

// relativeCost is how much more the gateway's mean cost is than the
// direct route's, in percent; empty when either has no cost.
func relativeCost(gw, dr []float64) string {
	if len(gw) == 0 || len(dr) == 0 {
		return ""
	}
	mg, md := mean(gw), mean(dr)
	if md <= 0 {
		return ""
	}
	return figure.SignedPercent((mg - md) / md * 100)
}

func mean(xs []float64) float64 {
	var sum float64
	for _, x := range xs {
		sum += x
	}
	return sum / float64(len(xs))
}

// shortTitle abbreviates the one long gateway name for a narrow line.
func shortTitle(title string) string {
	if title == "OpenRouter" {
		return "OR"
	}
	return title
}
