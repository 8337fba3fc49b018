package stats

import (
	"math"
	"testing"

	"github.com/routeplay/routeplay/backend/internal/testkit"
)

func TestSummarizeKnownSamples(t *testing.T) {
	tests := []struct {
		name    string
		samples []float64
		want    Summary
	}{
		{"one sample", []float64{42}, Summary{N: 1, Min: 42, P50: 42, P95: 42, Max: 42, Mean: 42, Stdev: 0}},
		// 1..10: p50 between 5 and 6, p95 at rank 8.55 → 9.55; sample stdev sqrt(82.5/9).
		{"one to ten shuffled", []float64{7, 3, 10, 1, 9, 2, 8, 4, 6, 5},
			Summary{N: 10, Min: 1, P50: 5.5, P95: 9.55, Max: 10, Mean: 5.5, Stdev: math.Sqrt(82.5 / 9)}},
		// The textbook set: mean 5, population stdev 2, sample stdev sqrt(32/7).
		{"textbook", []float64{2, 4, 4, 4, 5, 5, 7, 9},
			Summary{N: 8, Min: 2, P50: 4.5, P95: 8.3, Max: 9, Mean: 5, Stdev: math.Sqrt(32.0 / 7)}},
		{"outlier lifts p95 and mean, not p50", []float64{100, 100, 100, 100, 100, 100, 100, 100, 100, 100,
			100, 100, 100, 100, 100, 100, 100, 100, 100, 2000},
			// 19 deviations of -95 and one of +1805 from the mean of 195.
			Summary{N: 20, Min: 100, P50: 100, P95: 195, Max: 2000, Mean: 195, Stdev: math.Sqrt((19*95*95 + 1805*1805) / 19.0)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := Summarize(tt.samples)
			if !ok {
				t.Fatal("no summary")
			}
			w := tt.want
			if got.N != w.N || !testkit.Near(got.Min, w.Min) || !testkit.Near(got.P50, w.P50) || !testkit.Near(got.P95, w.P95) ||
				!testkit.Near(got.Max, w.Max) || !testkit.Near(got.Mean, w.Mean) || !testkit.Near(got.Stdev, w.Stdev) {
				t.Errorf("Summarize = %+v, want %+v", got, w)
			}
		})
	}
}

func TestSummarizeEmptyAndInvalid(t *testing.T) {
	if _, ok := Summarize(nil); ok {
		t.Error("no samples must give no summary")
	}
	if _, ok := Summarize([]float64{math.NaN(), math.Inf(1)}); ok {
		t.Error("only invalid samples must give no summary")
	}
	got, _ := Summarize([]float64{math.NaN(), 3, 1})
	if got.N != 2 || got.P50 != 2 {
		t.Errorf("NaN must be ignored: %+v", got)
	}
}

func TestSummarizeDoesNotReorderInput(t *testing.T) {
	in := []float64{3, 1, 2}
	Summarize(in)
	if in[0] != 3 || in[1] != 1 || in[2] != 2 {
		t.Errorf("input changed: %v", in)
	}
}

func TestPercentileEdges(t *testing.T) {
	xs := []float64{10, 20, 30, 40}
	for _, tc := range []struct{ p, want float64 }{{0, 10}, {100, 40}, {50, 25}, {25, 17.5}, {-5, 10}, {150, 40}} {
		if got, _ := Percentile(xs, tc.p); !testkit.Near(got, tc.want) {
			t.Errorf("p%v = %v, want %v", tc.p, got, tc.want)
		}
	}
	if _, ok := Percentile(nil, 50); ok {
		t.Error("percentile of nothing must not be ok")
	}
}

// BenchmarkSummarize1000 is the cost of one statistic over a long bench.
func BenchmarkSummarize1000(b *testing.B) {
	xs := make([]float64, 1000)
	for i := range xs {
		xs[i] = float64((i * 7919) % 1000)
	}
	b.ReportAllocs()
	for b.Loop() {
		Summarize(xs)
	}
}
