package cli

import (
	"fmt"
	"io"
	"strings"

	"github.com/routeplay/routeplay/backend"
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
	names, amounts := make([]string, len(months)), make([]string, len(months))
	nameW, amountW := 0, 0
	for i, m := range months {
		names[i], amounts[i] = backend.Sanitize(res.Routes[i].Route.Name), "n/a"
		if m != nil {
			amounts[i] = figure.USD(m.TotalUSD)
		}
		nameW, amountW = max(nameW, len([]rune(names[i]))), max(amountW, len(amounts[i]))
	}
	var pairs []string
	for i, m := range months {
		line := fmt.Sprintf("  %s%s  %*s", names[i], strings.Repeat(" ", nameW-len([]rune(names[i]))), amountW, amounts[i])
		switch {
		case m == nil:
			line += " (cost unknown)"
		case m.FeeUSD > 0:
			line += " (" + figure.USD(m.TokenUSD) + " tokens + " + figure.USD(m.FeeUSD) + " fees)"
		}
		fmt.Fprintln(w, line)
		for _, c := range monthCrossings(m) {
			if j := routeIndex(res, c.With); j > i {
				pairs = append(pairs, "  "+c.Sentence(res.Routes[i].Route.Name, names[i], backend.Sanitize(c.With)))
			}
		}
	}
	for _, p := range pairs {
		fmt.Fprintln(w, p)
	}
}

func monthCrossings(m *projection.Month) []projection.Crossing {
	if m == nil {
		return nil
	}
	return m.Crossings
}

func routeIndex(res *bench.Result, name string) int {
	for i, br := range res.Routes {
		if br.Route.Name == name {
			return i
		}
	}
	return -1
}
