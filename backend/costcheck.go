package backend

import "math"

// MaxReportedCostUSD is the largest cost one request may report. Far above
// any real request (a full context window of the dearest model costs a few
// dollars), so a figure beyond it is a broken or hostile provider, and one
// such figure would otherwise dominate every sum and break JSON consumers.
const MaxReportedCostUSD = 1000

// ValidCost reports whether a provider's cost figure can be believed: finite,
// not negative, at most MaxReportedCostUSD. One that cannot is treated as
// not reported (the catalog price applies) and the run says so.
func ValidCost(usd float64) bool {
	return !math.IsNaN(usd) && usd >= 0 && usd <= MaxReportedCostUSD
}

// CostRejected reports whether the provider sent a cost figure that was
// ignored because it cannot be right.
func (r *Result) CostRejected() bool {
	return r.reported != nil && r.reported.CostRejected
}
