package projection

import (
	"encoding/json"
	"math"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/catalog"
	"github.com/routeplay/routeplay/backend/config"
)

// Project gives each route's month at requests a month, from its measured
// token cost per request; a route whose cost is unknown (nil) gets no month,
// since a projection of an unknown is unknown. Each gateway route and the
// direct route of its model (catalog.PairRoutes) name where their monthly
// costs cross.
func Project(routes []backend.Route, perRequest []*float64, requests int, f config.Fees) []*Month {
	months := make([]*Month, len(routes))
	for i, rt := range routes {
		if perRequest[i] != nil {
			m := MonthOf(rt, *perRequest[i], requests, f)
			months[i] = &m
		}
	}
	for _, p := range catalog.PairRoutes(routes) {
		g, d := p.Gateway, p.Direct
		if months[g] == nil || months[d] == nil {
			continue
		}
		gl, dl := LineOf(routes[g], *perRequest[g], f), LineOf(routes[d], *perRequest[d], f)
		months[g].Crossings = append(months[g].Crossings, crossing(routes[d].Name, routes[g].Name, gl, dl))
		months[d].Crossings = append(months[d].Crossings, crossing(routes[g].Name, routes[d].Name, dl, gl))
	}
	return months
}

// crossing describes where self's line a meets other's line b.
func crossing(other, self string, a, b Line) Crossing {
	c := Crossing{With: other}
	v, crosses, aFirst, same := Cross(a, b)
	if crosses {
		r := math.Round(v)
		c.Requests = &r
	}
	switch {
	case same:
	case aFirst:
		c.CheaperBelow = self
	default:
		c.CheaperBelow = other
	}
	return c
}

// Report is a route's month in JSON: null when its cost is unknown, so a
// field of this type says "asked for, but unknown" where an absent one says
// "not asked for".
type Report struct{ Month *Month }

// MarshalJSON writes the month, or null.
func (r Report) MarshalJSON() ([]byte, error) {
	if r.Month == nil {
		return []byte("null"), nil
	}
	return json.Marshal(r.Month)
}

// UnmarshalJSON reads what MarshalJSON wrote.
func (r *Report) UnmarshalJSON(data []byte) error {
	r.Month = nil
	if string(data) == "null" {
		return nil
	}
	r.Month = &Month{}
	return json.Unmarshal(data, r.Month)
}
