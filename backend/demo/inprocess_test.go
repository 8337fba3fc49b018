package demo

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptrace"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// waitFor fails the test unless ch closes within a generous bound.
func waitFor(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(5 * time.Second):
		t.Fatalf("timed out waiting for %s", what)
	}
}

func TestInProcessStreamsBeforeTheHandlerEnds(t *testing.T) {
	defer goleak.VerifyNone(t)
	release, ended := make(chan struct{}), make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer close(ended)
		w.Header().Set("Content-Type", "text/event-stream")
		io.WriteString(w, "data: first\n\n")
		w.(http.Flusher).Flush()
		<-release
		io.WriteString(w, "data: second\n\n")
	})
	c := &http.Client{Transport: InProcess(h)}
	resp, err := c.Get("http://fake/stream")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream" || resp.ContentLength != -1 {
		t.Fatalf("response %d %v %d", resp.StatusCode, resp.Header, resp.ContentLength)
	}
	rd := bufio.NewReader(resp.Body)
	line, err := rd.ReadString('\n')
	if err != nil || line != "data: first\n" {
		t.Fatalf("first line %q, %v", line, err)
	}
	select {
	case <-ended:
		t.Fatal("handler ended before the client read its first event")
	default:
	}
	close(release)
	rest, err := io.ReadAll(rd)
	if err != nil || string(rest) != "\ndata: second\n\n" {
		t.Errorf("rest %q, %v", rest, err)
	}
	waitFor(t, ended, "the handler to end")
}

func TestInProcessCancelEndsTheHandler(t *testing.T) {
	defer goleak.VerifyNone(t)
	for _, how := range []string{"cancel", "close"} {
		t.Run(how, func(t *testing.T) {
			ended := make(chan struct{})
			h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				defer close(ended)
				w.WriteHeader(200)
				<-r.Context().Done()
			})
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://fake/", nil)
			resp, err := InProcess(h).RoundTrip(req)
			if err != nil {
				t.Fatal(err)
			}
			if how == "cancel" {
				cancel()
				if _, err := io.ReadAll(resp.Body); !errors.Is(err, context.Canceled) {
					t.Errorf("read after cancel: %v", err)
				}
			}
			resp.Body.Close()
			waitFor(t, ended, "the handler to see the end of its context")
		})
	}
}

func TestInProcessCancelBeforeHeaders(t *testing.T) {
	defer goleak.VerifyNone(t)
	ended := make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer close(ended)
		<-r.Context().Done()
	})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, "http://fake/", nil)
	if _, err := InProcess(h).RoundTrip(req); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err %v", err)
	}
	waitFor(t, ended, "the handler to end")
}

func TestInProcessCallsTheTraceHook(t *testing.T) {
	defer goleak.VerifyNone(t)
	var firstByte atomic.Int64
	headersAt := make(chan time.Time, 1)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		time.Sleep(20 * time.Millisecond)
		headersAt <- time.Now()
		w.WriteHeader(200)
		io.WriteString(w, "x")
	})
	trace := &httptrace.ClientTrace{GotFirstResponseByte: func() { firstByte.Store(time.Now().UnixNano()) }}
	start := time.Now()
	req, _ := http.NewRequestWithContext(httptrace.WithClientTrace(context.Background(), trace), http.MethodGet, "http://fake/", nil)
	resp, err := (&http.Client{Transport: InProcess(h)}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	io.ReadAll(resp.Body)
	resp.Body.Close()
	got := time.Unix(0, firstByte.Load())
	if firstByte.Load() == 0 || got.Before((<-headersAt)) || got.Sub(start) > 5*time.Second {
		t.Errorf("GotFirstResponseByte at %v after start", got.Sub(start))
	}
}

func TestInProcessRedirectsAreTheClientsChoice(t *testing.T) {
	defer goleak.VerifyNone(t)
	s := New(func(r Request) Script {
		if strings.HasPrefix(r.Path, "/old") {
			return Script{RedirectTo: "/v1/chat/completions"}
		}
		return Script{Text: "moved"}
	})
	rt := InProcess(s)
	req, _ := http.NewRequest(http.MethodGet, "http://fake/old/v1/models", nil)
	req.Header.Set("Authorization", "Bearer k")
	resp, err := rt.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusTemporaryRedirect || resp.Header.Get("Location") != "/v1/chat/completions" {
		t.Fatalf("status %d location %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	c := &http.Client{Transport: rt}
	resp, err = c.Post("http://fake/old/v1/chat/completions", "application/json", strings.NewReader(callFor(OpenAI).body))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	evs, _ := parseSSE(body)
	if text, _ := streamText(t, OpenAI, evs); resp.StatusCode != 200 || text != "moved" {
		t.Errorf("followed redirect: status %d text %q", resp.StatusCode, text)
	}
}

func TestInProcessAbortLooksLikeADroppedConnection(t *testing.T) {
	defer goleak.VerifyNone(t)
	c := &http.Client{Transport: InProcess(New(func(Request) Script { return Script{Text: "a b c", TruncateAfter: 1} }))}
	resp, err := c.Post("http://fake/v1/chat/completions", "application/json", strings.NewReader(callFor(OpenAI).body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if _, err := io.ReadAll(resp.Body); !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("err %v", err)
	}

	panicky := http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic(http.ErrAbortHandler) })
	if _, err := (&http.Client{Transport: InProcess(panicky)}).Get("http://fake/"); err == nil {
		t.Error("abort before headers must fail the round trip")
	}
}

func TestInProcessEmptyHandlerAnswers200(t *testing.T) {
	defer goleak.VerifyNone(t)
	resp, err := (&http.Client{Transport: InProcess(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))}).Get("http://fake/")
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || len(body) != 0 || err != nil {
		t.Errorf("status %d body %q err %v", resp.StatusCode, body, err)
	}
}

func TestInProcessStalledFakeEndsOnCancel(t *testing.T) {
	defer goleak.VerifyNone(t)
	s := New(func(Request) Script { return Script{Text: "a b", Stall: true, StallAfter: 1} })
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, "http://fake/v1/messages", strings.NewReader(callFor(Anthropic).body))
	resp, err := (&http.Client{Transport: InProcess(s)}).Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(string(body), `"text":"a "`) {
		t.Errorf("err %v body %q", err, body)
	}
}
