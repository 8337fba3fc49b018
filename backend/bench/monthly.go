package bench

import (
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/projection"
)

// Months projects each route's monthly cost at volume requests a month from
// its mean cost per answered run; nil without a volume. A route whose total
// cost is unknown has no month.
func (b *Result) Months(volume int, fees config.Fees) []*projection.Month {
	if volume <= 0 {
		return nil
	}
	perRequest := make([]*float64, len(b.Routes))
	for i, br := range b.Routes {
		if s := SummarizeRuns(br.Runs); s.TotalCostUSD != nil && s.CostUSD != nil {
			mean := s.CostUSD.Mean
			perRequest[i] = &mean
		}
	}
	return projection.Project(b.RouteList(), perRequest, volume, fees)
}

// WithMonthly gives each route of the report its month; without months
// (no volume) the report is unchanged and has no monthly fields.
func (r Report) WithMonthly(months []*projection.Month) Report {
	if months == nil {
		return r
	}
	for i := range r.Routes {
		if i < len(months) {
			r.Routes[i].Monthly = &projection.Report{Month: months[i]}
		}
	}
	return r
}
