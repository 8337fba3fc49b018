package engine

import (
	"context"
	"net/http/httptest"
	"os/exec"
	"runtime"
	"slices"
	"syscall"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/demo"
	"github.com/routeplay/routeplay/backend/internal/testkit"
)

// Performance budget benchmarks (docs/PERFORMANCE.md, run by .ci/bench).
// Their targets live here as reported metrics, never as test failures.

// BenchmarkPerfFirstToken: one op is one interleaved round of routeplay on a
// warm connection (compared with the server's own record of when it wrote
// the first token), routeplay on a fresh connection and curl on a fresh
// connection (compared with curl's time_starttransfer) against one loopback
// stream whose headers go out with the first token. Medians over b.N rounds
// (-benchtime 20x for the budget's median of 20); target: both within 1 ms.
func BenchmarkPerfFirstToken(b *testing.B) {
	g := &groundTruthServer{firstToken: 20 * time.Millisecond, together: true}
	srv := httptest.NewServer(g)
	defer srv.Close()
	warm := NewEngine(EngineOptions{Keys: testkit.StaticKeys{"openai": "k"}})
	firstTokenOnce(b, warm, srv.URL) // first use of the network stack and the pool
	curl, _ := exec.LookPath("curl")
	var vsTruth, ours, theirs []float64
	for b.Loop() {
		ft := firstTokenOnce(b, warm, srv.URL)
		vsTruth = append(vsTruth, us(ft-g.last()))
		if curl != "" {
			ours = append(ours, us(firstTokenOnce(b, coldEngine(), srv.URL)))
			theirs = append(theirs, us(curlStartTransfer(b, curl, srv.URL)))
		}
	}
	b.ReportMetric(medianOf(vsTruth), "vs-truth-us")
	if curl == "" {
		b.Log("curl not installed: the curl comparison is skipped")
		return
	}
	b.ReportMetric(medianOf(ours)-medianOf(theirs), "vs-curl-us")
	b.ReportMetric(medianOf(theirs), "curl-us")
}

// BenchmarkPerfEngineChunk streams recorded 2,000-chunk answers through the
// whole engine path (transport response, SSE reader, decoder, sanitiser,
// queue, channel) with one chunk per body read, as a live stream arrives.
// The body is served from memory so that only the engine's own work and
// allocations are counted; one op is one stream, the metrics are per chunk.
func BenchmarkPerfEngineChunk(b *testing.B) {
	for _, w := range []struct {
		name string
		kind backend.Kind
		base string
	}{{"openai", backend.KindOpenAI, "/v1"}, {"anthropic", backend.KindAnthropic, ""}, {"gemini", backend.KindGemini, ""}} {
		b.Run(w.name, func(b *testing.B) {
			const chunks = 2000
			tr := demo.Replay(demo.Script{Tokens: repeatToken(" tok", chunks)})
			e := NewEngine(EngineOptions{Transport: tr})
			rt, err := backend.NewRoute(w.kind, "m", "http://replay.invalid"+w.base, "")
			if err != nil {
				b.Fatal(err)
			}
			rt.KeyName = ""
			drainRoute(b, e, rt) // record the body and warm the pools
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			cpu0 := processCPU()
			for b.Loop() {
				drainRoute(b, e, rt)
			}
			cpu := processCPU() - cpu0
			runtime.ReadMemStats(&after)
			n := float64(b.N * chunks)
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/n, "ns/chunk")
			// CPU of every goroutine on the path, which a busy machine does not inflate.
			b.ReportMetric(float64(cpu.Nanoseconds())/n, "cpu-ns/chunk")
			b.ReportMetric(float64(after.Mallocs-before.Mallocs)/n, "allocs/chunk")
			b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/n, "B/chunk")
		})
	}
}

func repeatToken(tok string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = tok
	}
	return out
}

// drainRoute runs rt to its end and fails unless it finished cleanly.
func drainRoute(tb testing.TB, e *Engine, rt backend.Route) {
	var last backend.Event
	for ev := range e.Stream(context.Background(), rt, testkit.Ask("hi")) {
		last = ev
	}
	if last.Kind != backend.EventDone {
		tb.Fatalf("stream ended with %v: %v", last.Kind, last.Err)
	}
}

func us(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }

func medianOf(xs []float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

// processCPU is the CPU time (user + system) the process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
