package compare

import (
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
	names := make([]string, len(routes))
	for i, rt := range routes {
		names[i] = rt.Name
	}
	rows, pairs := projection.Rows(names, months)
	var lines []string
	for _, r := range rows {
		amount := s.value.Render(r.Amount)
		switch {
		case !r.Known:
			amount = s.label.Render(r.Amount + " " + r.Note)
		case r.Note != "":
			amount += " " + s.label.Render(r.Note)
		}
		lines = append(lines, cells.Fit(r.Head+amount, m.width))
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
