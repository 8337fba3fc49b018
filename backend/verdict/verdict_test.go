package verdict

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// jittered is n samples of base ± jitter (uniform), from a seeded source.
func jittered(r *rand.Rand, n int, base, jitter float64) []float64 {
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = base + (r.Float64()*2-1)*jitter
	}
	return xs
}

func TestTrueDifferenceIsFound(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	a := jittered(r, 30, 140, 10)
	b := jittered(r, 30, 100, 10)
	d := Compare(a, b)
	if !(d.CI95[0] <= 40 && 40 <= d.CI95[1]) {
		t.Fatalf("interval %v does not hold the true 40 ms", d.CI95)
	}
	if d.CI95[0] <= 0 {
		t.Fatalf("interval %v holds 0", d.CI95)
	}
	if d.Outcome() != BFaster {
		t.Fatalf("outcome %q, want %q", d.Outcome(), BFaster)
	}
	if swapped := Compare(b, a); swapped.Outcome() != AFaster || swapped.DeltaP50 != -d.DeltaP50 {
		t.Fatalf("swapped: %+v %q", swapped, swapped.Outcome())
	}
}

func TestIdenticalDistributionsRarelyDiffer(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	none := 0
	for range 100 {
		a := jittered(r, 30, 100, 10)
		b := jittered(r, 30, 100, 10)
		if Compare(a, b).Outcome() == NoDifference {
			none++
		}
	}
	t.Logf("no measurable difference in %d of 100", none)
	if none < 93 {
		t.Fatalf("no measurable difference in %d of 100 trials, want at least 93", none)
	}
}

func TestFewRunsGiveNoVerdict(t *testing.T) {
	d := Compare([]float64{100}, []float64{50, 60})
	if d.Outcome() != NotEnough || d.Enough || d.DeltaP50 != 45 || d.NA != 1 || d.NB != 2 {
		t.Fatalf("%+v %q", d, d.Outcome())
	}
	if d := Compare(nil, []float64{1}); d.Outcome() != NotEnough || d.DeltaP50 != 0 {
		t.Fatalf("empty side: %+v", d)
	}
}

func TestSameInputSameInterval(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	a, b := jittered(r, 40, 120, 30), jittered(r, 41, 110, 30)
	first := Compare(a, b)
	slices.Reverse(a)
	if again := Compare(a, b); again != first {
		t.Fatalf("%+v then %+v", first, again)
	}
}

func TestNonFiniteSamplesAreLeftOut(t *testing.T) {
	a := []float64{math.NaN(), math.Inf(1)}
	for i := range 12 {
		a = append(a, float64(100+i))
	}
	d := Compare(a, a[2:])
	if d.NA != 12 || d.Outcome() != NoDifference || d.DeltaP50 != 0 {
		t.Fatalf("%+v %q", d, d.Outcome())
	}
}

// The sampler's medians must follow the same distribution as medians of
// real resamples: compare their means and spreads.
func TestMedianSamplerMatchesResampling(t *testing.T) {
	for _, n := range []int{11, 12} {
		r := rand.New(rand.NewPCG(7, uint64(n)))
		sorted := jittered(r, n, 100, 40)
		slices.Sort(sorted)
		s := newMedianSampler(sorted)
		const reps = 40_000
		var fast, slow []float64
		buf := make([]float64, n)
		for range reps {
			fast = append(fast, s.draw(r))
			for i := range buf {
				buf[i] = sorted[r.IntN(n)]
			}
			slices.Sort(buf)
			slow = append(slow, median(buf))
		}
		mf, sf := meanSD(fast)
		ms, ss := meanSD(slow)
		if math.Abs(mf-ms) > 0.5 || math.Abs(sf-ss) > 0.05*ss {
			t.Fatalf("n=%d: sampler mean %.2f sd %.2f, resampling mean %.2f sd %.2f", n, mf, sf, ms, ss)
		}
	}
}

func meanSD(xs []float64) (mean, sd float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	for _, x := range xs {
		sd += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(sd / float64(len(xs)-1))
}

func TestRatio(t *testing.T) {
	ratio, sd := Ratio(121, 5, 100, 0)
	if math.Abs(ratio-1.21) > 1e-9 || math.Abs(sd-0.05) > 1e-9 {
		t.Fatalf("ratio %v ± %v", ratio, sd)
	}
	if r, _ := Ratio(0, 1, 1, 1); !math.IsNaN(r) {
		t.Fatalf("zero mean: %v", r)
	}
}

func BenchmarkInterval10kRuns(b *testing.B) {
	r := rand.New(rand.NewPCG(9, 9))
	xs, ys := jittered(r, 10_000, 140, 30), jittered(r, 10_000, 100, 30)
	b.ReportAllocs()
	for b.Loop() {
		Compare(xs, ys)
	}
}

// TestIntervalNeverReadsAsReachingZero: an end that excludes zero by less
// than the display's rounding keeps its sign and two decimals.
func TestIntervalNeverReadsAsReachingZero(t *testing.T) {
	for ci, want := range map[[2]float64]string{
		{-0.5, -0.03}: "[-0.5, -0.03]",
		{0.02, 4.2}:   "[+0.02, +4.2]",
		{-3, 0}:       "[-3.0, 0]",
		{-12.4, 8.6}:  "[-12, +8.6]",
	} {
		if got := Interval(ci); got != want {
			t.Errorf("Interval(%v) = %q, want %q", ci, got, want)
		}
	}
}
