package bench

import (
	"context"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/internal/testkit"
)

func ms(v float64) time.Duration { return time.Duration(v * float64(time.Millisecond)) }

func TestGapRecorderTakesContentChunksOnly(t *testing.T) {
	var g gapRecorder
	for _, ev := range []backend.Event{
		{Kind: backend.EventStarted},
		{Kind: backend.EventKeepAlive, At: ms(5)},
		{Kind: backend.EventReasoning, At: ms(100), Text: "hmm"},
		{Kind: backend.EventText, At: ms(110), Text: "a"},
		{Kind: backend.EventText, At: ms(115), Text: ""}, // an empty delta is no chunk
		{Kind: backend.EventToolCall, At: ms(130), Tool: &backend.ToolDelta{Arguments: "{"}},
		{Kind: backend.EventUsage, At: ms(140)},
		{Kind: backend.EventDone, At: ms(150)},
	} {
		g.observe(ev)
	}
	if len(g.gaps) != 2 || g.gaps[0] != ms(10) || g.gaps[1] != ms(20) {
		t.Errorf("gaps %v, want [10ms 20ms]", g.gaps)
	}
	// A fallback's attempt has its own clock: no gap spans the two.
	g.observe(backend.Event{Kind: backend.EventFallback, At: ms(160)})
	g.observe(backend.Event{Kind: backend.EventText, At: ms(50), Text: "b"})
	g.observe(backend.Event{Kind: backend.EventText, At: ms(53), Text: "c"})
	if len(g.gaps) != 1 || g.gaps[0] != ms(3) {
		t.Errorf("after a fallback, gaps %v, want [3ms]", g.gaps)
	}
}

func TestSummarizeITLPoolsEveryGap(t *testing.T) {
	// 1..100 ms over two runs: p50 50.5, p95 95.05, p99 99.01 (linear
	// interpolation between closest ranks, as stats.Percentile does).
	var a, b []time.Duration
	for i := 1; i <= 100; i++ {
		if i%2 == 0 {
			a = append(a, ms(float64(i)))
		} else {
			b = append(b, ms(float64(i)))
		}
	}
	got := SummarizeITL(a, nil, b)
	if got == nil || !testkit.Near(got.P50, 50.5) || !testkit.Near(got.P95, 95.05) || !testkit.Near(got.P99, 99.01) || got.Gaps != 100 {
		t.Errorf("ITL %+v", got)
	}
	if SummarizeITL(nil, []time.Duration{}) != nil {
		t.Error("no gaps must give no ITL, not zeros")
	}
}

func TestBenchRecordsGapsFromEngineStamps(t *testing.T) {
	_, routes := testkit.BenchFake(t, map[string]time.Duration{"a": 0})
	res := Run(context.Background(), newTestEngine(backend.Timeouts{}), routes, Options{Runs: 3, Warmup: 0, Request: testkit.Ask("hi")})
	br := res.Routes[0]
	if len(br.Gaps) != 3 {
		t.Fatalf("%d gap lists", len(br.Gaps))
	}
	for i, g := range br.Gaps {
		// Three pieces: two gaps. Pieces that arrive in one read share a
		// stamp, so a gap can be zero, never negative.
		if len(g) != 2 || g[0] < 0 || g[1] < 0 {
			t.Errorf("run %d: gaps %v", i, g)
		}
	}
	if s := br.Summary(); s.ITLMs == nil || s.ITLMs.Gaps != 6 || s.RequestsPerS == nil || *s.RequestsPerS <= 0 {
		t.Errorf("summary %+v", s)
	}
}

func BenchmarkSummarizeITL(b *testing.B) {
	// A bench of 100 runs of 2,000 chunks each.
	runs := make([][]time.Duration, 100)
	for i := range runs {
		runs[i] = make([]time.Duration, 2000)
		for j := range runs[i] {
			runs[i][j] = time.Duration((i*7919+j*104729)%50000) * time.Microsecond
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		SummarizeITL(runs...)
	}
}

func BenchmarkGapRecorder(b *testing.B) {
	ev := backend.Event{Kind: backend.EventText, Text: "tok "}
	b.ReportAllocs()
	for b.Loop() {
		var g gapRecorder
		for i := range 20_000 {
			ev.At = time.Duration(i) * time.Millisecond
			g.observe(ev)
		}
	}
}
