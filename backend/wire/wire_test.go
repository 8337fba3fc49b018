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

func TestErrorFromResponse(t *testing.T) {
	tests := []struct {
		name   string
		wire   backend.Wire
		status int
		header http.Header
		body   string
		want   string // kind status: message
		retry  string
	}{
		{"OpenAIBadKey", backend.WireOpenAI, 401, nil,
			`{"error":{"message":"Incorrect API key provided.","type":"invalid_request_error","param":null,"code":"invalid_api_key"}}`,
			"auth 401: Incorrect API key provided.", ""},
		{"OpenAIQuotaIsPayment", backend.WireOpenAI, 429, nil,
			`{"error":{"message":"You exceeded your current quota.","type":"insufficient_quota","code":"insufficient_quota"}}`,
			"payment 429: You exceeded your current quota.", ""},
		{"OpenAIRateLimitRetryAfterMs", backend.WireOpenAI, 429, http.Header{"Retry-After-Ms": {"1500"}, "Retry-After": {"9"}},
			`{"error":{"message":"Rate limit reached","type":"requests","code":"rate_limit_exceeded"}}`,
			"rate_limited 429: Rate limit reached", "1.5"},
		{"OpenRouterUpstream", backend.WireOpenAI, 502, nil,
			`{"error":{"code":502,"message":"Provider returned error","metadata":{"provider_name":"Together","raw":"{\"error\":{\"message\":\"model overloaded\"}}"}}}`,
			"upstream 502: Provider returned error (Together): model overloaded", ""},
		{"OpenRouterRawText", backend.WireOpenAI, 429, http.Header{"Retry-After": {"30"}},
			`{"error":{"code":429,"message":"Rate limit exceeded","metadata":{"provider_name":"DeepInfra","raw":"upstream busy"}}}`,
			"rate_limited 429: Rate limit exceeded (DeepInfra): upstream busy", "30"},
		{"OpenRouterModeration", backend.WireOpenAI, 403, nil,
			`{"error":{"code":403,"message":"Input flagged","metadata":{"reasons":["violence"],"flagged_input":"x","provider_name":"OpenAI","model_slug":"m"}}}`,
			"auth 403: Input flagged (OpenAI); flagged for violence", ""},
		{"OpenRouterCredits", backend.WireOpenAI, 402, nil,
			`{"error":{"code":402,"message":"Insufficient credits"}}`, "payment 402: Insufficient credits", ""},
		{"ErrorInside200", backend.WireOpenAI, 200, nil,
			`{"error":{"code":429,"message":"Slow down"}}`, "rate_limited 429: Slow down", ""},
		{"PlainJSONInside200", backend.WireOpenAI, 200, nil,
			`{"id":"x","choices":[]}`, "stream 0: the provider answered with a plain response instead of a stream", ""},
		{"OllamaStringError", backend.WireOpenAI, 404, nil,
			`{"error":"model \"llama9\" not found, try pulling it first"}`,
			`bad_request 404: model "llama9" not found, try pulling it first`, ""},
		{"FastAPIDetail", backend.WireOpenAI, 422, nil,
			`{"detail":[{"loc":["body","model"],"msg":"field required","type":"value_error.missing"}]}`,
			"bad_request 422: field required", ""},
		{"AnthropicOverloaded", backend.WireAnthropic, 529, http.Header{"Retry-After": {"2"}},
			`{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_1"}`,
			"upstream 529: Overloaded", "2"},
		{"AnthropicAuth", backend.WireAnthropic, 401, nil,
			`{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}`,
			"auth 401: invalid x-api-key", ""},
		{"AnthropicBilling", backend.WireAnthropic, 400, nil,
			`{"type":"error","error":{"type":"billing_error","message":"Your credit balance is too low."}}`,
			"payment 400: Your credit balance is too low.", ""},
		{"GeminiBadKeyIs400", backend.WireGemini, 400, nil,
			`{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID"}]}}`,
			"auth 400: API key not valid. Please pass a valid API key.", ""},
		{"GeminiQuotaRetryDelay", backend.WireGemini, 429, nil,
			`{"error":{"code":429,"message":"Resource has been exhausted.","status":"RESOURCE_EXHAUSTED","details":[{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"17s"}]}}`,
			"rate_limited 429: Resource has been exhausted.", "17"},
		{"HTMLProxyPage", backend.WireOpenAI, 502, nil,
			"<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
			"upstream 502: Bad Gateway: 502 Bad Gateway 502 Bad Gateway nginx", ""},
		{"PlainTextWithControls", backend.WireOpenAI, 503, http.Header{"Retry-After": {"Wed, 21 Oct 2099 07:28:00 GMT"}},
			"upstream down\x1b]52;c;ZXZpbA==\x07 \x1b[31mred\x1b[0m\n\tretry later",
			"upstream 503: Service Unavailable: upstream down red retry later", "future"},
		{"EmptyBody", backend.WireGemini, 500, nil, "", "upstream 500: Internal Server Error", ""},
		{"AnthropicOverloadedNoBody", backend.WireAnthropic, 529, nil, "", "upstream 529: Overloaded", ""},
		{"UnknownStatus", backend.WireOpenAI, 599, nil, "  ", "upstream 599: HTTP status 599", ""},
		{"UnknownJSONIsNotShown", backend.WireOpenAI, 400, nil, `{"weird":{"secret":"x"}}`, "bad_request 400: Bad Request", ""},
		{"NestedJSONMessage", backend.WireGemini, 500, nil,
			`{"error":{"code":500,"message":"{\n  \"error\": {\n    \"message\": \"backend crashed\"\n  }\n}\n","status":"INTERNAL"}}`,
			"upstream 500: backend crashed", ""},
		{"JSONMessageNotAnError", backend.WireOpenAI, 500, nil,
			`{"error":{"message":"{\"a\":1}"}}`, "upstream 500: Internal Server Error", ""},
		{"PastRetryDateIsZero", backend.WireOpenAI, 429, http.Header{"Retry-After": {"Wed, 21 Oct 2015 07:28:00 GMT"}},
			`{"error":{"message":"later"}}`, "rate_limited 429: later", "0"},
		{"BadRetryAfterIgnored", backend.WireOpenAI, 429, http.Header{"Retry-After": {"soon"}},
			`{"error":{"message":"later"}}`, "rate_limited 429: later", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			re := ErrorFromResponse(tt.wire, tt.status, tt.header, []byte(tt.body))
			got := fmt.Sprintf("%s %d: %s", re.Kind, re.Status, re.Message)
			if got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			checkRetry(t, re.RetryAfter, tt.retry)
		})
	}
}

func checkRetry(t *testing.T, got *float64, want string) {
	t.Helper()
	switch {
	case want == "" && got != nil:
		t.Errorf("RetryAfter = %v, want none", *got)
	case want == "":
	case got == nil:
		t.Errorf("RetryAfter missing, want %s", want)
	case want == "future":
		if *got < 1e6 {
			t.Errorf("RetryAfter = %v, want seconds until 2099", *got)
		}
	case fmt.Sprint(*got) != want:
		t.Errorf("RetryAfter = %v, want %s", *got, want)
	}
}

// The wire keeps a long message whole, since a cut could fall inside a
// key; backend.CleanMessage bounds it once keys are gone.
func TestErrorFromResponseBoundsLongBodies(t *testing.T) {
	long := strings.Repeat("é", 10_000)
	for _, body := range []string{long, `{"error":{"message":"` + strings.Repeat("x", 10_000) + `"}}`} {
		re := ErrorFromResponse(backend.WireOpenAI, 500, nil, []byte(body))
		if n := len([]rune(re.Message)); n < 10_000 {
			t.Errorf("the wire cut the message to %d runes", n)
		}
		if n := len([]rune(backend.CleanMessage(re.Message, nil, MaxMessageRunes))); n > MaxMessageRunes+1 {
			t.Errorf("cleaned message has %d runes, want at most %d", n, MaxMessageRunes+1)
		}
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
