package demo

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"sync"
)

// Replay returns a transport that answers every request with the body the
// fake streamed for the first request to the same path, one SSE event per
// body read, as a live stream arrives. Serving from memory keeps the fake's
// own work out of a measurement, so what is counted is the client's.
func Replay(script Script) http.RoundTripper { return &replay{script: script} }

type replay struct {
	script Script
	mu     sync.Mutex
	bodies map[string][]byte
}

func (t *replay) RoundTrip(req *http.Request) (*http.Response, error) {
	body, err := t.body(req)
	if err != nil {
		return nil, err
	}
	return &http.Response{StatusCode: 200, Status: "200 OK", Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1,
		Header: http.Header{"Content-Type": {"text/event-stream"}}, ContentLength: -1,
		Body: io.NopCloser(&eventReader{data: body}), Request: req}, nil
}

func (t *replay) body(req *http.Request) ([]byte, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if b, ok := t.bodies[req.URL.Path]; ok {
		req.Body.Close()
		return b, nil
	}
	resp, err := InProcess(New(func(Request) Script { return t.script })).RoundTrip(req)
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

// eventReader returns data one SSE event (up to a blank line) per Read.
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
