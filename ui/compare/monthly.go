package compare

import (
	"fmt"
	"strings"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/backend/projection"
	"github.com/routeplay/routeplay/ui/cells"
)

// monthlyTitle heads the projection section.
func (m Model) monthlyTitle() string {
	return "Monthly cost · projection at " + figure.GroupedCount(int64(m.opts.Volume), "request") + " a month"
}

// monthlyLines project each route's monthly cost at the configured volume
// from its mean cost per answered run this session, gateway fees included,
// and say where each gateway/direct pair's costs cross; nil without a
// volume. A route with an answered run of unknown cost has no month.
func (m Model) monthlyLines() []string {
	if m.opts.Volume <= 0 {
		return nil
	}
	routes, perRequest := m.sessionCostPerRequest()
	months := projection.Project(routes, perRequest, m.opts.Volume, m.fees)
	s := m.styles
	names, amounts := make([]string, len(months)), make([]string, len(months))
	nameW, amountW := 0, 0
	for i, mo := range months {
		names[i], amounts[i] = backend.Sanitize(routes[i].Name), "n/a"
		if mo != nil {
			amounts[i] = figure.USD(mo.TotalUSD)
		}
		nameW, amountW = max(nameW, len([]rune(names[i]))), max(amountW, len(amounts[i]))
	}
	var lines, pairs []string
	for i, mo := range months {
		head := fmt.Sprintf("  %s%s  ", names[i], strings.Repeat(" ", nameW-len([]rune(names[i]))))
		amount := fmt.Sprintf("%*s", amountW, amounts[i])
		switch {
		case mo == nil:
			lines = append(lines, cells.Fit(head+s.label.Render(amount+" (cost unknown)"), m.width))
			continue
		case mo.FeeUSD > 0:
			amount = s.value.Render(amount) + " " + s.label.Render("("+figure.USD(mo.TokenUSD)+" tokens + "+figure.USD(mo.FeeUSD)+" fees)")
		default:
			amount = s.value.Render(amount)
		}
		lines = append(lines, cells.Fit(head+amount, m.width))
		for _, c := range mo.Crossings {
			if j := indexOfRoute(routes, c.With); j > i {
				pairs = append(pairs, "  "+c.Sentence(routes[i].Name, names[i], backend.Sanitize(c.With)))
			}
		}
	}
	for _, p := range pairs {
		lines = append(lines, s.value.Render(cells.Fit(p, m.width)))
	}
	return append(lines, m.hintLines("Mean cost per answered run this session × volume, with the gateway's fees ("+
		m.fees.Describe()+"); a projection, not a bill.")...)
}

// sessionCostPerRequest lists the session's routes in order of first
// appearance with each one's mean cost per answered run; nil when no run
// answered or any answered run's cost is unknown.
func (m Model) sessionCostPerRequest() ([]backend.Route, []*float64) {
	var routes []backend.Route
	sums, counts, unknown := map[string]float64{}, map[string]int{}, map[string]bool{}
	for _, t := range m.turns {
		for _, r := range t.results {
			name := r.Route.Name
			if indexOfRoute(routes, name) < 0 {
				routes = append(routes, r.Route)
			}
			if r.Err != nil {
				continue // a failure is no answer; its cost says nothing of one
			}
			if usd, _, ok := backend.RouteCost(r); ok {
				sums[name] += usd
				counts[name]++
			} else {
				unknown[name] = true
			}
		}
	}
	per := make([]*float64, len(routes))
	for i, rt := range routes {
		if n := counts[rt.Name]; n > 0 && !unknown[rt.Name] {
			mean := sums[rt.Name] / float64(n)
			per[i] = &mean
		}
	}
	return routes, per
}

func indexOfRoute(routes []backend.Route, name string) int {
	for i, rt := range routes {
		if rt.Name == name {
			return i
		}
	}
	return -1
}
