package backend

import (
	"strings"
	"testing"
	"time"
)

func fold(r *Result, evs ...Event) *Result {
	for _, ev := range evs {
		r.Apply(ev)
	}
	return r
}

// A direct OpenAI reasoning model counts its reasoning tokens but never
// streams them: they took their time before the first token, so tokens/s
// over the stream leaves them out (issue 20: 100 tok/s against a real 53).
func TestTokensPerSecondLeavesOutHiddenReasoning(t *testing.T) {
	r := NewResult(Route{Name: "o", Kind: KindOpenAI, Model: "o4-mini"})
	r.Apply(Event{Kind: EventStarted})
	for i := range 11 {
		r.Apply(Event{Kind: EventText, At: time.Duration(100+10*i) * time.Millisecond, Text: "w "})
	}
	fold(r, Event{Kind: EventUsage, Usage: &Usage{InputTokens: 5, OutputTokens: 20, ReasoningTokens: 10}},
		Event{Kind: EventDone, At: 210 * time.Millisecond})
	tps, ok := r.TokensPerSecond()
	// 10 visible tokens, not 20, in 11 equal deltas: all but the first
	// delta's share (10 × 10/11) over the 100 ms after it.
	if !ok || tps < 90.8 || tps > 91 {
		t.Fatalf("tokens/s = %v", tps)
	}
	if n := strings.Join(r.Notes(), "\n"); !strings.Contains(n, "10 hidden reasoning tokens") {
		t.Fatalf("notes %q", n)
	}
}

// Streamed reasoning is within the span and stays counted.
func TestTokensPerSecondKeepsStreamedReasoning(t *testing.T) {
	r := NewResult(Route{Name: "c", Kind: KindAnthropic, Model: "m"})
	fold(r, Event{Kind: EventStarted}, Event{Kind: EventReasoning, At: 100 * time.Millisecond, Text: "hm "},
		Event{Kind: EventText, At: 200 * time.Millisecond, Text: "ok"},
		Event{Kind: EventUsage, Usage: &Usage{OutputTokens: 20, ReasoningTokens: 10}}, Event{Kind: EventDone, At: 200 * time.Millisecond})
	// The second delta's share of the 20 tokens ("ok": 2 of the 5 bytes
	// streamed) over the 100 ms after the first.
	if tps, _ := r.TokensPerSecond(); tps < 79.9 || tps > 80.1 {
		t.Fatalf("tokens/s = %v", tps)
	}
	if len(r.Notes()) != 0 {
		t.Fatalf("notes %q", r.Notes())
	}
}

// A held first chunk brings many deltas in one read; their tokens were
// made before the span tokens/s divides by.
func TestTokensPerSecondLeavesOutAHeldFirstChunk(t *testing.T) {
	r := NewResult(Route{Name: "g", Kind: KindOpenAI, Model: "m"})
	r.Apply(Event{Kind: EventStarted})
	for range 10 {
		r.Apply(Event{Kind: EventText, At: 28 * time.Millisecond, Text: "w "})
	}
	for i := range 10 {
		r.Apply(Event{Kind: EventText, At: time.Duration(38+10*i) * time.Millisecond, Text: "w "})
	}
	fold(r, Event{Kind: EventUsage, Usage: &Usage{OutputTokens: 20}}, Event{Kind: EventDone, At: 130 * time.Millisecond})
	if tps, _ := r.TokensPerSecond(); tps < 99.9 || tps > 100.1 { // 10 tokens over 100 ms, not 20
		t.Fatalf("tokens/s = %v", tps)
	}
	if n := strings.Join(r.Notes(), "\n"); !strings.Contains(n, "first chunk held: 10 chunks in one read") {
		t.Fatalf("notes %q", n)
	}
}

// A gateway that holds the first two deltas reads as fast as the same
// stream direct: the first read's share is always left out, not only when
// it holds enough deltas to be noted.
func TestTokensPerSecondSameThroughAShortHold(t *testing.T) {
	stream := func(firstRead int) float64 {
		r := NewResult(Route{Name: "r", Kind: KindOpenAI, Model: "m"})
		r.Apply(Event{Kind: EventStarted})
		for i := range 18 {
			at := time.Duration(100+15*i) * time.Millisecond
			if i < firstRead {
				at = time.Duration(100+15*(firstRead-1)) * time.Millisecond // released together
			}
			r.Apply(Event{Kind: EventText, At: at, Text: "w "})
		}
		fold(r, Event{Kind: EventUsage, Usage: &Usage{OutputTokens: 18}}, Event{Kind: EventDone, At: 400 * time.Millisecond})
		tps, _ := r.TokensPerSecond()
		return tps
	}
	direct, held := stream(1), stream(2)
	if d := held/direct - 1; d > 0.001 || d < -0.001 {
		t.Errorf("tokens/s %.1f held vs %.1f direct", held, direct)
	}
}
