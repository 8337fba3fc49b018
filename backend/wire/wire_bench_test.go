package wire

import (
	"bytes"
	"io"
	"os"
	"testing"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/internal/testkit"
	"github.com/routeplay/routeplay/backend/wire/sse"
)

// cyclicReader repeats data forever in reads of at most chunk bytes, so a
// benchmark measures the steady state, not start-up.
type cyclicReader struct {
	data  []byte
	off   int
	chunk int
}

func (r *cyclicReader) Read(p []byte) (int, error) {
	n := min(len(p), r.chunk, len(r.data)-r.off)
	copy(p, r.data[r.off:r.off+n])
	r.off = (r.off + n) % len(r.data)
	return n, nil
}

// Typical events, one per provider, as they arrive mid-answer.
const (
	benchOpenAIEvent    = `data: {"id":"gen-17-abc","provider":"Anthropic","model":"anthropic/claude-sonnet-4.5","object":"chat.completion.chunk","created":1760000000,"choices":[{"index":0,"delta":{"role":"assistant","content":" token"},"finish_reason":null,"native_finish_reason":null}]}` + "\n\n"
	benchAnthropicEvent = "event: content_block_delta\n" +
		`data: {"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":" token"}}` + "\n\n"
	benchGeminiEvent = `data: {"candidates":[{"content":{"role":"model","parts":[{"text":" token"}]},"index":0}],"usageMetadata":{"promptTokenCount":12,"totalTokenCount":20},"modelVersion":"gemini-2.5-flash","responseId":"abc"}` + "\r\n\r\n"
)

// benchStream is a mix of the three providers' events and a keep-alive.
var benchStream = []byte(benchOpenAIEvent + benchAnthropicEvent + ": OPENROUTER PROCESSING\n\n" + benchGeminiEvent)

func BenchmarkSSEReader(b *testing.B) {
	for _, bc := range []struct {
		name  string
		chunk int
	}{{"BigReads", 32 << 10}, {"ReadPerEvent", 200}, {"SmallReads", 16}} {
		b.Run(bc.name, func(b *testing.B) {
			s := sse.NewReader(&cyclicReader{data: benchStream, chunk: bc.chunk}, testkit.ZeroClock)
			for range 8 { // grow the buffers before measuring
				if _, err := s.Next(); err != nil {
					b.Fatal(err)
				}
			}
			b.SetBytes(int64(len(benchStream) / 4))
			b.ReportAllocs()
			b.ResetTimer()
			for range b.N {
				if _, err := s.Next(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
		})
	}
}

// TestSSEReaderSteadyStateAllocatesNothing holds the reader to zero
// allocations per event once its buffers have grown.
func TestSSEReaderSteadyStateAllocatesNothing(t *testing.T) {
	s := sse.NewReader(&cyclicReader{data: benchStream, chunk: 100}, testkit.ZeroClock)
	next := func() {
		if _, err := s.Next(); err != nil {
			t.Fatal(err)
		}
	}
	for range 8 {
		next()
	}
	if n := testing.AllocsPerRun(1000, next); n != 0 {
		t.Errorf("%v allocations per event, want 0", n)
	}
}

func benchmarkDecode(b *testing.B, w backend.Wire, raw string) {
	ev, err := sse.NewReader(&cyclicReader{data: []byte(raw), chunk: len(raw)}, testkit.ZeroClock).Next()
	if err != nil {
		b.Fatal(err)
	}
	data := append([]byte(nil), ev.Data...)
	ev.Data = data
	dec := AdapterFor(w).NewDecoder(backend.Route{})
	out := make([]backend.Event, 0, 8)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		out, _, err = dec.Decode(ev, out[:0])
		if err != nil || len(out) == 0 {
			b.Fatalf("decode: %d events, %v", len(out), err)
		}
	}
}

func BenchmarkDecodeOpenAI(b *testing.B) { benchmarkDecode(b, backend.WireOpenAI, benchOpenAIEvent) }
func BenchmarkDecodeAnthropic(b *testing.B) {
	benchmarkDecode(b, backend.WireAnthropic, benchAnthropicEvent)
}
func BenchmarkDecodeGemini(b *testing.B) { benchmarkDecode(b, backend.WireGemini, benchGeminiEvent) }

var _ io.Reader = (*cyclicReader)(nil)

// BenchmarkStream measures a whole fixture stream through the SSE reader
// and the decoder, as the engine runs it; one op is one stream.
func BenchmarkStream(b *testing.B) {
	for _, name := range []string{"openrouter_reasoning", "anthropic_basic", "gemini_basic"} {
		b.Run(name, func(b *testing.B) {
			data, err := os.ReadFile("testdata/sse/" + name + ".sse")
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for range b.N {
				if _, err := decodeStream(fixtureWire(name), bytes.NewReader(data), testkit.ZeroClock); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// TestDecodeOpenAIToolChunkAllocations holds a streamed tool-call chunk to
// its two allocations once the decoder has warmed: the arguments' text and
// the event's piece. The chunk's list of entries is reused, not regrown.
func TestDecodeOpenAIToolChunkAllocations(t *testing.T) {
	ev := sse.Event{Data: []byte(`{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"city\""}}]}}]}`)}
	dec := AdapterFor(backend.WireOpenAI).NewDecoder(backend.Route{})
	out := make([]backend.Event, 0, 8)
	decode := func() {
		var err error
		if out, _, err = dec.Decode(ev, out[:0]); err != nil || len(out) != 1 {
			t.Fatalf("decode: %d events, %v", len(out), err)
		}
	}
	decode()
	if n := testing.AllocsPerRun(1000, decode); n > 2 {
		t.Errorf("%v allocations per tool-call chunk, want at most 2", n)
	}
}
