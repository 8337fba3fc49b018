package backend

import "fmt"

// heldReadMin is how many deltas in the first read count as held or
// batched: a healthy stream sends one or two per read.
const heldReadMin = 4

// Notes are what a reader of a run's figures should know about how they
// were measured: chunks a gateway held, reasoning the figures leave out, a
// gateway-side fallback.
func (r *Result) Notes() []string {
	var notes []string
	if r.FirstRead >= heldReadMin {
		notes = append(notes, fmt.Sprintf("first chunk held: %d chunks in one read (a gateway holding or batching them); tokens/s leaves their text out", r.FirstRead))
	}
	if n := r.hiddenReasoning(r.Tokens()); n > 0 {
		notes = append(notes, fmt.Sprintf("%d hidden reasoning tokens (counted, not streamed) left out of tokens/s", n))
	}
	if r.GatewayFallback != "" {
		notes = append(notes, fmt.Sprintf("gateway fell back (%s): an earlier target failed; priced as the model that served", r.GatewayFallback))
	}
	return notes
}

// hiddenReasoning is the reasoning tokens the provider counted but never
// streamed (OpenAI's reasoning models): they took time before the first
// token, not during the stream tokens/s measures. t is r.Tokens(), which
// the callers already hold.
func (r *Result) hiddenReasoning(t TokenCounts) int {
	if t.Source != UsageFromProvider || t.Reasoning <= 0 || r.Reasoning.Len() > 0 {
		return 0
	}
	return min(t.Reasoning, t.Output)
}
