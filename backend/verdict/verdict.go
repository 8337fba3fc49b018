// Package verdict decides whether one route is faster than another from
// their runs, with the uncertainty a careful reader needs: the difference of
// the medians with a 95% percentile-bootstrap confidence interval, and a
// plain verdict that says "no measurable difference" when the interval
// holds zero.
package verdict

import (
	"math"
	"math/rand/v2"
	"slices"

	"github.com/routeplay/routeplay/backend/stats"
)

// MinRuns is the fewest successful runs per route before a verdict is
// given: below it a median and its interval say too little.
const MinRuns = 10

// Resamples is the number of bootstrap resamples behind every interval.
const Resamples = 10_000

// Seed fixes the resampling, so the same runs always give the same interval.
const Seed = 20261203

// Outcome is the verdict in words, as the JSON carries it.
type Outcome string

const (
	AFaster      Outcome = "a faster"
	BFaster      Outcome = "b faster"
	NoDifference Outcome = "no measurable difference"
	NotEnough    Outcome = "not enough runs"
)

// Difference is a − b of the medians of two samples, in the samples' unit.
type Difference struct {
	// DeltaP50 is p50(a) − p50(b), with p50 as everywhere in routeplay
	// (linear interpolation: the mean of the middle two of an even count).
	DeltaP50 float64
	// CI95 is the 95% percentile-bootstrap interval of DeltaP50; both ends
	// are zero when there were too few runs.
	CI95   [2]float64
	NA, NB int
	// Enough is false when either side has fewer than MinRuns samples.
	Enough bool
}

// Outcome judges the difference: a faster when the whole interval is below
// zero (a took less time), b faster when it is above, otherwise no
// measurable difference.
func (d Difference) Outcome() Outcome {
	switch {
	case !d.Enough:
		return NotEnough
	case d.CI95[1] < 0:
		return AFaster
	case d.CI95[0] > 0:
		return BFaster
	}
	return NoDifference
}

// Compare computes the difference of the medians of a and b (durations or
// any other "less is better" figure) with its bootstrap interval. NaN and
// infinite values are left out. The result is the same for the same input.
func Compare(a, b []float64) Difference {
	as, bs := stats.SortedFinite(a), stats.SortedFinite(b)
	d := Difference{NA: len(as), NB: len(bs)}
	if len(as) == 0 || len(bs) == 0 {
		return d
	}
	d.DeltaP50 = median(as) - median(bs)
	d.Enough = len(as) >= MinRuns && len(bs) >= MinRuns
	if !d.Enough {
		return d
	}
	d.CI95 = interval(as, bs, Resamples, rand.New(rand.NewPCG(Seed, uint64(len(as))<<32|uint64(len(bs)))))
	return d
}

// interval is the 2.5th and 97.5th percentiles of the bootstrap
// distribution of median(a*) − median(b*), the two sides resampled
// independently.
func interval(as, bs []float64, resamples int, r *rand.Rand) [2]float64 {
	ma, mb := newMedianSampler(as), newMedianSampler(bs)
	diffs := make([]float64, resamples)
	for i := range diffs {
		diffs[i] = ma.draw(r) - mb.draw(r)
	}
	slices.Sort(diffs)
	return [2]float64{stats.PercentileSorted(diffs, 2.5), stats.PercentileSorted(diffs, 97.5)}
}

func median(sorted []float64) float64 { return stats.PercentileSorted(sorted, 50) }

// Ratio is how many times slower a is than b by their means, with the
// uncertainty of the ratio propagated from each side's standard deviation
// (first order, as hyperfine reports "1.21 ± 0.05 times faster").
func Ratio(meanA, sdA, meanB, sdB float64) (ratio, sd float64) {
	if meanA <= 0 || meanB <= 0 {
		return math.NaN(), math.NaN()
	}
	ratio = meanA / meanB
	sd = ratio * math.Sqrt((sdA/meanA)*(sdA/meanA)+(sdB/meanB)*(sdB/meanB))
	return ratio, sd
}
