package demo

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// terminator is how each wire's normal stream ends.
var terminator = map[Wire]string{OpenAI: "[DONE]", Anthropic: "message_stop", Gemini: `"finishReason"`}

// countPieces counts the answer deltas of a parsed stream.
func countPieces(t *testing.T, w Wire, evs []sseEvent) int {
	n := 0
	for _, e := range dataEvents(evs) {
		if e.data == "[DONE]" || !strings.HasPrefix(e.data, "{") || !json200(e.data) {
			continue
		}
		if text, _ := streamText(t, w, []sseEvent{e}); text != "" {
			n++
		}
	}
	return n
}

func json200(s string) bool { return strings.HasSuffix(s, "}") }

func TestHTTPErrorBodies(t *testing.T) {
	for _, w := range []Wire{OpenAI, Anthropic, Gemini} {
		t.Run(w.String(), func(t *testing.T) {
			resp, _, body := streamWire(t, w, Script{Status: 429, RetryAfter: "7", ErrorMessage: "slow down"})
			if resp.StatusCode != 429 || resp.Header.Get("Retry-After") != "7" || resp.Header.Get("Content-Type") != "application/json" {
				t.Fatalf("status %d headers %v", resp.StatusCode, resp.Header)
			}
			m := decode(t, string(body))
			if dig(m, "error", "message") != "slow down" {
				t.Errorf("message: %s", body)
			}
			want := map[Wire][2]any{OpenAI: {"code", "rate_limit_exceeded"}, Anthropic: {"type", "rate_limit_error"},
				Gemini: {"status", "RESOURCE_EXHAUSTED"}}[w]
			if got := dig(m, "error", want[0].(string)); got != want[1] {
				t.Errorf("error.%s = %v, want %v", want[0], got, want[1])
			}
		})
	}
	t.Run("openrouter", func(t *testing.T) {
		_, url := startFake(t, Script{Status: 402, ErrorMessage: "out of credits"})
		resp, body, _ := do(t, context.Background(), newClient(t), http.MethodPost, url+"/api/v1/chat/completions", callFor(OpenAI).body, nil)
		if resp.StatusCode != 402 || num(dig(decode(t, string(body)), "error", "code")) != 402 {
			t.Errorf("status %d body %s", resp.StatusCode, body)
		}
	})
	t.Run("raw", func(t *testing.T) {
		html := "<html><body>502 Bad Gateway</body></html>"
		resp, _, body := streamWire(t, OpenAI, Script{ErrorBodyRaw: html})
		if resp.StatusCode != 502 || string(body) != html || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
			t.Errorf("status %d type %q body %q", resp.StatusCode, resp.Header.Get("Content-Type"), body)
		}
	})
}

func TestInStreamErrors(t *testing.T) {
	for _, w := range []Wire{OpenAI, Anthropic, Gemini} {
		t.Run(w.String()+"/After", func(t *testing.T) {
			resp, evs, body := streamWire(t, w, Script{Text: "a b c d", ErrorAfter: 2, ErrorMessage: "upstream died"})
			if resp.StatusCode != 200 {
				t.Fatalf("status %d", resp.StatusCode)
			}
			if n := countPieces(t, w, evs); n != 2 {
				t.Errorf("%d pieces before the error, want 2", n)
			}
			assertErrorLast(t, w, evs, "upstream died")
			if strings.Contains(string(body), terminator[w]) {
				t.Errorf("error stream must not end normally:\n%s", body)
			}
		})
		t.Run(w.String()+"/First", func(t *testing.T) {
			resp, evs, _ := streamWire(t, w, Script{Text: "a b", ErrorFirst: true})
			evs = dataEvents(evs)
			if resp.StatusCode != 200 || len(evs) != 1 {
				t.Fatalf("status %d, %d events", resp.StatusCode, len(evs))
			}
			assertErrorLast(t, w, evs, "")
		})
	}
}

// assertErrorLast checks that the stream's last event is the wire's error.
func assertErrorLast(t *testing.T, w Wire, evs []sseEvent, message string) {
	t.Helper()
	evs = dataEvents(evs)
	last := evs[len(evs)-1]
	m := decode(t, last.data)
	got, _ := dig(m, "error", "message").(string)
	if got == "" || (message != "" && got != message) {
		t.Errorf("last event is not an error with %q: %s", message, last.data)
	}
	if w == Anthropic && (last.event != "error" || m["type"] != "error") {
		t.Errorf("Anthropic error event: %+v", last)
	}
	if w == OpenAI && dig(m, "choices", 0, "finish_reason") != "error" {
		t.Errorf("OpenRouter error chunk finish_reason: %s", last.data)
	}
}

func TestTruncateDropsTheConnection(t *testing.T) {
	for _, w := range []Wire{OpenAI, Anthropic, Gemini} {
		t.Run(w.String(), func(t *testing.T) {
			_, url := startFake(t, Script{Text: "a b c d", TruncateAfter: 2})
			call := callFor(w)
			_, body, err := do(t, context.Background(), newClient(t), http.MethodPost, url+call.path, call.body, nil)
			if !errors.Is(err, io.ErrUnexpectedEOF) {
				t.Errorf("read error %v, want unexpected EOF", err)
			}
			evs, _ := parseSSE(body)
			if n := countPieces(t, w, evs); n != 2 {
				t.Errorf("%d pieces, want 2", n)
			}
			final := map[Wire]string{OpenAI: `"completion_tokens"`, Anthropic: "message_delta", Gemini: "candidatesTokenCount"}[w]
			if strings.Contains(string(body), terminator[w]) || strings.Contains(string(body), final) {
				t.Errorf("truncated stream has a terminator or final usage:\n%s", body)
			}
		})
	}
}

func TestMalformedLineThenCarriesOn(t *testing.T) {
	for _, w := range []Wire{OpenAI, Anthropic, Gemini} {
		t.Run(w.String(), func(t *testing.T) {
			_, evs, body := streamWire(t, w, Script{Text: "a b c", MalformedAfter: 1})
			bad := 0
			var good []sseEvent
			for _, e := range dataEvents(evs) {
				if e.data != "[DONE]" && !json200(e.data) {
					bad++
					continue
				}
				good = append(good, e)
			}
			if bad != 1 {
				t.Errorf("%d broken lines, want 1:\n%s", bad, body)
			}
			if text, _ := streamText(t, w, good); text != "a b c" {
				t.Errorf("text %q", text)
			}
			if !strings.Contains(string(body), terminator[w]) {
				t.Errorf("stream should still end normally:\n%s", body)
			}
		})
	}
}

func TestHugeLineIsExactAndValid(t *testing.T) {
	const n = 200_000
	for _, w := range []Wire{OpenAI, Anthropic, Gemini} {
		t.Run(w.String(), func(t *testing.T) {
			_, evs, body := streamWire(t, w, Script{Text: "a b", HugeLineBytes: n})
			found := false
			for _, line := range strings.Split(string(body), "\n") {
				if len(line) > 1000 {
					found = true
					if len(line) != n || !strings.HasPrefix(line, "data: ") {
						t.Errorf("huge line is %d bytes, want %d", len(line), n)
					}
					decode(t, strings.TrimPrefix(line, "data: "))
				}
			}
			if !found {
				t.Fatal("no huge line")
			}
			if text, _ := streamText(t, w, evs); text != "a b" {
				t.Errorf("text %q", text)
			}
		})
	}
}

func TestNoFinalNewline(t *testing.T) {
	for _, w := range []Wire{OpenAI, Anthropic, Gemini} {
		t.Run(w.String(), func(t *testing.T) {
			_, evs, body := streamWire(t, w, Script{Text: "a", NoFinalNewline: true})
			if bytes.HasSuffix(body, []byte("\n")) {
				t.Errorf("body ends with a newline: %q", body[len(body)-20:])
			}
			if !strings.Contains(evs[len(evs)-1].data, terminator[w]) && evs[len(evs)-1].event != terminator[w] {
				t.Errorf("last event %+v", evs[len(evs)-1])
			}
		})
	}
}

func TestInvalidUTF8(t *testing.T) {
	for _, w := range []Wire{OpenAI, Anthropic, Gemini} {
		_, _, body := streamWire(t, w, Script{Text: "ok fine", InvalidUTF8: true})
		if utf8.Valid(body) || !bytes.Contains(body, []byte{0xff, 0xfe}) {
			t.Errorf("%v: no invalid UTF-8 in the body", w)
		}
		if bytes.Contains(body, []byte(invalidUTF8Marker)) {
			t.Errorf("%v: marker leaked", w)
		}
	}
}

func TestRedirect(t *testing.T) {
	resp, _, _ := streamWire(t, OpenAI, Script{RedirectTo: "http://127.0.0.1:1/elsewhere"})
	if resp.StatusCode != http.StatusTemporaryRedirect || resp.Header.Get("Location") != "http://127.0.0.1:1/elsewhere" {
		t.Errorf("status %d location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
}

func TestStallHoldsUntilTheClientLeaves(t *testing.T) {
	for _, w := range []Wire{OpenAI, Anthropic, Gemini} {
		t.Run(w.String(), func(t *testing.T) {
			t.Parallel() // each waits 300 ms on its own fake
			_, url := startFake(t, Script{Text: "a b c", Stall: true, StallAfter: 1})
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			defer cancel()
			call := callFor(w)
			start := time.Now()
			_, body, err := do(t, ctx, newClient(t), http.MethodPost, url+call.path, call.body, nil)
			if !errors.Is(err, context.DeadlineExceeded) || time.Since(start) < 250*time.Millisecond {
				t.Errorf("err %v after %v", err, time.Since(start))
			}
			evs, _ := parseSSE(body)
			if n := countPieces(t, w, evs); n != 1 {
				t.Errorf("%d pieces before the stall, want 1", n)
			}
		})
	}
}

func TestEndlessKeepAliveEndsWithTheClient(t *testing.T) {
	_, url := startFake(t, Script{Text: "never", EndlessKeepAlive: true, KeepAliveEvery: 10 * time.Millisecond})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, body, err := do(t, ctx, newClient(t), http.MethodPost, url+callFor(OpenAI).path, callFor(OpenAI).body, nil)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err %v", err)
	}
	evs, _ := parseSSE(body)
	if len(evs) < 3 || len(dataEvents(evs)) != 0 {
		t.Errorf("want only keep-alives, got %d events: %q", len(evs), body)
	}
}

func TestServerCloseEndsStalledResponses(t *testing.T) {
	s, ts := Start(func(Request) Script { return Script{Stall: true} })
	defer ts.Close()
	c := newClient(t)
	done := make(chan error, 1)
	go func() {
		resp, err := c.Post(ts.URL+"/v1/chat/completions", "application/json", strings.NewReader(callFor(OpenAI).body))
		if err == nil {
			_, err = io.ReadAll(resp.Body)
			resp.Body.Close()
		}
		done <- err
	}()
	time.Sleep(50 * time.Millisecond)
	s.Close()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("closing the fake should end the stream cleanly, got %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("stalled response did not end on Close")
	}
}

func TestTimingOptions(t *testing.T) {
	start := time.Now()
	resp, evs, _ := streamWire(t, OpenAI, Script{HeaderDelay: 60 * time.Millisecond, FirstTokenDelay: 80 * time.Millisecond,
		TokenInterval: 20 * time.Millisecond, KeepAlives: 2, KeepAliveEvery: 30 * time.Millisecond, Text: "a b c d"})
	// Sleeps never end early, so lower bounds are safe; upper bounds are loose.
	if d := time.Since(start); d < (60+80+3*20)*time.Millisecond || d > 5*time.Second || resp.StatusCode != 200 {
		t.Errorf("took %v", d)
	}
	if evs[0].comment == "" || evs[1].comment == "" {
		t.Errorf("keep-alives should come first: %+v", evs[:2])
	}
}

func TestTrickleBytesSendsOneByteAtATime(t *testing.T) {
	c := &http.Client{Transport: InProcess(New(func(Request) Script { return Script{Text: "a b", TrickleBytes: true} }))}
	resp, err := c.Post("http://fake/v1/chat/completions", "application/json", strings.NewReader(callFor(OpenAI).body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body []byte
	buf := make([]byte, 64)
	for {
		n, err := resp.Body.Read(buf)
		if n > 1 {
			t.Fatalf("read %d bytes at once", n)
		}
		body = append(body, buf[:n]...)
		if err != nil {
			break
		}
	}
	evs, _ := parseSSE(body)
	if text, _ := streamText(t, OpenAI, evs); text != "a b" || !strings.HasSuffix(string(body), "[DONE]\n\n") {
		t.Errorf("text %q body %q", text, body)
	}
}

func TestCRLFLineEndings(t *testing.T) {
	for _, w := range []Wire{OpenAI, Anthropic, Gemini} {
		_, evs, body := streamWire(t, w, Script{Text: "a b", KeepAlives: 1, CRLF: true})
		if strings.Count(string(body), "\n") != strings.Count(string(body), "\r\n") || !strings.HasSuffix(string(body), "\r\n\r\n") {
			t.Errorf("%v: not every line ends with CRLF: %q", w, body)
		}
		if text, _ := streamText(t, w, evs); text != "a b" {
			t.Errorf("%v: text %q", w, text)
		}
	}
}
