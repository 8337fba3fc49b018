package backend

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// openaiAdapter speaks OpenAI Chat Completions: OpenAI itself, OpenRouter
// (with its extras) and every compatible server.
type openaiAdapter struct{}

// Attribution headers OpenRouter shows on its app rankings.
const (
	openRouterReferer = "https://github.com/routeplay/routeplay"
	openRouterTitle   = "routeplay"
)

type oaMessage struct {
	Role    string `json:"role"`
	Content string `json:"content"`
}

type oaStreamOptions struct {
	IncludeUsage bool `json:"include_usage"`
}

type orReasoning struct {
	Effort    string `json:"effort,omitempty"`
	MaxTokens *int   `json:"max_tokens,omitempty"`
}

type orUsage struct {
	Include bool `json:"include"`
}

type oaRequest struct {
	Model               string           `json:"model"`
	Models              []string         `json:"models,omitempty"`
	Stream              bool             `json:"stream"`
	StreamOptions       *oaStreamOptions `json:"stream_options,omitempty"`
	Messages            []oaMessage      `json:"messages"`
	Temperature         *float64         `json:"temperature,omitempty"`
	TopP                *float64         `json:"top_p,omitempty"`
	MaxTokens           *int             `json:"max_tokens,omitempty"`
	MaxCompletionTokens *int             `json:"max_completion_tokens,omitempty"`
	ReasoningEffort     string           `json:"reasoning_effort,omitempty"`
	Reasoning           *orReasoning     `json:"reasoning,omitempty"`
	Stop                []string         `json:"stop,omitempty"`
	Usage               *orUsage         `json:"usage,omitempty"`
	Provider            map[string]any   `json:"provider,omitempty"`
}

func isOpenRouter(rt Route) bool { return strings.EqualFold(string(rt.Kind), string(KindOpenRouter)) }
func isOpenAI(rt Route) bool     { return strings.EqualFold(string(rt.Kind), string(KindOpenAI)) }

func (openaiAdapter) newRequest(ctx context.Context, rt Route, req Request, key string) (*http.Request, error) {
	if err := checkKey(key); err != nil {
		return nil, err
	}
	r, err := newJSONRequest(ctx, joinURL(rt.BaseURL, "/chat/completions"), openaiBody(rt, req))
	if err != nil {
		return nil, err
	}
	if key != "" {
		r.Header.Set("Authorization", "Bearer "+key)
	}
	if isOpenRouter(rt) {
		r.Header.Set("HTTP-Referer", openRouterReferer)
		r.Header.Set("X-Title", openRouterTitle)
	}
	return r, nil
}

func openaiBody(rt Route, req Request) oaRequest {
	p := rt.Params
	body := oaRequest{
		Model: rt.Model, Stream: true,
		StreamOptions: &oaStreamOptions{IncludeUsage: true},
		Temperature:   p.Temperature, TopP: p.TopP, Stop: p.Stop,
	}
	if sys := systemPrompt(rt, req); sys != "" {
		body.Messages = append(body.Messages, oaMessage{Role: "system", Content: sys})
	}
	for _, m := range req.Messages {
		body.Messages = append(body.Messages, oaMessage{Role: string(m.Role), Content: m.Content})
	}
	switch {
	case isOpenRouter(rt):
		body.MaxTokens = p.MaxTokens
		body.Usage = &orUsage{Include: true}
		if p.ReasoningEffort != "" {
			body.Reasoning = &orReasoning{Effort: p.ReasoningEffort}
		} else if p.ReasoningBudget != nil {
			body.Reasoning = &orReasoning{MaxTokens: p.ReasoningBudget}
		}
		if o := rt.OpenRouter; o != nil {
			body.Models, body.Provider = o.Models, o.Provider
		}
	case isOpenAI(rt):
		// Reasoning models reject the deprecated max_tokens.
		body.MaxCompletionTokens = p.MaxTokens
		body.ReasoningEffort = p.ReasoningEffort
	default:
		// Compatible servers know max_tokens; reasoning_effort goes only when
		// the user set it, since some servers reject unknown fields.
		body.MaxTokens = p.MaxTokens
		body.ReasoningEffort = p.ReasoningEffort
	}
	return body
}

func (openaiAdapter) newDecoder(Route) decoder { return &openaiDecoder{} }

type oaUsageJSON struct {
	PromptTokens        int      `json:"prompt_tokens"`
	CompletionTokens    int      `json:"completion_tokens"`
	Cost                *float64 `json:"cost"`
	PromptTokensDetails struct {
		CachedTokens int `json:"cached_tokens"`
	} `json:"prompt_tokens_details"`
	CompletionTokensDetails struct {
		ReasoningTokens int `json:"reasoning_tokens"`
	} `json:"completion_tokens_details"`
}

type oaChoice struct {
	Delta struct {
		Content          string `json:"content"`
		Reasoning        string `json:"reasoning"`
		ReasoningContent string `json:"reasoning_content"`
		Refusal          string `json:"refusal"`
	} `json:"delta"`
	FinishReason jsonBytes `json:"finish_reason"`
}

// oaChunk holds only the fields routeplay reads. It is reused across chunks.
type oaChunk struct {
	ID       jsonBytes       `json:"id"`
	Model    jsonBytes       `json:"model"`
	Provider jsonBytes       `json:"provider"`
	Choices  []oaChoice      `json:"choices"`
	Usage    *oaUsageJSON    `json:"usage"`
	Error    json.RawMessage `json:"error"`
	XGroq    *struct {
		Usage *oaUsageJSON `json:"usage"`
	} `json:"x_groq"`
}

// reset clears the chunk for reuse, keeping buffer capacity. encoding/json
// leaves absent fields and reused slice elements as they were.
func (c *oaChunk) reset() {
	c.ID, c.Model, c.Provider = c.ID[:0], c.Model[:0], c.Provider[:0]
	for i := range c.Choices[:cap(c.Choices)] {
		ch := &c.Choices[:cap(c.Choices)][i]
		ch.Delta.Content, ch.Delta.Reasoning, ch.Delta.ReasoningContent, ch.Delta.Refusal = "", "", "", ""
		ch.FinishReason = ch.FinishReason[:0]
	}
	c.Choices = c.Choices[:0]
	c.Usage, c.Error, c.XGroq = nil, c.Error[:0], nil
}

type openaiDecoder struct {
	chunk  oaChunk
	served servedTracker
	reason string // the last finish_reason
}

var doneMarker = []byte("[DONE]")

func (d *openaiDecoder) decode(ev sseEvent, out []Event) ([]Event, bool, error) {
	if bytes.HasPrefix(ev.Data, doneMarker) {
		return append(out, Event{Kind: EventDone, At: ev.At, Finish: d.reason}), true, nil
	}
	c := &d.chunk
	c.reset()
	if err := json.Unmarshal(ev.Data, c); err != nil {
		return out, false, decodeError(ev, err)
	}
	out = d.served.appendServed(out, ev.At, c.Model, c.Provider, c.ID)
	if len(c.Error) > 0 && string(c.Error) != "null" {
		return out, false, streamError(c.Error)
	}
	if len(c.Choices) > 0 {
		ch := &c.Choices[0]
		// Servers name the reasoning delta either way; some send both.
		reasoning := ch.Delta.Reasoning
		if reasoning == "" {
			reasoning = ch.Delta.ReasoningContent
		}
		out = appendText(out, EventReasoning, ev.At, reasoning)
		out = appendText(out, EventText, ev.At, ch.Delta.Refusal)
		out = appendText(out, EventText, ev.At, ch.Delta.Content)
		if len(ch.FinishReason) > 0 && string(ch.FinishReason) != d.reason {
			d.reason = string(ch.FinishReason)
		}
	}
	u := c.Usage
	if u == nil && c.XGroq != nil {
		u = c.XGroq.Usage
	}
	if u != nil {
		out = append(out, Event{Kind: EventUsage, At: ev.At, Usage: &Usage{
			InputTokens: u.PromptTokens, OutputTokens: u.CompletionTokens,
			ReasoningTokens: u.CompletionTokensDetails.ReasoningTokens,
			CachedTokens:    u.PromptTokensDetails.CachedTokens, CostUSD: u.Cost,
		}})
	}
	return out, false, nil
}

// streamError turns an in-stream error value (an object or a bare string)
// into a RouteError.
func streamError(raw json.RawMessage) *RouteError {
	var pe providerError
	if raw[0] == '"' {
		_ = json.Unmarshal(raw, &pe.Message)
	} else if err := json.Unmarshal(raw, &pe); err != nil && !isTypeError(err) {
		return &RouteError{Kind: ErrUpstream, Message: "the provider reported an error it did not describe"}
	}
	return routeErrorFrom(0, &pe)
}

// finish accepts EOF after a finish_reason (some compatible servers never
// send [DONE]); without one the answer was cut off.
func (d *openaiDecoder) finish(at time.Duration, out []Event) ([]Event, error) {
	if d.reason == "" {
		return out, truncatedError()
	}
	return append(out, Event{Kind: EventDone, At: at, Finish: d.reason}), nil
}
