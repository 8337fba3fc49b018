package wire

import (
	"bytes"
	"net/http"
	"testing"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/internal/testkit"
	"github.com/routeplay/routeplay/backend/wire/sse"
)

// checkDecoded asserts what every decoder promises for any input.
func checkDecoded(t *testing.T, data []byte, events []backend.Event, err error) {
	t.Helper()
	if len(events) > 2*len(data)+4 {
		t.Fatalf("%d events from %d bytes", len(events), len(data))
	}
	for _, ev := range events {
		if ev.Route != "" {
			t.Fatalf("decoder set Route %q", ev.Route)
		}
		if (ev.Kind == backend.EventText || ev.Kind == backend.EventReasoning) && ev.Text == "" {
			t.Fatalf("empty %s delta", ev.Kind)
		}
		if ev.Kind == backend.EventToolCall && (ev.Tool == nil || ev.Tool.Index < 0 || ev.Tool.Index >= backend.MaxToolCalls) {
			t.Fatalf("tool call piece out of range: %+v", ev.Tool)
		}
	}
	if err != nil {
		re, ok := backend.AsRouteError(err)
		if !ok {
			t.Fatalf("error is not a *RouteError: %v", err)
		}
		testkit.CheckPlainMessage(t, re.Message, len(data)+MaxMessageRunes)
	}
}

func fuzzDecoder(f *testing.F, w backend.Wire, prefixes ...string) {
	testkit.AddSeeds(f, "testdata/sse/*.sse", prefixes...)
	f.Fuzz(func(t *testing.T, data []byte) {
		events, err := decodeStream(w, bytes.NewReader(data), testkit.ZeroClock)
		checkDecoded(t, data, events, err)
		// The same bytes as one event's data, as a decoder may see them.
		dec := AdapterFor(w).NewDecoder(backend.Route{})
		events, _, err = dec.Decode(sse.Event{Data: data}, nil)
		checkDecoded(t, data, events, err)
		if err == nil {
			events, err = dec.Finish(0, events)
			checkDecoded(t, data, events, err)
		}
	})
}

func FuzzDecodeOpenAI(f *testing.F) {
	fuzzDecoder(f, backend.WireOpenAI, "openai_", "openrouter_", "compat_")
}
func FuzzDecodeAnthropic(f *testing.F) { fuzzDecoder(f, backend.WireAnthropic, "anthropic_") }
func FuzzDecodeGemini(f *testing.F)    { fuzzDecoder(f, backend.WireGemini, "gemini_") }

// FuzzErrorFromResponse: any status, Retry-After and body give a bounded,
// printable message and a sane retry delay.
func FuzzErrorFromResponse(f *testing.F) {
	seeds := []string{
		`{"error":{"message":"Incorrect API key","type":"invalid_request_error","code":"invalid_api_key"}}`,
		`{"error":{"code":502,"message":"Provider returned error","metadata":{"provider_name":"X","raw":"{\"error\":{\"message\":\"m\"}}"}}}`,
		`{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}`,
		`{"error":{"code":429,"message":"q","status":"RESOURCE_EXHAUSTED","details":[{"retryDelay":"3s"}]}}`,
		`{"error":"plain"}`, `{"detail":[{"msg":"field required"}]}`,
		"<html><title>502</title></html>", "\x1b[31mred\x1b[0m\xff",
	}
	for i, s := range seeds {
		f.Add(400+i*20, "12", []byte(s))
	}
	f.Add(200, "Wed, 21 Oct 2015 07:28:00 GMT", []byte(`{"error":{"message":"{\"error\":{\"message\":\"x\"}}"}}`))
	f.Fuzz(func(t *testing.T, status int, retry string, body []byte) {
		h := http.Header{}
		h.Set("Retry-After", retry)
		for _, w := range []backend.Wire{backend.WireOpenAI, backend.WireAnthropic, backend.WireGemini} {
			re := ErrorFromResponse(w, status, h, body)
			if re == nil || re.Kind == "" {
				t.Fatalf("no error kind for status %d", status)
			}
			testkit.CheckPlainMessage(t, re.Message, len(body)+MaxMessageRunes)
			if re.RetryAfter != nil && !(*re.RetryAfter >= 0) {
				t.Fatalf("RetryAfter = %v", *re.RetryAfter)
			}
		}
	})
}
