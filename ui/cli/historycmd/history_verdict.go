package historycmd

import (
	"fmt"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/backend/history"
	"github.com/routeplay/routeplay/backend/safetext"
	verdicts "github.com/routeplay/routeplay/backend/verdict"
)

// histErrors is a route's errors with their rate, and the runs that were
// not the route's to fail, apart: "1 (10%), 2 not sent (no key)".
func histErrors(rs history.RouteStats) string {
	s := fmt.Sprintf("%d (%s)", rs.Errors, figure.Percent(100*rs.ErrorRate))
	if ns := backend.NotSentText(map[string]int{string(backend.ErrNoKey): rs.NoKey}); ns != "" {
		s += ", " + ns
	}
	return s
}

// histPairVerdict is a pair's first-token difference of medians with its
// 95% interval, and the verdict over the period.
func histPairVerdict(p history.PairStats) string {
	d := p.FirstToken
	howMore := fmt.Sprintf("routeplay bench --runs %d", verdicts.MinRuns)
	return "first token " + d.MsText() + " · " + d.Words(safetext.Sanitize(p.Gateway), safetext.Sanitize(p.Direct), "first token", howMore) +
		" (" + figure.Count(d.NA, "run") + " and " + figure.Count(d.NB, "run") + " succeeded)"
}
