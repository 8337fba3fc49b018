package compare

import (
	"fmt"
	"math"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/backend/safetext"
	"github.com/routeplay/routeplay/backend/stats"
)

// Metrics of the scoreboard, in column order.
const (
	metricFirstToken = iota
	metricTotal
	metricTPS
	metricTokens
	metricCost
	metricCount
)

// metricSpec says how a metric is headed, formatted and ranked.
type metricSpec struct {
	header string
	format func(float64) string
	// lowerWins ranks the smallest value best; ranked false means the metric
	// has no winner (more output tokens is neither better nor worse).
	lowerWins, ranked bool
}

var metricSpecs = [metricCount]metricSpec{
	metricFirstToken: {header: "first token", format: figure.Ms, lowerWins: true, ranked: true},
	metricTotal:      {header: "total", format: figure.Ms, lowerWins: true, ranked: true},
	metricTPS:        {header: "tok/s", format: fmtTPS, ranked: true},
	metricTokens:     {header: "out tokens", format: fmtTokens},
	metricCost:       {header: "cost+fees", format: figure.USD, lowerWins: true, ranked: true},
}

// routeRow is one route's figures on the scoreboard: one run, or the
// medians of a route's runs over the session.
type routeRow struct {
	name      string
	kind      backend.Kind
	values    [metricCount]float64
	has       [metricCount]bool
	servedBy  string // upstream that answered, when the route reports one
	fallback  string // what a fallback changed, empty when none fired
	failed    string // error kind of a failed run
	estimated bool   // token counts are estimates, not the provider's
	costGuess bool   // the cost is estimated from token counts, not reported
	fee       config.FairCost
	hasFee    bool
	runs      int // runs behind the figures (session scope)
	failures  int
	notSent   map[string]int // runs that never reached the provider, or canceled: no failures
}

// rowOf reads one finished run. A failed run keeps no figures: its times
// measure the failure, not the route.
func rowOf(r *backend.Result, fees config.Fees) routeRow {
	row := routeRow{name: safetext.Sanitize(r.Route.Name), kind: r.Route.Kind, runs: 1,
		servedBy: safetext.Sanitize(r.ServedBy), fallback: fallbackNote(r)}
	if r.Err != nil && backend.NotSent(r.Err.Kind) {
		row.notSent = map[string]int{string(r.Err.Kind): 1}
		return row
	}
	if r.Err != nil {
		row.failed, row.failures = string(r.Err.Kind), 1
		return row
	}
	row.set(metricFirstToken, msOf(r.Timing.FirstToken))
	row.set(metricTotal, msOf(r.Timing.Total))
	if tps, ok := r.TokensPerSecond(); ok {
		row.set(metricTPS, &tps)
	}
	tok := r.Tokens()
	out := float64(tok.Output)
	row.set(metricTokens, &out)
	row.estimated = tok.Source == backend.UsageEstimated
	if usd, src, ok := backend.RouteCost(r); ok {
		row.costGuess = src == backend.CostEstimated
		row.fee = fees.Apply(r.Route, usd)
		row.hasFee = row.fee.FeeUSD > 0
		row.set(metricCost, &row.fee.EffectiveUSD)
	}
	return row
}

func (row *routeRow) set(metric int, v *float64) {
	if v != nil {
		row.values[metric], row.has[metric] = *v, true
	}
}

// fallbackNote describes a fallback that fired: a client-side one (more
// than one attempt) or a server-side one (another model answered).
func fallbackNote(r *backend.Result) string {
	if n := len(r.Attempts); n > 1 {
		first, last := r.Attempts[0], r.Attempts[n-1]
		why := "failed"
		if first.Err != nil {
			why = string(first.Err.Kind)
		}
		return fmt.Sprintf("fallback to %s after %s (%d attempts)", safetext.Sanitize(last.Route), why, n)
	}
	if r.ServedModel != "" && r.ServedModel != r.Route.Model {
		return "served by fallback model " + safetext.Sanitize(r.ServedModel)
	}
	return ""
}

// sessionRows folds every turn into one row per route: the median of each
// metric over the runs that have it, in order of first appearance.
func sessionRows(turns []turnRecord, fees config.Fees) []routeRow {
	var order []string
	samples := map[string]*[metricCount][]float64{}
	rows := map[string]*routeRow{}
	for _, t := range turns {
		for _, r := range t.results {
			one := rowOf(r, fees)
			acc, ok := rows[one.name]
			if !ok {
				order = append(order, one.name)
				acc = &routeRow{name: one.name, kind: one.kind}
				rows[one.name], samples[one.name] = acc, &[metricCount][]float64{}
			}
			acc.runs++
			acc.failures += one.failures
			acc.addNotSent(one.notSent)
			acc.estimated = acc.estimated || one.estimated
			acc.costGuess = acc.costGuess || one.costGuess
			if one.servedBy != "" {
				acc.servedBy = one.servedBy
			}
			if one.fallback != "" {
				acc.fallback = one.fallback
			}
			for m := range metricCount {
				if one.has[m] {
					samples[one.name][m] = append(samples[one.name][m], one.values[m])
				}
			}
		}
	}
	out := make([]routeRow, 0, len(order))
	for _, name := range order {
		row := *rows[name]
		for m, xs := range samples[name] {
			if v, ok := stats.Percentile(xs, 50); ok {
				row.values[m], row.has[m] = v, true
			}
		}
		out = append(out, row)
	}
	return out
}

// bestOf returns the index of the winning row of a ranked metric, or -1
// when it has no winner or fewer than two rows have the figure.
func bestOf(rows []routeRow, metric int) int {
	spec := metricSpecs[metric]
	best, count := -1, 0
	for i, r := range rows {
		if !r.has[metric] {
			continue
		}
		count++
		if best < 0 || spec.lowerWins && r.values[metric] < rows[best].values[metric] ||
			!spec.lowerWins && r.values[metric] > rows[best].values[metric] {
			best = i
		}
	}
	if !spec.ranked || count < 2 {
		return -1
	}
	return best
}

func maxOf(rows []routeRow, metric int) float64 {
	var m float64
	for _, r := range rows {
		if r.has[metric] {
			m = max(m, r.values[metric])
		}
	}
	return m
}

// fmtTPS and fmtTokens write a median as backend/figure does (the tok/s
// column names the unit); figureText adds the "~" of an estimate per row.
func fmtTPS(v float64) string { return figure.PerSecond(v, false) }

func fmtTokens(v float64) string { return figure.Tokens(int(math.Round(v))) }

// figureText is a row's figure for a metric, "~" marked when estimated.
func (row routeRow) figureText(metric int) string {
	estimated := row.estimated && (metric == metricTPS || metric == metricTokens) ||
		row.costGuess && metric == metricCost
	return figure.Estimate(metricSpecs[metric].format(row.values[metric]), estimated)
}

func msOf(d *time.Duration) *float64 {
	if d == nil {
		return nil
	}
	v := float64(*d) / float64(time.Millisecond)
	return &v
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
