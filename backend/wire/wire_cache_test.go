package wire

import (
	"math"
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/internal/testkit"
)

// cacheCase is a hand-made stream whose usage reports prompt-cache reads
// and writes, with the counts and the cost routeplay must derive from it.
type cacheCase struct {
	name        string
	kind        backend.Kind
	model       string
	stream      string
	input       int // every prompt token, cached or not
	read, write int
	output      int
	usd         float64
	src         backend.CostSource
}

// The prices are the embedded catalog's, in USD per million tokens:
// claude-sonnet-4-6 3 / 15, cache read 0.30, cache write 3.75;
// gpt-4o-mini 0.15 / 0.60, cache read 0.075; gemini-2.5-flash 0.30 / 2.50,
// cache read 0.03; deepseek-v4-flash 0.14 / 0.28, cache read 0.0028.
var cacheCases = []cacheCase{
	{
		// Anthropic's input_tokens exclude the cache; routeplay adds both back.
		name: "anthropic", kind: backend.KindAnthropic, model: "claude-sonnet-4-6",
		stream: `event: message_start
data: {"type":"message_start","message":{"id":"m","model":"claude-sonnet-4-6","usage":{"input_tokens":10,"cache_creation_input_tokens":2000,"cache_read_input_tokens":5000,"output_tokens":1}}}

event: content_block_delta
data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}

event: message_delta
data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":50}}

event: message_stop
data: {"type":"message_stop"}

`,
		input: 7010, read: 5000, write: 2000, output: 50,
		// 10×3 + 5000×0.30 + 2000×3.75 + 50×15, per million
		usd: 0.00978, src: backend.CostFromCatalog,
	},
	{
		// OpenAI's prompt_tokens include cached_tokens; OpenAI bills no writes.
		name: "openai", kind: backend.KindOpenAI, model: "gpt-4o-mini",
		stream: `data: {"id":"c","model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":"stop"}]}

data: {"id":"c","model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":3000,"completion_tokens":100,"prompt_tokens_details":{"cached_tokens":2048}}}

data: [DONE]

`,
		input: 3000, read: 2048, output: 100,
		// 952×0.15 + 2048×0.075 + 100×0.60, per million
		usd: 0.0003564, src: backend.CostFromCatalog,
	},
	{
		// OpenRouter's usage details name reads and writes; without its
		// usage.cost the catalog prices them.
		name: "openrouter-priced", kind: backend.KindOpenRouter, model: "anthropic/claude-sonnet-4.6",
		stream: `data: {"id":"gen-1","model":"anthropic/claude-sonnet-4.6","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":"stop"}]}

data: {"id":"gen-1","model":"anthropic/claude-sonnet-4.6","choices":[],"usage":{"prompt_tokens":7010,"completion_tokens":50,"prompt_tokens_details":{"cached_tokens":5000,"cache_write_tokens":2000}}}

data: [DONE]

`,
		input: 7010, read: 5000, write: 2000, output: 50,
		usd: 0.00978, src: backend.CostFromCatalog,
	},
	{
		// With usage.cost, the gateway's own bill wins over any price.
		name: "openrouter-reported", kind: backend.KindOpenRouter, model: "anthropic/claude-sonnet-4.6",
		stream: `data: {"id":"gen-2","model":"anthropic/claude-sonnet-4.6","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":"stop"}]}

data: {"id":"gen-2","model":"anthropic/claude-sonnet-4.6","choices":[],"usage":{"prompt_tokens":7010,"completion_tokens":50,"cost":0.00977,"prompt_tokens_details":{"cached_tokens":5000,"cache_write_tokens":2000}}}

data: [DONE]

`,
		input: 7010, read: 5000, write: 2000, output: 50,
		usd: 0.00977, src: backend.CostFromProvider,
	},
	{
		// DeepSeek reports hits at the top level of usage.
		name: "deepseek", kind: "deepseek", model: "deepseek-v4-flash",
		stream: `data: {"id":"d","model":"deepseek-v4-flash","choices":[{"index":0,"delta":{"content":"Hi"},"finish_reason":"stop"}]}

data: {"id":"d","model":"deepseek-v4-flash","choices":[],"usage":{"prompt_tokens":1000,"completion_tokens":10,"prompt_cache_hit_tokens":800,"prompt_cache_miss_tokens":200}}

data: [DONE]

`,
		input: 1000, read: 800, output: 10,
		// 200×0.14 + 800×0.0028 + 10×0.28, per million
		usd: 0.00003304, src: backend.CostFromCatalog,
	},
	{
		// Gemini's promptTokenCount includes cachedContentTokenCount. Its
		// stream reports no cache writes: an explicit cache is created (and
		// billed by the hour) outside the request, an implicit one for free.
		name: "gemini", kind: backend.KindGemini, model: "gemini-2.5-flash",
		stream: `data: {"candidates":[{"content":{"parts":[{"text":"Hi"}],"role":"model"},"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":4000,"cachedContentTokenCount":3000,"candidatesTokenCount":20,"thoughtsTokenCount":30},"modelVersion":"gemini-2.5-flash"}

`,
		input: 4000, read: 3000, output: 50,
		// 1000×0.30 + 3000×0.03 + 50×2.50, per million
		usd: 0.000515, src: backend.CostFromCatalog,
	},
}

// TestCachedPromptCost checks, per wire, that cache reads and writes are
// counted apart and each priced with its own price.
func TestCachedPromptCost(t *testing.T) {
	for _, c := range cacheCases {
		t.Run(c.name, func(t *testing.T) {
			p, _ := backend.LookupPreset(c.kind)
			events, err := decodeStream(p.Wire, strings.NewReader(c.stream), testkit.ZeroClock)
			if err != nil {
				t.Fatal(err)
			}
			res := backend.NewResult(backend.Route{Name: c.name, Kind: c.kind, Model: c.model})
			res.Apply(backend.Event{Kind: backend.EventStarted})
			for _, ev := range events {
				res.Apply(ev)
			}
			tk := res.Tokens()
			if tk.Source != backend.UsageFromProvider || tk.Input != c.input || tk.Cached != c.read ||
				tk.CacheWrite != c.write || tk.Output != c.output {
				t.Fatalf("tokens %+v, want input %d (read %d, write %d) output %d", tk, c.input, c.read, c.write, c.output)
			}
			usd, src, ok := backend.RouteCost(res)
			if !ok || src != c.src || math.Abs(usd-c.usd) > 1e-12 {
				t.Fatalf("cost %v %q %v, want %v %q", usd, src, ok, c.usd, c.src)
			}
			u := res.Report().Usage
			if u.CachedTokens != c.read || u.CacheWriteTokens != c.write {
				t.Fatalf("report usage %+v", u)
			}
		})
	}
}
