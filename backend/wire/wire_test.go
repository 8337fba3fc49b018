package wire

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/internal/testkit"
	"github.com/routeplay/routeplay/backend/wire/sse"
)

var updateWire = flag.Bool("update-wire", false, "rewrite testdata/sse/*.want from the decoders' output")

// fixtureWire picks the wire format from a fixture's name prefix.
func fixtureWire(name string) backend.Wire {
	switch {
	case strings.HasPrefix(name, "anthropic_"):
		return backend.WireAnthropic
	case strings.HasPrefix(name, "gemini_"):
		return backend.WireGemini
	default: // openai_, openrouter_, compat_
		return backend.WireOpenAI
	}
}

// decodeStream runs a whole stream through the SSE reader and a decoder the
// way the engine does, keep-alives included.
func decodeStream(w backend.Wire, r io.Reader, clock func() time.Duration) ([]backend.Event, error) {
	rd := sse.NewReader(r, clock)
	dec := AdapterFor(w).NewDecoder(backend.Route{})
	var out []backend.Event
	var last time.Duration
	for {
		ev, err := rd.Next()
		if err == io.EOF {
			return dec.Finish(last, out)
		}
		if err != nil {
			return out, err
		}
		last = ev.At
		if ev.Comment {
			out = append(out, backend.Event{Kind: backend.EventKeepAlive, At: ev.At})
			continue
		}
		var done bool
		if out, done, err = dec.Decode(ev, out); err != nil || done {
			return out, err
		}
	}
}

// renderEvents writes events one per line, without stamps, for goldens.
func renderEvents(events []backend.Event, err error) string {
	var b strings.Builder
	for _, ev := range events {
		switch ev.Kind {
		case backend.EventServed:
			fmt.Fprintf(&b, "served model=%q provider=%q id=%q\n", ev.Served.Model, ev.Served.Provider, ev.Served.GenerationID)
		case backend.EventText, backend.EventReasoning:
			fmt.Fprintf(&b, "%s %q\n", ev.Kind, ev.Text)
		case backend.EventUsage:
			u := ev.Usage
			fmt.Fprintf(&b, "usage in=%d out=%d reasoning=%d cached=%d", u.InputTokens, u.OutputTokens, u.ReasoningTokens, u.CachedTokens)
			if u.CacheWriteTokens != 0 {
				fmt.Fprintf(&b, " cache_write=%d", u.CacheWriteTokens)
			}
			if u.CostUSD != nil {
				fmt.Fprintf(&b, " cost=%g", *u.CostUSD)
			}
			b.WriteByte('\n')
		case backend.EventDone:
			fmt.Fprintf(&b, "done %q\n", ev.Finish)
		case backend.EventToolCall:
			d := ev.Tool
			fmt.Fprintf(&b, "tool_call #%d id=%q name=%q args=%q server=%v\n", d.Index, d.ID, d.Name, d.Arguments, d.Server)
		default:
			fmt.Fprintf(&b, "%s\n", ev.Kind)
		}
	}
	if err != nil {
		if re, ok := backend.AsRouteError(err); ok {
			fmt.Fprintf(&b, "error kind=%s status=%d: %s\n", re.Kind, re.Status, re.Message)
		} else {
			fmt.Fprintf(&b, "error %v\n", err)
		}
	}
	return b.String()
}

// TestWireFixtures decodes every testdata/sse fixture in every read-split
// mode and compares with its .want golden (regenerate with -update-wire and
// review the diff).
func TestWireFixtures(t *testing.T) {
	files, err := filepath.Glob("testdata/sse/*.sse")
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures: %v", err)
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".sse")
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			wantFile := strings.TrimSuffix(file, ".sse") + ".want"
			got := renderEvents(decodeStream(fixtureWire(name), testkit.SplitModes[0].Wrap(data), testkit.ZeroClock))
			if *updateWire {
				if err := os.WriteFile(wantFile, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(wantFile)
			if err != nil {
				t.Fatalf("missing golden (run with -update-wire): %v", err)
			}
			for _, mode := range testkit.SplitModes {
				got := renderEvents(decodeStream(fixtureWire(name), mode.Wrap(data), testkit.ZeroClock))
				if got != string(want) {
					t.Errorf("%s reads:\n%s\nwant:\n%s", mode.Name, got, want)
				}
			}
		})
	}
}

// TestWireStampsComeFromReads checks that decoded events carry the stamp of
// the read that delivered their line, not the time they were decoded.
func TestWireStampsComeFromReads(t *testing.T) {
	r := &testkit.ChunkReader{Chunks: []string{
		`data: {"model":"m","choices":[{"delta":{"content":"a"}}]}` + "\n\n",
		`data: {"choices":[{"delta":{"content":"b"},"finish_reason":"stop"}]}` + "\n\n",
		"data: [DONE]\n\n",
	}}
	clock := &testkit.StepClock{}
	events, err := decodeStream(backend.WireOpenAI, r, clock.Now)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, ev := range events {
		got = append(got, fmt.Sprintf("%s@%v", ev.Kind, ev.At))
	}
	want := "served@1ms text@1ms text@2ms done@3ms"
	if strings.Join(got, " ") != want {
		t.Errorf("stamps = %s, want %s", strings.Join(got, " "), want)
	}
}

// TestWireOverLoopback sends each wire's request to a loopback server that
// checks it and streams a fixture in small flushed pieces, splitting lines
// and UTF-8 sequences across TCP reads.
func TestWireOverLoopback(t *testing.T) {
	tests := []struct {
		wire    backend.Wire
		fixture string
		path    string
		auth    string
	}{
		{backend.WireOpenAI, "openrouter_reasoning", "/api/v1/chat/completions", "Authorization"},
		{backend.WireAnthropic, "anthropic_basic", "/v1/messages", "X-Api-Key"},
		{backend.WireGemini, "gemini_basic", "/v1beta/models/gemini-2.5-flash:streamGenerateContent", "X-Goog-Api-Key"},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			data, err := os.ReadFile("testdata/sse/" + tt.fixture + ".sse")
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile("testdata/sse/" + tt.fixture + ".want")
			if err != nil {
				t.Fatal(err)
			}
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.Method != http.MethodPost || r.URL.Path != tt.path || r.Header.Get(tt.auth) == "" {
					http.Error(w, "unexpected request "+r.Method+" "+r.URL.Path, http.StatusBadRequest)
					return
				}
				w.Header().Set("Content-Type", "text/event-stream")
				for rest := data; len(rest) > 0; {
					n := min(7, len(rest))
					_, _ = w.Write(rest[:n])
					w.(http.Flusher).Flush()
					rest = rest[n:]
				}
			}))
			defer srv.Close()
			base := srv.URL
			if tt.wire == backend.WireOpenAI {
				base += "/api/v1"
			}
			rt := backend.Route{Kind: backend.KindOpenRouter, Wire: tt.wire, Model: "gemini-2.5-flash", BaseURL: base}
			req, err := AdapterFor(tt.wire).NewRequest(context.Background(), rt, threeTurns, testSecret)
			if err != nil {
				t.Fatal(err)
			}
			resp, err := srv.Client().Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				body, _ := io.ReadAll(resp.Body)
				t.Fatalf("status %d: %s", resp.StatusCode, body)
			}
			if got := renderEvents(decodeStream(tt.wire, resp.Body, testkit.ZeroClock)); got != string(want) {
				t.Errorf("events:\n%s\nwant:\n%s", got, want)
			}
		})
	}
}
