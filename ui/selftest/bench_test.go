package selftest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend/figure"
)

// Benchmarks of the selftest's playground sections (docs/PERFORMANCE.md, run
// by .ci/bench). Sections 1 and 5 are benchmarked in package backend/engine,
// the memory of section 4 in package ui.

// BenchmarkSelftestLive: one op is the live run of the budget (8 routes ×
// 5,000 tokens/s for 2 s) through the real playground in a headless Bubble
// Tea program. own-core is routeplay's CPU-seconds per second of stream
// beyond reading the bytes (target < 1), without the selftest's reading of
// the painted frames; lag-ms, lag-p99-ms and lag-growth-ms are the display
// lag (newest text on the painted screen vs its arrival; target: no growth
// between the halves of the run), intake-lag-ms the lag of the newest event
// the playground took, parse-us/frame the cost of reading a frame's markers.
func BenchmarkSelftestLive(b *testing.B) {
	sizes := BudgetSizes()
	sizes.LiveFor = 2 * time.Second
	n := sizes.TokensPerSec * int(sizes.LiveFor/time.Millisecond) / 1000
	sc := liveScripts(n, sizes.TokensPerSec, sizes.Routes)
	nominal := sizes.LiveFor.Seconds()
	var own, fps, perUpdate, lag, p99, growth, intake, parse float64
	for b.Loop() {
		floor, err := liveFloor(context.Background(), sc)
		if err != nil {
			b.Fatal(err)
		}
		run, err := liveFull(context.Background(), sc)
		if err != nil {
			b.Fatal(err)
		}
		own += (run.cores*run.wall.Seconds() - floor.cores*floor.wall.Seconds()) / nominal
		fps += float64(run.paints) / run.wall.Seconds()
		perUpdate += float64(run.events) / float64(max(run.updates, 1))
		first, last := halves(run.lags)
		lag += figure.MsOf(percentile(run.lags, 0.5))
		p99 += figure.MsOf(percentile(run.lags, 0.99))
		growth += figure.MsOf(last - first)
		intake += figure.MsOf(percentile(run.intake, 0.5))
		parse += float64(run.parseCPU) / 1e3 / float64(max(run.parses, 1))
	}
	k := float64(b.N)
	b.ReportMetric(own/k, "own-core")
	b.ReportMetric(fps/k, "frames/s")
	b.ReportMetric(perUpdate/k, "events/update")
	b.ReportMetric(lag/k, "lag-ms")
	b.ReportMetric(p99/k, "lag-p99-ms")
	b.ReportMetric(growth/k, "lag-growth-ms")
	b.ReportMetric(intake/k, "intake-lag-ms")
	b.ReportMetric(parse/k, "parse-us/frame")
}

// BenchmarkSelftestLongAnswer: one op streams one answer of n tokens at
// 50,000 tokens/s into one pane; cpu-us/token should not grow with n.
func BenchmarkSelftestLongAnswer(b *testing.B) {
	for _, n := range BudgetSizes().LongTokens {
		b.Run(fmt.Sprintf("tokens=%d", n), func(b *testing.B) {
			var cpu time.Duration
			for b.Loop() {
				_, c, pg, err := playReplay(context.Background(), &replay{n: n, rate: BudgetSizes().LongRate}, 1, 120, 40)
				if stopErr := pg.stop(); err == nil {
					err = stopErr
				}
				if err != nil {
					b.Fatal(err)
				}
				cpu += c
			}
			b.ReportMetric(float64(cpu.Microseconds())/float64(b.N*n), "cpu-us/token")
		})
	}
}

// BenchmarkSelftestFirstFrame: from ui.New to the first View of the
// playground on the demo routes in a real (headless) program; target
// ≤ 100 ms from process start (the selftest also measures from exec).
func BenchmarkSelftestFirstFrame(b *testing.B) {
	var total time.Duration
	for b.Loop() {
		f, err := firstFrame(context.Background())
		if err != nil {
			b.Fatal(err)
		}
		total += f.newToView
	}
	b.ReportMetric(figure.MsOf(total)/float64(b.N), "new-to-view-ms")
}
