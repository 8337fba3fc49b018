package demo

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"go.uber.org/goleak"
)

func TestMain(m *testing.M) { goleak.VerifyTestMain(m) }

// sseEvent is one parsed SSE event, or one comment line.
type sseEvent struct {
	comment string
	event   string
	data    string
}

// parseSSE is a tiny SSE parser: comments become their own entries, a blank
// line dispatches, and an event pending at EOF is dispatched too (terminated
// reports whether the body ended with a blank line).
func parseSSE(body []byte) (events []sseEvent, terminated bool) {
	var cur sseEvent
	pending := false
	lines := strings.Split(string(body), "\n")
	for i, line := range lines {
		line = strings.TrimSuffix(line, "\r")
		last := i == len(lines)-1
		switch {
		case line == "":
			if pending {
				events = append(events, cur)
				cur, pending = sseEvent{}, false
			}
			continue
		case strings.HasPrefix(line, ":"):
			events = append(events, sseEvent{comment: strings.TrimSpace(line[1:])})
			continue
		}
		name, value, _ := strings.Cut(line, ":")
		value = strings.TrimPrefix(value, " ")
		switch name {
		case "event":
			cur.event = value
		case "data":
			if cur.data != "" {
				cur.data += "\n"
			}
			cur.data += value
		}
		pending = true
		if last {
			events = append(events, cur)
			return events, false
		}
	}
	return events, strings.HasSuffix(string(body), "\n\n")
}

// dataEvents drops comments.
func dataEvents(evs []sseEvent) []sseEvent {
	var out []sseEvent
	for _, e := range evs {
		if e.comment == "" {
			out = append(out, e)
		}
	}
	return out
}

func decode(t *testing.T, data string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(data), &m); err != nil {
		t.Fatalf("event data is not JSON: %v: %.200q", err, data)
	}
	return m
}

// dig walks nested maps and slices: dig(m, "choices", 0, "delta", "content").
func dig(v any, path ...any) any {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			s, _ := v.([]any)
			if k >= len(s) {
				return nil
			}
			v = s[k]
		}
	}
	return v
}

// num reads a JSON number as an int (-1 when absent).
func num(v any) int {
	f, ok := v.(float64)
	if !ok {
		return -1
	}
	return int(f)
}

const testPrompt = "Name a prime number please"

// wireCall is how to ask each wire for a stream.
type wireCall struct {
	wire Wire
	path string
	body string
}

var wireCalls = []wireCall{
	{OpenAI, "/v1/chat/completions",
		`{"model":"m-1","stream":true,"messages":[{"role":"system","content":"Be terse."},{"role":"user","content":"` + testPrompt + `"}]}`},
	{Anthropic, "/v1/messages",
		`{"model":"m-1","max_tokens":64,"stream":true,"messages":[{"role":"user","content":[{"type":"text","text":"` + testPrompt + `"}]}]}`},
	{Gemini, "/v1beta/models/m-1:streamGenerateContent?alt=sse",
		`{"contents":[{"role":"user","parts":[{"text":"` + testPrompt + `"}]}]}`},
}

func callFor(w Wire) wireCall { return wireCalls[w] }

// newClient returns a client whose idle connections are closed when the
// test ends, so leak checks see no transport goroutines.
func newClient(t *testing.T) *http.Client {
	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
}

// startFake serves sc on loopback for the length of the test.
func startFake(t *testing.T, sc Script) (*Server, string) {
	t.Helper()
	s, ts := Start(func(Request) Script { return sc })
	t.Cleanup(func() {
		s.Close()
		ts.Close()
	})
	return s, ts.URL
}

// do sends one request and returns the response with its whole body; err is
// the error that ended reading the body, if any.
func do(t *testing.T, ctx context.Context, c *http.Client, method, url, body string, h http.Header) (*http.Response, []byte, error) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range h {
		req.Header[k] = v
	}
	resp, err := c.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp, b, err
}

// streamWire runs one scripted stream on loopback and parses it.
func streamWire(t *testing.T, w Wire, sc Script) (*http.Response, []sseEvent, []byte) {
	t.Helper()
	_, url := startFake(t, sc)
	call := callFor(w)
	resp, body, err := do(t, context.Background(), newClient(t), http.MethodPost, url+call.path, call.body, nil)
	if err != nil {
		t.Fatalf("reading the body: %v", err)
	}
	evs, _ := parseSSE(body)
	return resp, evs, body
}

// streamText is the concatenated answer and reasoning of a parsed stream.
func streamText(t *testing.T, w Wire, evs []sseEvent) (text, reasoning string) {
	t.Helper()
	var tb, rb bytes.Buffer
	for _, e := range dataEvents(evs) {
		if e.data == "[DONE]" {
			continue
		}
		m := decode(t, e.data)
		switch w {
		case OpenAI:
			c, _ := dig(m, "choices", 0, "delta", "content").(string)
			r, _ := dig(m, "choices", 0, "delta", "reasoning").(string)
			rc, _ := dig(m, "choices", 0, "delta", "reasoning_content").(string)
			tb.WriteString(c)
			rb.WriteString(r + rc)
		case Anthropic:
			c, _ := dig(m, "delta", "text").(string)
			r, _ := dig(m, "delta", "thinking").(string)
			tb.WriteString(c)
			rb.WriteString(r)
		case Gemini:
			parts, _ := dig(m, "candidates", 0, "content", "parts").([]any)
			for _, p := range parts {
				s, _ := dig(p, "text").(string)
				if dig(p, "thought") == true {
					rb.WriteString(s)
				} else {
					tb.WriteString(s)
				}
			}
		}
	}
	return tb.String(), rb.String()
}
