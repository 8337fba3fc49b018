package engine

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/internal/testkit"
)

// groundTruthServer streams one OpenAI-style answer whose first token is
// written firstToken after the request arrived, and records exactly when
// (server clock). With together=true the headers go out with the first
// token, so curl's time_starttransfer marks the first token too.
type groundTruthServer struct {
	firstToken time.Duration
	together   bool
	mu         sync.Mutex
	truth      []time.Duration
}

func (g *groundTruthServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	t0 := time.Now()
	w.Header().Set("Content-Type", "text/event-stream")
	fl := w.(http.Flusher)
	if !g.together {
		w.WriteHeader(200)
		fl.Flush()
	}
	time.Sleep(g.firstToken - time.Since(t0))
	g.mu.Lock()
	g.truth = append(g.truth, time.Since(t0))
	g.mu.Unlock()
	fmt.Fprint(w, "data: {\"choices\":[{\"delta\":{\"content\":\"Hello\"}}]}\n\n")
	fl.Flush()
	fmt.Fprint(w, "data: {\"choices\":[{\"delta\":{\"content\":\" world\"},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n")
}

func (g *groundTruthServer) last() time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.truth[len(g.truth)-1]
}

// coldEngine opens a fresh connection for every request, as curl does.
func coldEngine() *Engine {
	return NewEngine(EngineOptions{Keys: testkit.StaticKeys{"openai": "k"}, Transport: &http.Transport{DisableKeepAlives: true}})
}

// firstTokenOnce runs one route and returns its first-token time.
func firstTokenOnce(tb testing.TB, e *Engine, url string) time.Duration {
	rt, _ := backend.NewRoute(backend.KindOpenAI, "m", url+"/v1", "")
	res := e.RunAll(context.Background(), []backend.Route{rt}, testkit.Ask("hi"), nil)[0]
	if res.Err != nil || res.Timing.FirstToken == nil {
		tb.Fatalf("run failed: %v", res.Err)
	}
	return *res.Timing.FirstToken
}

func curlStartTransfer(tb testing.TB, curl, url string) time.Duration {
	out, err := exec.Command(curl, "-s", "-o", "/dev/null", "-w", "%{time_starttransfer}", "-X", "POST",
		"-H", "Content-Type: application/json", "-d", `{"model":"m","stream":true}`, url+"/v1/chat/completions").Output()
	if err != nil {
		tb.Fatalf("curl: %v", err)
	}
	secs, err := strconv.ParseFloat(strings.TrimSpace(string(out)), 64)
	if err != nil {
		tb.Fatalf("curl output %q: %v", out, err)
	}
	return time.Duration(secs * float64(time.Second))
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

// BenchmarkFirstTokenAccuracy reports how far routeplay's first-token time
// is from the server's own record of when it wrote the first token
// (err-us = median of routeplay − ground truth, over b.N runs).
// Warm reuses one connection; Cold dials for every run, so its error also
// holds the TCP connect.
func BenchmarkFirstTokenAccuracy(b *testing.B) {
	warm := NewEngine(EngineOptions{Keys: testkit.StaticKeys{"openai": "k"}})
	for _, c := range []struct {
		name   string
		engine *Engine
	}{{"Warm", warm}, {"Cold", coldEngine()}} {
		b.Run(c.name, func(b *testing.B) {
			g := &groundTruthServer{firstToken: 20 * time.Millisecond}
			srv := httptest.NewServer(g)
			defer srv.Close()
			firstTokenOnce(b, c.engine, srv.URL) // first use of the network stack
			var diffs []time.Duration
			for b.Loop() {
				ft := firstTokenOnce(b, c.engine, srv.URL)
				diffs = append(diffs, ft-g.last())
			}
			b.ReportMetric(float64(median(diffs).Microseconds()), "err-us")
			b.ReportMetric(float64(slices.Max(diffs).Microseconds()), "worst-us")
		})
	}
}

// BenchmarkFirstTokenVsCurl interleaves routeplay and curl on the same
// loopback stream (headers and first token written together) and reports
// the median difference of routeplay's first token and curl's
// time_starttransfer.
func BenchmarkFirstTokenVsCurl(b *testing.B) {
	curl, err := exec.LookPath("curl")
	if err != nil {
		b.Skip("curl not installed")
	}
	g := &groundTruthServer{firstToken: 20 * time.Millisecond, together: true}
	srv := httptest.NewServer(g)
	defer srv.Close()
	var ours, theirs []time.Duration
	for b.Loop() {
		ours = append(ours, firstTokenOnce(b, coldEngine(), srv.URL))
		theirs = append(theirs, curlStartTransfer(b, curl, srv.URL))
	}
	b.ReportMetric(float64(median(ours).Microseconds()), "routeplay-us")
	b.ReportMetric(float64(median(theirs).Microseconds()), "curl-us")
	b.ReportMetric(float64((median(ours) - median(theirs)).Microseconds()), "diff-us")
}
