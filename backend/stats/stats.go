// Package stats summarises samples of a figure: count, min, percentiles,
// max, mean and standard deviation.
package stats

import (
	"math"
	"slices"

	"github.com/routeplay/routeplay/backend"
)

// Summary describes a set of samples in the unit they were taken in. The
// JSON names are the ones `bench --json` prints for every statistic.
type Summary struct {
	N     int     `json:"-"`
	Min   float64 `json:"min"`
	P50   float64 `json:"p50"`
	P95   float64 `json:"p95"`
	Max   float64 `json:"max"`
	Mean  float64 `json:"mean"`
	Stdev float64 `json:"stdev"`
}

// Summarize computes min, median, 95th percentile, max, mean and sample
// standard deviation. It reports false for no samples: an empty set has no
// statistics, and a zero would read as a measurement. NaN and infinite
// samples are ignored for the same reason.
func Summarize(samples []float64) (Summary, bool) {
	xs := SortedFinite(samples)
	if len(xs) == 0 {
		return Summary{}, false
	}
	var sum float64
	for _, v := range xs {
		sum += v
	}
	mean := sum / float64(len(xs))
	return Summary{
		N: len(xs), Min: xs[0], Max: xs[len(xs)-1],
		P50: percentileSorted(xs, 50), P95: percentileSorted(xs, 95),
		Mean: mean, Stdev: stdev(xs, mean),
	}, true
}

// SortedFinite is a sorted copy of samples without NaN and infinite values,
// which are no measurements.
func SortedFinite(samples []float64) []float64 {
	xs := make([]float64, 0, len(samples))
	for _, v := range samples {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			xs = append(xs, v)
		}
	}
	slices.Sort(xs)
	return xs
}

// Percentile returns the p-th percentile (0..100) of samples, interpolating
// linearly between the closest ranks (the definition spreadsheets and NumPy
// use by default), so p50 of an even count is the mean of the middle two.
func Percentile(samples []float64, p float64) (float64, bool) {
	if len(samples) == 0 {
		return 0, false
	}
	xs := slices.Clone(samples)
	slices.Sort(xs)
	return percentileSorted(xs, p), true
}

func percentileSorted(xs []float64, p float64) float64 {
	if len(xs) == 1 {
		return xs[0]
	}
	p = min(max(p, 0), 100)
	rank := p / 100 * float64(len(xs)-1)
	lo := int(math.Floor(rank))
	hi := min(lo+1, len(xs)-1)
	frac := rank - float64(lo)
	return xs[lo] + frac*(xs[hi]-xs[lo])
}

// stdev is the sample standard deviation (n-1 in the denominator): bench runs
// are a sample of the route's behaviour, not all of it. One sample has none.
func stdev(xs []float64, mean float64) float64 {
	if len(xs) < 2 {
		return 0
	}
	var ss float64
	for _, v := range xs {
		d := v - mean
		ss += d * d
	}
	return math.Sqrt(ss / float64(len(xs)-1))
}

// Rounded returns s with every figure rounded to digits decimals, for output.
func (s Summary) Rounded(digits int) Summary {
	r := func(v float64) float64 { return backend.Round(v, digits) }
	return Summary{N: s.N, Min: r(s.Min), P50: r(s.P50), P95: r(s.P95), Max: r(s.Max), Mean: r(s.Mean), Stdev: r(s.Stdev)}
}
