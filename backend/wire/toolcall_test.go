package wire

import (
	"bytes"
	"encoding/json"
	"os"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/internal/testkit"
)

// resultOf folds decoded events into a backend.Result.
func resultOf(events []backend.Event, err error) *backend.Result {
	res := backend.NewResult(backend.Route{})
	res.Apply(backend.Event{Kind: backend.EventStarted})
	for _, ev := range events {
		res.Apply(ev)
	}
	if re, ok := backend.AsRouteError(err); ok {
		res.Apply(backend.Event{Kind: backend.EventError, Err: re})
	}
	return res
}

// TestToolCallFixturesSplitAtEveryLineEnd reads each wire's tool-call
// fixture in two reads split at every line end (see splitPoints) and checks
// the assembled calls.
func TestToolCallFixturesSplitAtEveryLineEnd(t *testing.T) {
	tests := []struct {
		fixture string
		wire    backend.Wire
		want    []backend.ToolCall
	}{
		{"openai_tool_calls", backend.WireOpenAI, []backend.ToolCall{
			{ID: "call_a", Name: "get_weather", Arguments: `{"city":"São Paulo"}`},
			{ID: "call_b", Name: "get_time", Arguments: `{}`},
			{ID: "call_c", Name: "note", Arguments: `{"a": 1} `},
		}},
		{"anthropic_tool_use", backend.WireAnthropic, []backend.ToolCall{
			{ID: "srvtoolu_1", Name: "web_search", Arguments: `{"query": "news"}`, Server: true},
			{ID: "toolu_2", Name: "get_weather", Arguments: `{"city": "Kyōto"}`},
		}},
		{"gemini_function_call", backend.WireGemini, []backend.ToolCall{
			{ID: "fc1", Name: "get_weather", Arguments: `{"city": "San Francisco", "days": [1, 2]}`, Signature: "c2ln"},
			{Name: "get_time"}, {Name: "read_screen", Arguments: `{"id":"A"}`},
			{Name: "plan", Arguments: `{"trip":{"city":"Kyōto"},"days":[null,3],"odd key":true,"note":null}`},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.fixture, func(t *testing.T) {
			data, err := os.ReadFile("testdata/sse/" + tt.fixture + ".sse")
			if err != nil {
				t.Fatal(err)
			}
			for _, i := range append([]int{0}, splitPoints(data)...) {
				r := &testkit.ChunkReader{Chunks: []string{string(data[:i]), string(data[i:])}}
				res := resultOf(decodeStream(tt.wire, r, testkit.ZeroClock))
				if res.Err != nil || !equalCalls(res.ToolCalls, tt.want) {
					t.Fatalf("split at %d: calls %+v (err %v), want %+v", i, res.ToolCalls, res.Err, tt.want)
				}
			}
		})
	}
}

func equalCalls(a, b []backend.ToolCall) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// toolStream builds a stream of one call whose arguments arrive as the given
// fragments, in the wire's own form.
func toolStream(w backend.Wire, frags []string) []byte {
	var b bytes.Buffer
	q := func(s string) string { j, _ := json.Marshal(s); return string(j) }
	switch w {
	case backend.WireAnthropic:
		b.WriteString("event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"model\":\"c\",\"usage\":{\"input_tokens\":1}}}\n\n")
		b.WriteString("event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"t1\",\"name\":\"f\",\"input\":{}}}\n\n")
		for _, f := range frags {
			b.WriteString("event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":" + q(f) + "}}\n\n")
		}
		b.WriteString("event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":9}}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n")
	case backend.WireGemini:
		// Gemini sends a call whole: the arguments object is one JSON value,
		// on one data line.
		var args bytes.Buffer
		if json.Compact(&args, []byte(strings.Join(frags, ""))) != nil {
			args.WriteString(strings.Join(frags, ""))
		}
		b.WriteString(`data: {"candidates":[{"content":{"parts":[{"functionCall":{"name":"f","id":"t1","args":` + args.String() + `}}]},"finishReason":"STOP"}]}` + "\r\n\r\n")
	default:
		b.WriteString(`data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"t1","type":"function","function":{"name":"f","arguments":""}}]}}]}` + "\n\n")
		for _, f := range frags {
			b.WriteString(`data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":` + q(f) + `}}]}}]}` + "\n\n")
		}
		b.WriteString(`data: {"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}` + "\n\ndata: [DONE]\n\n")
	}
	return b.Bytes()
}

// TestToolArgumentsSplitAtEveryByte streams one call's arguments as two
// deltas split at every character boundary (and Gemini's whole object) and
// checks they are assembled unchanged.
func TestToolArgumentsSplitAtEveryByte(t *testing.T) {
	const args = `{"city": "São Paulo", "note": "a \"quoted\" \\ word", "n": [1, 2.5e3, null, true], "emoji": "🌧"}`
	for _, w := range []backend.Wire{backend.WireOpenAI, backend.WireAnthropic, backend.WireGemini} {
		for i := 0; i <= len(args); i++ {
			if !utf8.RuneStart(args[min(i, len(args)-1)]) && i < len(args) {
				continue // providers split arguments between characters
			}
			data := toolStream(w, []string{args[:i], args[i:]})
			res := resultOf(decodeStream(w, bytes.NewReader(data), testkit.ZeroClock))
			if res.Err != nil || len(res.ToolCalls) != 1 {
				t.Fatalf("%s split at %d: calls %+v (err %v)", w, i, res.ToolCalls, res.Err)
			}
			c := res.ToolCalls[0]
			// Gemini's object is copied as sent (compact here), the others' text exactly.
			same := c.Arguments == args || w == backend.WireGemini && testkit.SameJSON(c.Arguments, args)
			if c.ID != "t1" || c.Name != "f" || !same {
				t.Fatalf("%s split at %d: call %+v", w, i, c)
			}
		}
	}
}

// TestToolCallIsFirstToken: an answer that is only a tool call has its first
// token when the call's first piece arrived; it has no first text.
func TestToolCallIsFirstToken(t *testing.T) {
	for _, w := range []backend.Wire{backend.WireOpenAI, backend.WireAnthropic, backend.WireGemini} {
		data := toolStream(w, []string{`{"a":`, `1}`})
		var chunks []string
		for _, ev := range strings.SplitAfter(string(data), "\n\n") {
			if ev != "" {
				chunks = append(chunks, ev)
			}
		}
		res := resultOf(decodeStream(w, &testkit.ChunkReader{Chunks: chunks}, (&testkit.StepClock{}).Now))
		// Read k is stamped k ms; the call starts in read 1 (OpenAI, Gemini)
		// or 2 (Anthropic, after message_start).
		want := time.Millisecond
		if w == backend.WireAnthropic {
			want = 2 * time.Millisecond
		}
		if ft := res.Timing.FirstToken; ft == nil || *ft != want {
			t.Errorf("%s: first token %v, want %v", w, ft, want)
		}
		if res.Timing.FirstText != nil {
			t.Errorf("%s: first text %v for an answer without text", w, *res.Timing.FirstText)
		}
	}
}

// TestToolCallsBounded: a stream naming more calls than backend.MaxToolCalls keeps
// the first backend.MaxToolCalls and no more.
func TestToolCallsBounded(t *testing.T) {
	var b strings.Builder
	for i := range backend.MaxToolCalls + 50 {
		b.WriteString(`data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":` + strconv.Itoa(i) + `,"id":"x","function":{"name":"f"}}]}}]}` + "\n\n")
	}
	b.WriteString(`data: {"choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}` + "\n\ndata: [DONE]\n\n")
	res := resultOf(decodeStream(backend.WireOpenAI, strings.NewReader(b.String()), testkit.ZeroClock))
	if n := len(res.ToolCalls); n != backend.MaxToolCalls {
		t.Errorf("%d calls kept, want %d", n, backend.MaxToolCalls)
	}
}

// fuzzToolArgs: arguments cut into fragments anywhere between characters
// come out whole, on the given wire, and nothing else is invented.
func fuzzToolArgs(f *testing.F, w backend.Wire) {
	f.Add(`{"city":"São Paulo"}`, uint64(0x35))
	f.Add(`{"a":"\u001b[31m"}`, uint64(0x1))
	f.Add(``, uint64(0))
	f.Add(`not json at all "`, uint64(0x77))
	f.Fuzz(func(t *testing.T, args string, cuts uint64) {
		if !utf8.ValidString(args) {
			return // fragments are JSON strings
		}
		if w == backend.WireGemini && (!json.Valid([]byte(args)) || len(args) > 256 || strings.TrimSpace(args) == "null") {
			return // Gemini's args are one JSON value, shallow enough to decode
		}
		var frags []string
		for rest := args; rest != ""; cuts >>= 4 {
			n := min(len(rest), int(cuts&0xf)+1)
			if cuts == 0 {
				n = len(rest)
			}
			for n < len(rest) && !utf8.RuneStart(rest[n]) {
				n++
			}
			frags, rest = append(frags, rest[:n]), rest[n:]
		}
		data := toolStream(w, frags)
		events, err := decodeStream(w, bytes.NewReader(data), testkit.ZeroClock)
		checkDecoded(t, data, events, err)
		res := resultOf(events, err)
		if res.Err != nil || len(res.ToolCalls) != 1 {
			t.Fatalf("fragments %q: calls %+v, err %v", frags, res.ToolCalls, res.Err)
		}
		got := res.ToolCalls[0].Arguments
		if w == backend.WireGemini {
			// Gemini's args are copied as sent: the same JSON value.
			if !testkit.SameJSON(got, args) {
				t.Fatalf("args %q, want %q", got, args)
			}
		} else if got != args {
			t.Fatalf("fragments %q: args %q", frags, got)
		}
	})
}

func FuzzToolArgsOpenAI(f *testing.F)    { fuzzToolArgs(f, backend.WireOpenAI) }
func FuzzToolArgsAnthropic(f *testing.F) { fuzzToolArgs(f, backend.WireAnthropic) }
func FuzzToolArgsGemini(f *testing.F)    { fuzzToolArgs(f, backend.WireGemini) }

// TestToolArgumentsAppendLinear: a call streamed in many small pieces is
// assembled without copying the whole arguments for each piece.
func TestToolArgumentsAppendLinear(t *testing.T) {
	const pieces = 10000
	evs := make([]backend.Event, pieces)
	for i := range evs {
		evs[i] = backend.Event{Kind: backend.EventToolCall, Tool: &backend.ToolDelta{Index: 0, Arguments: "0123456789"}}
	}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	res := backend.NewResult(backend.Route{})
	for _, ev := range evs {
		res.Apply(ev)
	}
	runtime.ReadMemStats(&after)
	if got := len(res.ToolCalls[0].Arguments); got != 10*pieces {
		t.Fatalf("%d bytes of arguments, want %d", got, 10*pieces)
	}
	// Copying the arguments for each piece would allocate about 500 MB.
	if mb := float64(after.TotalAlloc-before.TotalAlloc) / 1e6; mb > 16 {
		t.Errorf("%.0f MB allocated for %d pieces of 10 bytes", mb, pieces)
	}
}

// FuzzGeminiPartialArgs: whatever paths and values Vertex streams, the
// assembled arguments are valid JSON (or absent when no path can be read).
func FuzzGeminiPartialArgs(f *testing.F) {
	f.Add("$.trip.city", "Kyōto", "$.days[1]", true)
	f.Add("$['a.b']", "x", "$.a[0].b", false)
	f.Add("$[3]", "", "$.x['y", true)
	f.Add("$.", "\x00\"", "$[1023].z", false)
	f.Fuzz(func(t *testing.T, p1, v1, p2 string, continues bool) {
		sc := &gmStreamedCall{}
		sc.add([]gmPartialArg{{path: p1, leaf: v1, isString: true, willContinue: continues},
			{path: p1, leaf: v1, isString: true}, {path: p2, leaf: "3"}, {path: p2, leaf: "null"}})
		out := sc.json()
		if out != "" && !json.Valid([]byte(out)) {
			t.Fatalf("paths %q %q: invalid JSON %q", p1, p2, out)
		}
	})
}

// TestGeminiPartialArgsBounded: deep or wide paths cannot make the decoder
// build without end; what fits is kept.
func TestGeminiPartialArgsBounded(t *testing.T) {
	sc := &gmStreamedCall{}
	sc.add([]gmPartialArg{{path: "$.ok", leaf: "1"}, {path: "$" + strings.Repeat("[1023]", 100000), leaf: "2"}})
	if got := sc.json(); got != `{"ok":1}` {
		t.Errorf("arguments %.80q…", got)
	}
}

// TestGeminiPartialStringLinear: a string value streamed in many pieces is
// assembled without copying it whole for each piece.
func TestGeminiPartialStringLinear(t *testing.T) {
	const pieces = 10000
	piece := []gmPartialArg{{path: "$.a", leaf: "0123456789", isString: true, willContinue: true}}
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	sc := &gmStreamedCall{}
	for range pieces {
		sc.add(piece)
	}
	runtime.ReadMemStats(&after)
	if len(sc.args) != 1 || len(sc.args[0].leaf) != 10*pieces {
		t.Fatalf("%d entries, want one of %d bytes", len(sc.args), 10*pieces)
	}
	// Copying the value for each piece would allocate about 500 MB.
	if mb := float64(after.TotalAlloc-before.TotalAlloc) / 1e6; mb > 16 {
		t.Errorf("%.0f MB allocated for %d pieces of 10 bytes", mb, pieces)
	}
}
