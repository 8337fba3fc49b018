package verdict

import (
	"math"
	"math/rand/v2"
)

// medianSampler draws medians of bootstrap resamples of a sorted sample
// without building the resamples.
//
// A resample draws n indices uniformly from the sorted sample; its k-th
// smallest index is floor(n·U(k)), where U(k) is the k-th smallest of n
// uniform numbers and follows Beta(k, n−k+1). The next one up, U(k+1), is
// U(k) plus the smallest of the n−k uniforms left above it. So one resample's
// median costs a few random numbers instead of n draws and a selection: the
// same distribution as resampling, at 10,000 resamples of 10,000 runs in
// milliseconds.
type medianSampler struct {
	sorted []float64
	k      int  // 1-based rank of the (lower) median in a resample
	even   bool // the median is the mean of ranks k and k+1
}

func newMedianSampler(sorted []float64) medianSampler {
	n := len(sorted)
	return medianSampler{sorted: sorted, k: (n + 1) / 2, even: n%2 == 0}
}

func (s medianSampler) draw(r *rand.Rand) float64 {
	n := len(s.sorted)
	if n == 1 {
		return s.sorted[0]
	}
	u := betaSample(r, float64(s.k), float64(n-s.k+1))
	lo := s.at(u)
	if !s.even {
		return lo
	}
	// The smallest of n−k uniforms on (u, 1): u + (1−u)·Beta(1, n−k).
	next := u + (1-u)*(1-math.Pow(r.Float64(), 1/float64(n-s.k)))
	return (lo + s.at(next)) / 2
}

// at is the sample value whose index a uniform position u in [0, 1) picks.
func (s medianSampler) at(u float64) float64 {
	i := int(u * float64(len(s.sorted)))
	return s.sorted[min(max(i, 0), len(s.sorted)-1)]
}

// betaSample draws from Beta(a, b) as X/(X+Y) with X ~ Gamma(a), Y ~ Gamma(b).
func betaSample(r *rand.Rand, a, b float64) float64 {
	x := gammaSample(r, a)
	y := gammaSample(r, b)
	return x / (x + y)
}

// gammaSample draws from Gamma(shape, 1) by Marsaglia and Tsang's method
// (ACM TOMS 26(3), 2000); shapes here are at least 1.
func gammaSample(r *rand.Rand, shape float64) float64 {
	d := shape - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := r.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := r.Float64()
		if u < 1-0.0331*x*x*x*x || math.Log(u) < 0.5*x*x+d*(1-v+math.Log(v)) {
			return d * v
		}
	}
}
