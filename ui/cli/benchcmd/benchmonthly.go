package benchcmd

import (
	"fmt"
	"io"

	"github.com/routeplay/routeplay/backend/bench"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/backend/projection"
)

// writeBenchMonthly prints the projection: each route's month, amounts
// aligned, then where each gateway/direct pair's monthly costs cross. The
// fees it includes are the ones the "Fair cost" line above states.
func writeBenchMonthly(w io.Writer, res *bench.Result, months []*projection.Month, volume int) {
	if months == nil {
		return
	}
	fmt.Fprintf(w, "\nMonthly cost projection at %s a month\n", figure.GroupedCount(int64(volume), "request"))
	fmt.Fprintln(w, "(mean cost per answered run × volume, gateway fees included; a projection, not a bill)")
	names := make([]string, len(months))
	for i := range months {
		names[i] = res.Routes[i].Route.Name
	}
	rows, pairs := projection.Rows(names, months)
	for _, r := range rows {
		fmt.Fprintln(w, r.Line())
	}
	for _, p := range pairs {
		fmt.Fprintln(w, p)
	}
}
