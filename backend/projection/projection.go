// Package projection turns a route's measured cost per request into a
// monthly cost at a given volume, with the gateway's fees, and finds the
// volume at which two routes' monthly costs cross. It is a projection: the
// measured mean cost times a volume, under the configured fees, nothing more.
package projection

import (
	"math"
	"slices"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/config"
)

// Line is a route's monthly cost as a function of requests a month: each
// request costs Slope up to Kink requests and SlopeAfter beyond (OpenRouter's
// BYOK fee starts after the month's free requests). Kink is +Inf for a
// straight line.
type Line struct {
	Slope, SlopeAfter float64
	Kink              float64
}

// At is the monthly cost of v requests.
func (l Line) At(v float64) float64 {
	if v <= l.Kink {
		return v * l.Slope
	}
	return l.Kink*l.Slope + (v-l.Kink)*l.SlopeAfter
}

// slopeAt is the cost of one more request just after v.
func (l Line) slopeAt(v float64) float64 {
	if v < l.Kink {
		return l.Slope
	}
	return l.SlopeAfter
}

// LineOf is the monthly cost line of a route whose requests cost perRequest
// in tokens each: direct routes pay no fee; OpenRouter routes pay the credit
// purchase fee on every request or, with BYOK, the BYOK fee on every request
// beyond the free ones.
func LineOf(rt backend.Route, perRequest float64, f config.Fees) Line {
	l := Line{Slope: perRequest, SlopeAfter: perRequest, Kink: math.Inf(1)}
	switch {
	case rt.Kind != backend.KindOpenRouter:
	case f.BYOK:
		l.Kink = float64(f.BYOKFreeRequests)
		l.SlopeAfter = perRequest * (1 + f.BYOKFeePercent/100)
	default:
		l.Slope *= 1 + f.CreditFeeShare()
		l.SlopeAfter = l.Slope
	}
	return l
}

// Month is a route's projected monthly cost at a volume.
type Month struct {
	Requests      int     `json:"requests_per_month"`
	PerRequestUSD float64 `json:"per_request_usd"` // measured mean token cost of an answered request
	TokenUSD      float64 `json:"token_usd"`
	FeeUSD        float64 `json:"fee_usd"`
	TotalUSD      float64 `json:"total_usd"`
	// Crossings name, for each route this one is compared with, the volume
	// where their monthly costs meet.
	Crossings []Crossing `json:"crossings"`
}

// MonthOf projects requests a month of a route at perRequest each.
func MonthOf(rt backend.Route, perRequest float64, requests int, f config.Fees) Month {
	v := float64(requests)
	total := LineOf(rt, perRequest, f).At(v)
	token := v * perRequest
	return Month{Requests: requests, PerRequestUSD: round(perRequest), TokenUSD: round(token),
		FeeUSD: round(total - token), TotalUSD: round(total), Crossings: []Crossing{}}
}

// Crossing is where a route's monthly cost meets another's.
type Crossing struct {
	With string `json:"with"`
	// Requests is the volume a month at which the two cost the same; nil
	// when they never meet above zero.
	Requests *float64 `json:"requests_per_month"`
	// CheaperBelow is the route that costs less under that volume (at every
	// volume when they never meet); empty when the two always cost the same.
	CheaperBelow string `json:"cheaper_below"`
}

// Cross finds the smallest volume above zero at which two lines meet. Both
// cost nothing for no requests, so the cheaper one at first is the one with
// the lower first slope. same is true when they cost the same at every
// volume; when they are equal only up to a kink, the one cheaper after it is
// reported as cheaper first and they never cross.
func Cross(a, b Line) (requests float64, crosses, aCheaperFirst, same bool) {
	stops := []float64{0}
	for _, k := range []float64{a.Kink, b.Kink} {
		if k > 0 && !math.IsInf(k, 1) && !slices.Contains(stops, k) {
			stops = append(stops, k)
		}
	}
	slices.Sort(stops)
	gap := func(v float64) float64 { return a.At(v) - b.At(v) }
	widening := func(v float64) float64 { return a.slopeAt(v) - b.slopeAt(v) }
	if widening(0) == 0 {
		for _, k := range stops[1:] {
			if w := widening(k); w != 0 {
				return 0, false, w < 0, false
			}
		}
		return 0, false, false, true
	}
	// The gap a−b is linear between kinks: look for its zero piece by piece.
	for i, lo := range stops {
		hi := math.Inf(1)
		if i+1 < len(stops) {
			hi = stops[i+1]
		}
		d, w := gap(lo), widening(lo)
		if lo > 0 && d == 0 {
			return lo, true, widening(0) < 0, false
		}
		if w != 0 {
			if r := lo - d/w; r > lo && r <= hi {
				return r, true, widening(0) < 0, false
			}
		}
	}
	return 0, false, widening(0) < 0, false
}

// round keeps amounts to the nano-dollar, as the other JSON figures.
func round(v float64) float64 { return backend.Round(v, 9) }
