package bench

import (
	"fmt"
	"strings"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/catalog"
	"github.com/routeplay/routeplay/backend/safetext"
	"github.com/routeplay/routeplay/backend/verdict"
)

// The basis of a comparison: why its two routes were compared.
const (
	BasisSameModel = "same model" // a gateway route and a direct route to the same model, paired automatically
	BasisRequested = "requested"  // named by the user (bench --pair A,B)
)

// RoutePair names two routes of a bench by index, a compared against b.
type RoutePair struct{ A, B int }

// PairByNames finds the routes "A,B" names among routes. An unknown or
// repeated name is an error that lists the names there are.
func PairByNames(routes []backend.Route, spec string) (RoutePair, error) {
	a, b, ok := strings.Cut(spec, ",")
	a, b = strings.TrimSpace(a), strings.TrimSpace(b)
	if !ok || a == "" || b == "" || strings.Contains(b, ",") {
		return RoutePair{}, fmt.Errorf("--pair %q: give two route names, A,B", spec)
	}
	ia, ib := routeIndex(routes, a), routeIndex(routes, b)
	if ia < 0 || ib < 0 {
		names := make([]string, len(routes))
		for i, rt := range routes {
			names[i] = rt.Name
		}
		unknown := a
		if ia >= 0 {
			unknown = b
		}
		return RoutePair{}, fmt.Errorf("--pair: no route named %q in this bench; the routes are %s",
			safetext.Sanitize(unknown), safetext.Sanitize(strings.Join(names, ", ")))
	}
	if ia == ib {
		return RoutePair{}, fmt.Errorf("--pair %q: a route compared with itself", safetext.Sanitize(spec))
	}
	return RoutePair{A: ia, B: ib}, nil
}

func routeIndex(routes []backend.Route, name string) int {
	for i, rt := range routes {
		if rt.Name == name {
			return i
		}
	}
	return -1
}

// Comparison is route A against route B over a bench: the differences of
// their median first-token and total times (a − b) with 95% intervals.
type Comparison struct {
	A, B         int
	Basis        string
	FirstTokenMs verdict.Difference
	TotalMs      verdict.Difference
}

// Outcome is the verdict, judged on first token: the figure a gateway
// changes and a user waits for.
func (c Comparison) Outcome() verdict.Outcome { return c.FirstTokenMs.Outcome() }

// Comparisons compares every gateway route with its direct route to the
// same model (gateway as a), then every pair the user asked for that is
// not one of those.
func (b *Result) Comparisons() []Comparison {
	var out []Comparison
	seen := map[RoutePair]bool{}
	add := func(p RoutePair, basis string) {
		if seen[p] || p.A >= len(b.Routes) || p.B >= len(b.Routes) {
			return
		}
		seen[p] = true
		ftA, totA := SuccessTimes(b.Routes[p.A].Runs)
		ftB, totB := SuccessTimes(b.Routes[p.B].Runs)
		out = append(out, Comparison{A: p.A, B: p.B, Basis: basis,
			FirstTokenMs: verdict.Compare(ftA, ftB), TotalMs: verdict.Compare(totA, totB)})
	}
	for _, p := range catalog.PairRoutes(b.RouteList()) {
		add(RoutePair{A: p.Gateway, B: p.Direct}, BasisSameModel)
	}
	for _, p := range b.Pairs {
		add(p, BasisRequested)
	}
	return out
}

// SuccessTimes are the first-token and total times, in milliseconds, of
// the successful runs: a failure's time says how fast it failed.
func SuccessTimes(runs []*backend.Result) (firstToken, total []float64) {
	for _, r := range runs {
		if r.Err != nil {
			continue
		}
		if v := backend.Millis(r.Timing.FirstToken); v != nil {
			firstToken = append(firstToken, *v)
		}
		if v := backend.Millis(r.Timing.Total); v != nil {
			total = append(total, *v)
		}
	}
	return firstToken, total
}

// ComparisonReport is one comparison as `bench --json` prints it.
type ComparisonReport struct {
	A            string           `json:"a"`
	B            string           `json:"b"`
	Basis        string           `json:"basis"`
	FirstTokenMs DifferenceReport `json:"first_token_ms"`
	TotalMs      DifferenceReport `json:"total_ms"`
	Verdict      verdict.Outcome  `json:"verdict"`
}

// DifferenceReport is a − b of the medians and its 95% interval; the
// difference is null when a side has no successful run, the interval when
// either side has fewer than verdict.MinRuns.
type DifferenceReport struct {
	DeltaP50 *float64    `json:"delta_p50"`
	CI95     *[2]float64 `json:"ci95"`
}

func differenceReport(d verdict.Difference) DifferenceReport {
	var r DifferenceReport
	if d.NA > 0 && d.NB > 0 {
		v := backend.Round(d.DeltaP50, 3)
		r.DeltaP50 = &v
	}
	if d.Enough {
		r.CI95 = &[2]float64{backend.Round(d.CI95[0], 3), backend.Round(d.CI95[1], 3)}
	}
	return r
}

// ComparisonReports are the bench's comparisons in their JSON shape; an
// empty list, never null, when there is nothing to compare.
func (b *Result) ComparisonReports() []ComparisonReport {
	out := []ComparisonReport{}
	for _, c := range b.Comparisons() {
		out = append(out, ComparisonReport{A: b.Routes[c.A].Route.Name, B: b.Routes[c.B].Route.Name, Basis: c.Basis,
			FirstTokenMs: differenceReport(c.FirstTokenMs), TotalMs: differenceReport(c.TotalMs), Verdict: c.Outcome()})
	}
	return out
}
