package demo

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"
)

func TestOpenAIStreamFollowsTheChunkFormat(t *testing.T) {
	resp, evs, body := streamWire(t, OpenAI, Script{Reasoning: "think hard", Text: "Seven is prime."})
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type = %q", ct)
	}
	if !strings.HasSuffix(string(body), "data: [DONE]\n\n") {
		t.Fatalf("stream does not end with [DONE]: %q", body)
	}
	evs = dataEvents(evs)
	// role, 2 reasoning, 3 text, finish, usage, [DONE]
	if len(evs) != 9 {
		t.Fatalf("got %d events, want 9:\n%q", len(evs), body)
	}
	first := decode(t, evs[0].data)
	if dig(first, "choices", 0, "delta", "role") != "assistant" || dig(first, "choices", 0, "delta", "content") != "" {
		t.Errorf("first chunk is not role-only: %v", first)
	}
	id, _ := first["id"].(string)
	if !strings.HasPrefix(id, "chatcmpl-") || first["object"] != "chat.completion.chunk" || first["model"] != "m-1" {
		t.Errorf("chunk id/object/model: %v", first)
	}
	if _, ok := first["usage"]; !ok || first["usage"] != nil {
		t.Errorf("ordinary chunks carry usage:null, got %v", first["usage"])
	}
	text, reasoning := streamText(t, OpenAI, evs)
	if text != "Seven is prime." || reasoning != "think hard" {
		t.Errorf("text %q reasoning %q", text, reasoning)
	}
	fin := decode(t, evs[6].data)
	if dig(fin, "choices", 0, "finish_reason") != "stop" {
		t.Errorf("finish chunk: %v", fin)
	}
	usage := decode(t, evs[7].data)
	if choices := dig(usage, "choices").([]any); len(choices) != 0 {
		t.Errorf("usage chunk has choices: %v", choices)
	}
	want := map[string]int{"prompt_tokens": len(testPrompt) / 4, "completion_tokens": 5, "total_tokens": len(testPrompt)/4 + 5}
	for k, v := range want {
		if got := num(dig(usage, "usage", k)); got != v {
			t.Errorf("usage.%s = %d, want %d", k, got, v)
		}
	}
	if got := num(dig(usage, "usage", "completion_tokens_details", "reasoning_tokens")); got != 2 {
		t.Errorf("reasoning_tokens = %d, want 2", got)
	}
	if _, ok := dig(usage, "usage").(map[string]any)["cost"]; ok {
		t.Error("plain OpenAI usage must not carry cost")
	}
}

func TestOpenRouterExtrasAndGenerationStats(t *testing.T) {
	cost := 0.00066
	s, url := startFake(t, Script{Reasoning: "hmm", Text: "7", ServedProvider: "Anthropic", ServedModel: "fallback/model",
		Cost: &cost, KeepAlives: 2, GenerationStats: &GenerationStats{ProviderName: "Anthropic", LatencyMs: 812, GenerationTimeMs: 640, TotalCost: cost}})
	c := newClient(t)
	key := http.Header{"Authorization": {"Bearer sk-or-test"}}
	resp, body, err := do(t, context.Background(), c, http.MethodPost, url+"/api/v1/chat/completions", callFor(OpenAI).body, key)
	if err != nil {
		t.Fatal(err)
	}
	evs, _ := parseSSE(body)
	if evs[0].comment != "OPENROUTER PROCESSING" || evs[1].comment != "OPENROUTER PROCESSING" {
		t.Fatalf("keep-alives missing: %q", body)
	}
	evs = dataEvents(evs)
	chunk := decode(t, evs[1].data)
	id, _ := chunk["id"].(string)
	if !strings.HasPrefix(id, "gen-") || resp.Header.Get("X-Generation-Id") != id {
		t.Errorf("id %q, X-Generation-Id %q", id, resp.Header.Get("X-Generation-Id"))
	}
	if chunk["provider"] != "Anthropic" || chunk["model"] != "fallback/model" {
		t.Errorf("provider/model: %v", chunk)
	}
	if dig(chunk, "choices", 0, "delta", "reasoning") != "hmm" {
		t.Errorf("OpenRouter reasoning field: %v", chunk)
	}
	usage := decode(t, evs[len(evs)-2].data)
	if dig(usage, "usage", "cost") != cost {
		t.Errorf("usage.cost = %v", dig(usage, "usage", "cost"))
	}

	resp, body, _ = do(t, context.Background(), c, http.MethodGet, url+"/api/v1/generation?id="+id, "", key)
	stats := decode(t, string(body))
	if resp.StatusCode != 200 || dig(stats, "data", "provider_name") != "Anthropic" || dig(stats, "data", "latency") != 812.0 ||
		dig(stats, "data", "total_cost") != cost || dig(stats, "data", "model") != "fallback/model" || num(dig(stats, "data", "tokens_completion")) != 2 {
		t.Errorf("generation stats %d: %s", resp.StatusCode, body)
	}
	resp, _, _ = do(t, context.Background(), c, http.MethodGet, url+"/api/v1/generation?id=gen-unknown", "", key)
	if resp.StatusCode != 404 {
		t.Errorf("unknown generation: status %d", resp.StatusCode)
	}
	if n := len(s.Requests()); n != 3 {
		t.Errorf("recorded %d requests, want 3", n)
	}
}

func TestAnthropicStreamFollowsTheEventFormat(t *testing.T) {
	_, evs, body := streamWire(t, Anthropic, Script{Reasoning: "small primes", Text: "Seven.",
		Usage: &Usage{Input: 30, Output: 12, Reasoning: 4, Cached: 10}})
	var names []string
	for _, e := range evs {
		if e.comment != "" {
			continue
		}
		m := decode(t, e.data)
		if m["type"] != e.event {
			t.Errorf("event %q carries type %v", e.event, m["type"])
		}
		names = append(names, e.event)
	}
	want := []string{"message_start", "ping",
		"content_block_start", "content_block_delta", "content_block_delta", "content_block_delta", "content_block_stop",
		"content_block_start", "content_block_delta", "content_block_stop", "message_delta", "message_stop"}
	if !slices.Equal(names, want) {
		t.Fatalf("events\n got %v\nwant %v", names, want)
	}
	start := decode(t, evs[0].data)
	if num(dig(start, "message", "usage", "input_tokens")) != 20 || num(dig(start, "message", "usage", "cache_read_input_tokens")) != 10 {
		t.Errorf("message_start usage: %v", dig(start, "message", "usage"))
	}
	if dig(decode(t, evs[2].data), "content_block", "type") != "thinking" || dig(decode(t, evs[7].data), "content_block", "type") != "text" {
		t.Errorf("blocks must be thinking then text:\n%s", body)
	}
	if num(dig(decode(t, evs[7].data), "index")) != 1 {
		t.Errorf("text block index: %s", evs[7].data)
	}
	if dig(decode(t, evs[5].data), "delta", "type") != "signature_delta" {
		t.Errorf("thinking block should end with a signature: %s", evs[5].data)
	}
	md := decode(t, evs[10].data)
	if dig(md, "delta", "stop_reason") != "end_turn" || num(dig(md, "usage", "output_tokens")) != 12 {
		t.Errorf("message_delta: %v", md)
	}
	text, reasoning := streamText(t, Anthropic, evs)
	if text != "Seven." || reasoning != "small primes" {
		t.Errorf("text %q reasoning %q", text, reasoning)
	}
}

func TestGeminiStreamFollowsTheChunkFormat(t *testing.T) {
	_, evs, body := streamWire(t, Gemini, Script{Reasoning: "primes", Text: "Seven is.", ServedModel: "m-1-001",
		Usage: &Usage{Input: 9, Output: 12, Reasoning: 5, Cached: 0}})
	for _, e := range evs {
		if e.event != "" || e.comment != "" {
			t.Fatalf("Gemini sends data-only lines: %q", body)
		}
	}
	if strings.Contains(string(body), "[DONE]") {
		t.Fatal("Gemini has no [DONE]")
	}
	if len(evs) != 4 {
		t.Fatalf("got %d chunks, want 4: %q", len(evs), body)
	}
	if dig(decode(t, evs[0].data), "candidates", 0, "content", "parts", 0, "thought") != true {
		t.Errorf("first chunk should be a thought: %s", evs[0].data)
	}
	last := decode(t, evs[3].data)
	if dig(last, "candidates", 0, "finishReason") != "STOP" || last["modelVersion"] != "m-1-001" {
		t.Errorf("last chunk: %v", last)
	}
	um := dig(last, "usageMetadata")
	if num(dig(um, "promptTokenCount")) != 9 || num(dig(um, "candidatesTokenCount")) != 7 ||
		num(dig(um, "thoughtsTokenCount")) != 5 || num(dig(um, "totalTokenCount")) != 21 {
		t.Errorf("usageMetadata: %v", um)
	}
	if _, ok := um.(map[string]any)["cachedContentTokenCount"]; ok {
		t.Error("zero counters are omitted")
	}
	text, reasoning := streamText(t, Gemini, evs)
	if text != "Seven is." || reasoning != "primes" {
		t.Errorf("text %q reasoning %q", text, reasoning)
	}
}

func TestGeminiNeedsAltSSE(t *testing.T) {
	_, url := startFake(t, Script{Text: "x"})
	resp, body, _ := do(t, context.Background(), newClient(t), http.MethodPost,
		url+"/v1beta/models/m-1:streamGenerateContent", callFor(Gemini).body, nil)
	if resp.StatusCode != 400 || dig(decode(t, string(body)), "error", "status") != "INVALID_ARGUMENT" {
		t.Errorf("status %d body %s", resp.StatusCode, body)
	}
}

func TestScriptOptionsOnEveryWire(t *testing.T) {
	for _, w := range []Wire{OpenAI, Anthropic, Gemini} {
		t.Run(w.String()+"/Tokens", func(t *testing.T) {
			_, evs, _ := streamWire(t, w, Script{Tokens: []string{"Sev", "en", " is", " prime"}, Text: "ignored"})
			if text, _ := streamText(t, w, evs); text != "Seven is prime" {
				t.Errorf("text %q", text)
			}
		})
		t.Run(w.String()+"/OmitUsage", func(t *testing.T) {
			_, _, body := streamWire(t, w, Script{Text: "a b", OmitUsage: true})
			for _, field := range []string{"prompt_tokens", "output_tokens", "input_tokens", "usageMetadata", `"usage":{`} {
				if strings.Contains(string(body), field) {
					t.Errorf("usage field %s present:\n%s", field, body)
				}
			}
		})
		t.Run(w.String()+"/Finish", func(t *testing.T) {
			_, _, body := streamWire(t, w, Script{Text: "a", Finish: "length_custom"})
			if !strings.Contains(string(body), `"length_custom"`) {
				t.Errorf("finish reason missing:\n%s", body)
			}
		})
		t.Run(w.String()+"/ComputedUsage", func(t *testing.T) {
			_, _, body := streamWire(t, w, Script{Text: "one two three"})
			want := map[Wire]string{OpenAI: `"completion_tokens":3`, Anthropic: `"output_tokens":3`, Gemini: `"candidatesTokenCount":3`}[w]
			if !strings.Contains(string(body), want) {
				t.Errorf("want %s in\n%s", want, body)
			}
		})
	}
}

func TestRequestsAreRecorded(t *testing.T) {
	for _, call := range wireCalls {
		t.Run(call.wire.String(), func(t *testing.T) {
			s, url := startFake(t, Script{Text: "ok"})
			h := http.Header{"X-Api-Key": {"k-123"}, "Anthropic-Version": {"2023-06-01"}}
			do(t, context.Background(), newClient(t), http.MethodPost, url+call.path, call.body, h)
			reqs := s.Requests()
			if len(reqs) != 1 {
				t.Fatalf("%d requests", len(reqs))
			}
			r := reqs[0]
			if r.Wire != call.wire || r.Model != "m-1" || r.Prompt != testPrompt || r.Header.Get("X-Api-Key") != "k-123" || r.Body == nil {
				t.Errorf("recorded %+v", r)
			}
		})
	}
}

func TestSplitTextKeepsEveryByte(t *testing.T) {
	for _, s := range []string{"", "  lead", "a b  c\n\nd", "trailing  ", "   ", "```go\nx := 1\n```"} {
		if got := strings.Join(SplitText(s), ""); got != s {
			t.Errorf("SplitText(%q) joins to %q", s, got)
		}
	}
	if got := SplitText("Hello big world"); !slices.Equal(got, []string{"Hello ", "big ", "world"}) {
		t.Errorf("pieces %q", got)
	}
}

// TestUsageCountsToolCalls: an answer that is only a call reports the
// call's tokens, not zero output.
func TestUsageCountsToolCalls(t *testing.T) {
	sc := Script{ToolCalls: []ToolCall{{Name: "get_weather", Arguments: `{"city":"Paris"}`}}}
	u := reportedUsage(Request{Prompt: "weather?"}, sc, nil)
	if want := (len("get_weather") + len(`{"city":"Paris"}`) + 3) / 4; u.Output != want {
		t.Errorf("output tokens = %d, want %d", u.Output, want)
	}
}
