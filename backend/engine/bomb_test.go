package engine

import (
	"compress/gzip"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/internal/testkit"
)

// bombServer answers with gzip, asked for or not, inflating to up to
// 512 MiB of valid OpenAI-style deltas, and records whether the client
// asked for compression.
func bombServer(t *testing.T, askedGzip *atomic.Bool) *httptest.Server {
	event := []byte("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + strings.Repeat("A", 4000) + "\"}}]}\n\n")
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		askedGzip.Store(strings.Contains(r.Header.Get("Accept-Encoding"), "gzip"))
		w.Header().Set("Content-Type", "text/event-stream")
		w.Header().Set("Content-Encoding", "gzip")
		zw, _ := gzip.NewWriterLevel(w, gzip.BestSpeed)
		defer zw.Close()
		for sent := 0; sent < 512<<20; sent += len(event) {
			if _, err := zw.Write(event); err != nil {
				return
			}
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

// Probe: a gzip stream of 362 KB inflated to 256 MiB took ask to 1.77 GB.
// Each run now decodes at most its limit and ends with a clear error.
func TestGzipBombEndsAtTheLimit(t *testing.T) {
	var asked atomic.Bool
	srv := bombServer(t, &asked)
	e := advEngine(backend.Timeouts{Response: 10 * time.Second})
	rt := testkit.FakeRoute(t, "bomb", backend.KindOpenAI, srv.URL+"/v1", "m")
	rt.MaxResponseBytes = 4 << 20
	var before runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	r := advRun(t, e, rt)[0]
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	if r.Err == nil || r.Err.Kind != backend.ErrTooLarge {
		t.Fatalf("error %v, want kind %s", r.Err, backend.ErrTooLarge)
	}
	if !strings.Contains(r.Err.Message, "4 MiB") || !strings.Contains(r.Err.Message, "max_response_bytes") {
		t.Errorf("message %q does not name the limit and its setting", r.Err.Message)
	}
	if n := r.Text.Len(); n > 4<<20 || n == 0 {
		t.Errorf("kept %d bytes of text, want some and at most the limit", n)
	}
	if grew := int64(after.TotalAlloc - before.TotalAlloc); grew > 64<<20 {
		t.Errorf("allocated %d MiB for a 4 MiB limit", grew>>20)
	}
	if asked.Load() {
		t.Errorf("the engine asked for gzip")
	}
}

func TestMaxResponseBytesDefaultAndEngineLimit(t *testing.T) {
	var asked atomic.Bool
	srv := bombServer(t, &asked)
	e := NewEngine(EngineOptions{Keys: testkit.StaticKeys{"openai": advKey}, MaxResponseBytes: 1 << 20})
	r := advRun(t, e, testkit.FakeRoute(t, "bomb", backend.KindOpenAI, srv.URL+"/v1", "m"))[0]
	if r.Err == nil || r.Err.Kind != backend.ErrTooLarge || !strings.Contains(r.Err.Message, "1 MiB") {
		t.Fatalf("error %v, want the engine's 1 MiB limit", r.Err)
	}
}
