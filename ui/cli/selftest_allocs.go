package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"sync"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/fake"
)

// replayTransport answers every request with the body the fake provider
// streamed for the first request to the same path, one SSE event per body
// read. Serving from memory keeps the fake's own allocations out of the
// count, so what is counted is the engine's.
type replayTransport struct {
	script fake.Script
	mu     sync.Mutex
	bodies map[string][]byte
}

func (t *replayTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	body, err := t.body(req)
	if err != nil {
		return nil, err
	}
	return &http.Response{StatusCode: 200, Status: "200 OK", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Content-Type": {"text/event-stream"}}, ContentLength: -1,
		Body: io.NopCloser(&eventReader{data: body}), Request: req}, nil
}

func (t *replayTransport) body(req *http.Request) ([]byte, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if b, ok := t.bodies[req.URL.Path]; ok {
		req.Body.Close()
		return b, nil
	}
	resp, err := fake.InProcess(fake.New(func(fake.Request) fake.Script { return t.script })).RoundTrip(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, fmt.Errorf("recording %s: %w", req.URL.Path, err)
	}
	if t.bodies == nil {
		t.bodies = map[string][]byte{}
	}
	t.bodies[req.URL.Path] = b
	return b, nil
}

// eventReader returns data one SSE event (up to a blank line) per Read, as
// a live stream arrives.
type eventReader struct {
	data []byte
	off  int
}

func (r *eventReader) Read(p []byte) (int, error) {
	if r.off >= len(r.data) {
		return 0, io.EOF
	}
	rest := r.data[r.off:]
	end := len(rest)
	if i := bytes.Index(rest, []byte("\n\n")); i >= 0 {
		end = i + 2
	} else if i := bytes.Index(rest, []byte("\r\n\r\n")); i >= 0 {
		end = i + 4
	}
	n := copy(p, rest[:end])
	r.off += n
	return n, nil
}

// sectionAllocs streams recorded answers of each wire through the engine
// (transport response, SSE reader, decoder, sanitiser, queue, channel) and
// counts the allocations per chunk.
func sectionAllocs(ctx context.Context, sizes selftestSizes, out io.Writer) error {
	for _, w := range []struct {
		name string
		kind backend.Kind
		base string
	}{{"openai", backend.KindOpenAI, "/v1"}, {"anthropic", backend.KindAnthropic, ""}, {"gemini", backend.KindGemini, ""}} {
		tokens := make([]string, sizes.Chunks)
		for i := range tokens {
			tokens[i] = " tok"
		}
		e := backend.NewEngine(backend.EngineOptions{Transport: &replayTransport{script: fake.Script{Tokens: tokens}}})
		rt, err := backend.NewRoute(w.kind, "m", "http://replay.invalid"+w.base, "")
		if err != nil {
			return err
		}
		rt.Name, rt.KeyName = w.name, ""
		if err := drainRoute(ctx, e, rt); err != nil { // record the body, warm the pools
			return err
		}
		const runs = 5
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for range runs {
			if err := drainRoute(ctx, e, rt); err != nil {
				return err
			}
		}
		runtime.ReadMemStats(&after)
		n := float64(runs * sizes.Chunks)
		fmt.Fprintf(out, "  %-9s %.2f allocations, %.0f bytes per chunk (the decoded text is one)\n",
			w.name, float64(after.Mallocs-before.Mallocs)/n, float64(after.TotalAlloc-before.TotalAlloc)/n)
	}
	return nil
}

// drainRoute runs rt to its end and fails unless it finished cleanly.
func drainRoute(ctx context.Context, e *backend.Engine, rt backend.Route) error {
	var last backend.Event
	req := backend.Request{Messages: []backend.Message{{Role: backend.RoleUser, Content: "hi"}}}
	for ev := range e.Stream(ctx, rt, req) {
		last = ev
	}
	if last.Kind != backend.EventDone {
		return fmt.Errorf("%s: stream ended with %v", rt.Name, last.Kind)
	}
	return nil
}
