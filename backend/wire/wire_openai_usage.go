package wire

import (
	"time"

	"github.com/routeplay/routeplay/backend"
)

// xaiTicksPerUSD converts xAI's cost_in_usd_ticks: a tick is 1e-10 USD. The
// recorded grok-3-mini streams confirm it: 12 input tokens (11 cached), 291
// output tokens at $0.30 / $0.075 / $0.50 per million cost $0.000146625, and
// the stream reports 1466250 ticks.
const xaiTicksPerUSD = 1e10

// usageEvent turns the chunk's usage object, if any, into an backend.EventUsage. The
// provider's own cost is OpenRouter's usage.cost, else xAI's ticks.
func (d *openaiDecoder) usageEvent(at time.Duration) (backend.Event, bool) {
	u := &d.chunk.usage
	if !u.present {
		return backend.Event{}, false
	}
	// prompt_tokens count the cached ones too (OpenAI, OpenRouter, DeepSeek).
	usage := &backend.Usage{InputTokens: u.prompt, OutputTokens: u.completion,
		ReasoningTokens: u.reasoning, CachedTokens: max(u.cached, u.cacheHit), CacheWriteTokens: u.cacheWrite}
	var cost float64
	switch {
	case u.hasCost:
		cost = u.cost
	case u.hasTicks:
		cost = u.ticks / xaiTicksPerUSD
	default:
		return backend.Event{Kind: backend.EventUsage, At: at, Usage: usage}, true
	}
	if backend.ValidCost(cost) {
		usage.CostUSD = &cost
	} else {
		usage.CostRejected = true
	}
	return backend.Event{Kind: backend.EventUsage, At: at, Usage: usage}, true
}

// appendUsage appends the chunk's usage event, if any.
func (d *openaiDecoder) appendUsage(out []backend.Event, at time.Duration) []backend.Event {
	if ev, ok := d.usageEvent(at); ok {
		out = append(out, ev)
	}
	return out
}
