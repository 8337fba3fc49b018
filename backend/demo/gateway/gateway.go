// Package gateway fakes an LLM gateway (Portkey, LiteLLM) in front of a fake
// provider, for tests that measure through one.
package gateway

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Flavour is which gateway a Fake behaves like.
type Flavour int

const (
	Portkey Flavour = iota // Portkey's open-source gateway
	LiteLLM                // the LiteLLM proxy
)

// Fake is a fake LLM gateway in front of a fake provider, with the
// habits that matter to measuring through one: Portkey refuses requests
// without x-portkey-provider or x-portkey-config, reports who served in
// response headers, marks its own failures apart from the provider's,
// sends its headers only with the first chunk, may hold that chunk, and
// falls back to the next target when one fails.
type Fake struct {
	Flavour  Flavour
	Upstream http.Handler
	// Hold keeps the first chunk (and whatever follows meanwhile) this
	// long before sending it, with the headers, in one write.
	Hold time.Duration
	// Exception makes the gateway itself fail.
	Exception bool
	// Targets are the models tried in order (a gateway-side fallback); a
	// target whose provider answers an error status is skipped. Empty
	// means the requested model alone.
	Targets []string
}

func (g *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if msg := g.refuse(r); msg != "" {
		writeFailure(w, http.StatusBadRequest, msg)
		return
	}
	if g.Exception {
		if g.Flavour == Portkey {
			w.Header().Set("x-portkey-gateway-exception", "true")
		}
		writeFailure(w, http.StatusInternalServerError, "gateway configuration error")
		return
	}
	body, _ := io.ReadAll(r.Body)
	targets := g.Targets
	if len(targets) == 0 {
		targets = []string{""}
	}
	hw := &holdWriter{w: w, hold: g.Hold, code: http.StatusOK}
	defer hw.end()
	for i, model := range targets {
		last := i == len(targets)-1
		aw := &attemptWriter{hw: hw, header: http.Header{}, last: last, onCommit: func(h http.Header) { g.setHeaders(h, r, model, i) }}
		g.Upstream.ServeHTTP(aw, withModel(r, body, model))
		if !aw.failed {
			return
		}
	}
}

// writeFailure is the gateway's own error body, apart from any provider's.
func writeFailure(w http.ResponseWriter, status int, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"status": "failure", "message": message})
}

func (g *Fake) refuse(r *http.Request) string {
	switch g.Flavour {
	case Portkey:
		if r.Header.Get("x-portkey-provider") == "" && r.Header.Get("x-portkey-config") == "" {
			return "Either x-portkey-config or x-portkey-provider header is required"
		}
	case LiteLLM:
		if !strings.HasPrefix(r.Header.Get("Authorization"), "Bearer ") {
			return "No api key passed in."
		}
	}
	return ""
}

// setHeaders adds the gateway's own response headers.
func (g *Fake) setHeaders(h http.Header, r *http.Request, model string, target int) {
	switch g.Flavour {
	case Portkey:
		h.Set("x-portkey-provider", r.Header.Get("x-portkey-provider"))
		if len(g.Targets) > 0 {
			h.Set("x-portkey-last-used-option-index", fmt.Sprintf("config.targets[%d]", target))
		}
	case LiteLLM:
		h.Set("x-litellm-model-api-base", "http://127.0.0.1/upstream")
		h.Set("x-litellm-model-id", "deployment-"+strconv.Itoa(target))
		h.Set("x-litellm-attempted-fallbacks", strconv.Itoa(target))
	}
}

// withModel is r with its body, and the model replaced when model is set.
func withModel(r *http.Request, body []byte, model string) *http.Request {
	if model != "" {
		var m map[string]any
		if json.Unmarshal(body, &m) == nil {
			m["model"] = model
			body, _ = json.Marshal(m)
		}
	}
	r2 := r.Clone(r.Context())
	r2.Body = io.NopCloser(bytes.NewReader(body))
	r2.ContentLength = int64(len(body))
	return r2
}

// attemptWriter is one target's try: an error status is dropped (unless
// it is the last target) so the next target can answer instead.
type attemptWriter struct {
	hw       *holdWriter
	header   http.Header
	last     bool
	onCommit func(http.Header)
	wrote    bool
	failed   bool
}

func (a *attemptWriter) Header() http.Header { return a.header }

func (a *attemptWriter) WriteHeader(code int) {
	if a.wrote {
		return
	}
	a.wrote = true
	if code >= 400 && !a.last {
		a.failed = true
		return
	}
	a.onCommit(a.header)
	a.hw.writeHeader(a.header, code)
}

func (a *attemptWriter) Write(p []byte) (int, error) {
	if !a.wrote {
		a.WriteHeader(http.StatusOK)
	}
	if a.failed {
		return len(p), nil
	}
	return a.hw.write(p)
}

func (a *attemptWriter) Flush() {
	if !a.failed {
		a.hw.flush()
	}
}

// holdWriter sends the headers only with the first body bytes, and holds
// those bytes (with any that follow meanwhile) for hold.
type holdWriter struct {
	w    http.ResponseWriter
	hold time.Duration
	code int

	mu      sync.Mutex
	buf     []byte
	timer   *time.Timer
	started bool
	sent    bool
}

func (h *holdWriter) writeHeader(hdr http.Header, code int) {
	for k, v := range hdr {
		h.w.Header()[k] = v
	}
	h.code = code
}

func (h *holdWriter) write(p []byte) (int, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.sent {
		return h.w.Write(p)
	}
	h.buf = append(h.buf, p...)
	if !h.started {
		h.started = true
		h.timer = time.AfterFunc(h.hold, h.release)
	}
	return len(p), nil
}

// release sends the held bytes in one write.
func (h *holdWriter) release() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.sent {
		return
	}
	h.sent = true
	h.w.WriteHeader(h.code)
	_, _ = h.w.Write(h.buf)
	h.buf = nil
	if f, ok := h.w.(http.Flusher); ok {
		f.Flush()
	}
}

// flush passes a flush on once the held bytes are out; before that the
// headers are not sent, as the gateway does.
func (h *holdWriter) flush() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if f, ok := h.w.(http.Flusher); ok && h.sent {
		f.Flush()
	}
}

// end sends whatever is still held (an answer shorter than the hold, or
// an error body) before the handler returns.
func (h *holdWriter) end() {
	h.mu.Lock()
	if h.timer != nil {
		h.timer.Stop()
	}
	pending := !h.sent
	h.mu.Unlock()
	if pending {
		h.release()
	}
}
