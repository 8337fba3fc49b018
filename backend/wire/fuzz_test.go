package wire

import (
	"bytes"
	"testing"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/internal/testkit"
	"github.com/routeplay/routeplay/backend/wire/apierror"
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
		testkit.CheckPlainMessage(t, re.Message, len(data)+apierror.MaxMessageRunes)
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
