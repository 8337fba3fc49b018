package selftest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/demo"
	"github.com/routeplay/routeplay/backend/engine"
	"github.com/routeplay/routeplay/backend/figure"
)

// firstTokenMark is the first answer piece; the ground-truth recorder
// stamps the write that carries it.
const firstTokenMark = "Hello"

// truthRecorder wraps a fake provider and records, by the server's own
// clock, how long after each request arrived it wrote the first token.
type truthRecorder struct {
	h     http.Handler
	mu    sync.Mutex
	truth []time.Duration
}

func (t *truthRecorder) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	sw := &stampWriter{ResponseWriter: w, arrived: time.Now()}
	t.h.ServeHTTP(sw, r)
	if sw.stamped {
		t.mu.Lock()
		t.truth = append(t.truth, sw.first)
		t.mu.Unlock()
	}
}

func (t *truthRecorder) last() (time.Duration, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.truth) == 0 {
		return 0, false
	}
	return t.truth[len(t.truth)-1], true
}

type stampWriter struct {
	http.ResponseWriter
	arrived time.Time
	first   time.Duration
	stamped bool
}

func (w *stampWriter) Write(b []byte) (int, error) {
	if !w.stamped && bytes.Contains(b, []byte(firstTokenMark)) {
		w.first, w.stamped = time.Since(w.arrived), true
	}
	return w.ResponseWriter.Write(b)
}

func (w *stampWriter) Flush() { w.ResponseWriter.(http.Flusher).Flush() }

// sectionFirstToken interleaves three measurements of one loopback stream
// whose headers and first token go out together: routeplay on a warm
// connection against the fake's record, routeplay on a fresh connection and
// curl on a fresh connection against each other.
func sectionFirstToken(ctx context.Context, sizes Sizes, out io.Writer) error {
	rec := &truthRecorder{h: demo.New(func(demo.Request) demo.Script {
		return demo.Script{HeaderDelay: sizes.FirstTokenWait, Tokens: []string{firstTokenMark, " world"}}
	})}
	srv := httptest.NewServer(rec)
	defer srv.Close()
	rt, err := backend.NewRoute(backend.KindOpenAICompatible, "m", srv.URL+"/v1", "")
	if err != nil {
		return err
	}
	rt.Name, rt.KeyName = "selftest", ""
	warm := engine.NewEngine(engine.EngineOptions{})
	if _, err := firstToken(ctx, warm, rt); err != nil { // first use of the network stack
		return err
	}
	curl, _ := exec.LookPath("curl")
	var vsTruth, ours, theirs []time.Duration
	for range sizes.FirstTokenRuns {
		ft, err := firstToken(ctx, warm, rt)
		if err != nil {
			return err
		}
		truth, ok := rec.last()
		if !ok {
			return fmt.Errorf("the fake recorded no first token")
		}
		vsTruth = append(vsTruth, ft-truth)
		if curl == "" {
			continue
		}
		cold := engine.NewEngine(engine.EngineOptions{Transport: &http.Transport{DisableKeepAlives: true}})
		if ft, err = firstToken(ctx, cold, rt); err != nil {
			return err
		}
		ours = append(ours, ft)
		st, err := curlStartTransfer(ctx, curl, srv.URL)
		if err != nil {
			return err
		}
		theirs = append(theirs, st)
	}
	printFirstToken(out, sizes, vsTruth, ours, theirs)
	return nil
}

func printFirstToken(out io.Writer, sizes Sizes, vsTruth, ours, theirs []time.Duration) {
	n := len(vsTruth)
	d := percentile(vsTruth, 0.5)
	fmt.Fprintf(out, "  routeplay − fake's record (warm connection): median %+.3f ms, spread %s over %d runs   target ≤ 1 ms  %s\n",
		figure.MsOf(d), spread(vsTruth), n, verdict(d <= time.Millisecond))
	if len(theirs) == 0 {
		fmt.Fprintln(out, "  curl not installed: the curl comparison is skipped")
		return
	}
	o, t := percentile(ours, 0.5), percentile(theirs, 0.5)
	diff := o - t
	fmt.Fprintf(out, "  routeplay − curl time_starttransfer (fresh connections, interleaved): median %.3f − %.3f = %+.3f ms (ratio %.3f)   target within 1 ms  %s\n",
		figure.MsOf(o), figure.MsOf(t), figure.MsOf(diff), float64(o)/float64(t), verdict(diff <= time.Millisecond))
	fmt.Fprintf(out, "    curl spread %s, routeplay spread %s; the fake waits %s before headers and first token\n",
		spread(theirs), spread(ours), sizes.FirstTokenWait)
	if diff < -time.Millisecond {
		// Earlier than curl is no overhead of routeplay's: a fresh curl
		// process waits to be scheduled when its first byte arrives.
		fmt.Fprintln(out, "    routeplay saw the first token before curl did: the difference is curl's own delay (compare the spreads)")
	}
}

// firstToken runs rt once and returns its first-token time.
func firstToken(ctx context.Context, e *engine.Engine, rt backend.Route) (time.Duration, error) {
	req := backend.Request{Messages: []backend.Message{{Role: backend.RoleUser, Content: "hi"}}}
	res := e.RunAll(ctx, []backend.Route{rt}, req, nil)[0]
	if res.Err != nil {
		return 0, fmt.Errorf("first-token run: %s", res.Err.Message)
	}
	if res.Timing.FirstToken == nil {
		return 0, fmt.Errorf("first-token run: no first token")
	}
	return *res.Timing.FirstToken, nil
}

// curlStartTransfer runs curl on the same stream, its output to /dev/null
// so no pipe reader's start-up joins the measurement.
func curlStartTransfer(ctx context.Context, curl, base string) (time.Duration, error) {
	out, err := exec.CommandContext(ctx, curl, "-s", "-o", "/dev/null", "-w", "%{time_starttransfer}", "-X", "POST",
		"-H", "Content-Type: application/json", "-d", `{"model":"m","stream":true,"messages":[{"role":"user","content":"hi"}]}`,
		base+"/v1/chat/completions").Output()
	if err != nil {
		return 0, fmt.Errorf("curl: %w", err)
	}
	secs, err := strconv.ParseFloat(strings.TrimSpace(string(out)), 64)
	if err != nil {
		return 0, fmt.Errorf("curl printed %q: %w", out, err)
	}
	return time.Duration(secs * float64(time.Second)), nil
}

// spread is the min … max of ds in milliseconds.
func spread(ds []time.Duration) string {
	if len(ds) == 0 {
		return "–"
	}
	return fmt.Sprintf("%.3f…%.3f ms", figure.MsOf(slices.Min(ds)), figure.MsOf(slices.Max(ds)))
}
