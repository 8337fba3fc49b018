package cli

import (
	"fmt"
	"strings"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/engine"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/backend/stats"
	verdicts "github.com/routeplay/routeplay/backend/verdict"
)

// resolvePairs turns the --pair flags into route pairs, before any run: a
// name that is not one of the bench's routes is a usage error naming them.
func resolvePairs(specs []string, routes []backend.Route) ([]engine.RoutePair, error) {
	var pairs []engine.RoutePair
	for _, spec := range specs {
		p, err := engine.PairByNames(routes, spec)
		if err != nil {
			return nil, usageError("%s", err)
		}
		pairs = append(pairs, p)
	}
	return pairs, nil
}

// benchMeanLine is hyperfine's "mean ± σ" of a route's successful runs.
func benchMeanLine(s engine.BenchSummary) string {
	var parts []string
	for _, m := range []struct {
		name string
		s    *stats.Summary
	}{{"first token", s.FirstTokenMs}, {"total", s.TotalMs}} {
		if m.s != nil {
			parts = append(parts, m.name+" "+figure.Ms(m.s.Mean)+" ± "+figure.Ms(m.s.Stdev))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return "mean ± σ: " + strings.Join(parts, " · ")
}

// benchVerdictLines gives each comparison of the bench in one line: the
// differences of the medians with their 95% intervals, and the verdict.
func benchVerdictLines(res *engine.BenchResult) []string {
	var lines []string
	for _, c := range res.Comparisons() {
		a, b := res.Routes[c.A], res.Routes[c.B]
		head := fmt.Sprintf("%s vs %s (%s): ", backend.Sanitize(a.Route.Name), backend.Sanitize(b.Route.Name), c.Basis)
		lines = append(lines, head+"first token "+c.FirstTokenMs.MsText()+" · total "+c.TotalMs.MsText()+
			" · "+benchVerdictWords(c, a, b))
	}
	return lines
}

// benchVerdictWords says which route is faster to first token, and by how
// many times its mean, as hyperfine does; or why there is no verdict.
func benchVerdictWords(c engine.Comparison, a, b engine.BenchRoute) string {
	howMore := fmt.Sprintf("bench --runs %d", verdicts.MinRuns)
	words := c.FirstTokenMs.Words(backend.Sanitize(a.Route.Name), backend.Sanitize(b.Route.Name), "first token", howMore)
	fast, slow := a, b
	switch c.Outcome() {
	case verdicts.BFaster:
		fast, slow = b, a
	case verdicts.AFaster:
	default:
		return words
	}
	fs, ss := engine.SummarizeRuns(fast.Runs).FirstTokenMs, engine.SummarizeRuns(slow.Runs).FirstTokenMs
	ratio, sd := verdicts.Ratio(ss.Mean, ss.Stdev, fs.Mean, fs.Stdev)
	return backend.Sanitize(fast.Route.Name) + " " + verdicts.RatioText(ratio, sd) + " faster to first token"
}
