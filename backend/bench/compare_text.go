package bench

import (
	"fmt"
	"strings"

	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/backend/safetext"
	"github.com/routeplay/routeplay/backend/stats"
	"github.com/routeplay/routeplay/backend/verdict"
)

// VerdictsHeading introduces the verdict lines wherever they are printed.
const VerdictsHeading = "Verdicts (difference of medians a − b, 95% bootstrap interval)"

// MeanLine is hyperfine's "mean ± σ" of a route's successful runs; empty
// when none succeeded.
func MeanLine(s Summary) string {
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

// VerdictLines gives each comparison of the bench in one line: the
// differences of the medians with their 95% intervals, and the verdict.
func (b *Result) VerdictLines() []string {
	var lines []string
	for _, c := range b.Comparisons() {
		ra, rb := b.Routes[c.A], b.Routes[c.B]
		head := fmt.Sprintf("%s vs %s (%s): ", safetext.Sanitize(ra.Route.Name), safetext.Sanitize(rb.Route.Name), c.Basis)
		lines = append(lines, head+"first token "+c.FirstTokenMs.MsText()+" · total "+c.TotalMs.MsText()+
			" · "+verdictWords(c, ra, rb))
	}
	return lines
}

// verdictWords says which route is faster to first token, and by how many
// times its mean, as hyperfine does; or why there is no verdict.
func verdictWords(c Comparison, a, b Route) string {
	howMore := fmt.Sprintf("bench --runs %d", verdict.MinRuns)
	words := c.FirstTokenMs.Words(safetext.Sanitize(a.Route.Name), safetext.Sanitize(b.Route.Name), "first token", howMore)
	fast, slow := a, b
	switch c.Outcome() {
	case verdict.BFaster:
		fast, slow = b, a
	case verdict.AFaster:
	default:
		return words
	}
	fs, ss := SummarizeRuns(fast.Runs).FirstTokenMs, SummarizeRuns(slow.Runs).FirstTokenMs
	ratio, sd := verdict.Ratio(ss.Mean, ss.Stdev, fs.Mean, fs.Stdev)
	if !(ratio > 1) || verdict.RatioText(ratio, sd) == verdict.RatioText(1, sd) {
		// Outliers pulled the means the other way, or the ratio reads 1.00:
		// the medians' verdict and its interval say it alone.
		return words
	}
	return safetext.Sanitize(fast.Route.Name) + " " + verdict.RatioText(ratio, sd) + " faster to first token"
}
