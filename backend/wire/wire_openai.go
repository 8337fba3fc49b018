package wire

import (
	"bytes"
	"context"
	"net/http"
	"strings"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/wire/apierror"
	"github.com/routeplay/routeplay/backend/wire/jsonscan"
	"github.com/routeplay/routeplay/backend/wire/sse"
)

// openaiAdapter speaks OpenAI Chat Completions: OpenAI itself, OpenRouter
// (with its extras) and every compatible server.
type openaiAdapter struct{}

// Attribution headers OpenRouter shows on its app rankings.
const (
	OpenRouterReferer = "https://github.com/routeplay/routeplay"
	OpenRouterTitle   = "routeplay"
)

// oaMessage is one message; Content is a string, null (an assistant turn
// that only called tools) or, on Anthropic, a list of content blocks.
type oaMessage struct {
	Role       string          `json:"role"`
	Content    any             `json:"content"`
	ToolCalls  []oaToolCallOut `json:"tool_calls,omitempty"`
	ToolCallID string          `json:"tool_call_id,omitempty"`
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
	Model               string            `json:"model"`
	Models              []string          `json:"models,omitempty"`
	Stream              bool              `json:"stream"`
	StreamOptions       *oaStreamOptions  `json:"stream_options,omitempty"`
	Messages            []oaMessage       `json:"messages"`
	Temperature         *float64          `json:"temperature,omitempty"`
	TopP                *float64          `json:"top_p,omitempty"`
	MaxTokens           *int              `json:"max_tokens,omitempty"`
	MaxCompletionTokens *int              `json:"max_completion_tokens,omitempty"`
	ReasoningEffort     string            `json:"reasoning_effort,omitempty"`
	Reasoning           *orReasoning      `json:"reasoning,omitempty"`
	Stop                []string          `json:"stop,omitempty"`
	Usage               *orUsage          `json:"usage,omitempty"`
	Provider            map[string]any    `json:"provider,omitempty"`
	Tools               []oaTool          `json:"tools,omitempty"`
	ToolChoice          any               `json:"tool_choice,omitempty"`
	ResponseFormat      *oaResponseFormat `json:"response_format,omitempty"`
}

func IsOpenRouter(rt backend.Route) bool {
	return strings.EqualFold(string(rt.Kind), string(backend.KindOpenRouter))
}
func IsOpenAI(rt backend.Route) bool {
	return strings.EqualFold(string(rt.Kind), string(backend.KindOpenAI))
}

func (openaiAdapter) NewRequest(ctx context.Context, rt backend.Route, req backend.Request, key string) (*http.Request, error) {
	if err := CheckKey(key); err != nil {
		return nil, err
	}
	r, err := newJSONRequest(ctx, JoinURL(rt.BaseURL, "/chat/completions"), openaiBody(rt, req))
	if err != nil {
		return nil, err
	}
	if key != "" {
		r.Header.Set("Authorization", "Bearer "+key)
	}
	if IsOpenRouter(rt) {
		r.Header.Set("HTTP-Referer", OpenRouterReferer)
		r.Header.Set("X-Title", OpenRouterTitle)
	}
	return r, nil
}

func openaiBody(rt backend.Route, req backend.Request) oaRequest {
	p := rt.Params
	body := oaRequest{
		Model: rt.Model, Stream: true,
		StreamOptions: &oaStreamOptions{IncludeUsage: true},
		Temperature:   p.Temperature, TopP: p.TopP, Stop: p.Stop,
	}
	body.Tools, body.ToolChoice = openaiTools(rt)
	body.ResponseFormat = openaiResponseFormat(rt)
	if sys := systemPrompt(rt, req); sys != "" {
		body.Messages = append(body.Messages, oaMessage{Role: "system", Content: sys})
	}
	for _, m := range req.Messages {
		body.Messages = append(body.Messages, openaiMessages(m)...)
	}
	switch {
	case IsOpenRouter(rt):
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
	case IsOpenAI(rt):
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

func (openaiAdapter) NewDecoder(backend.Route) Decoder { return &openaiDecoder{} }

// oaUsage is the usage object: OpenAI's counts plus OpenRouter's or xAI's cost.
type oaUsage struct {
	present            bool
	prompt, completion int
	cached, reasoning  int
	cacheWrite         int // OpenRouter's prompt_tokens_details.cache_write_tokens
	cacheHit           int // DeepSeek's prompt_cache_hit_tokens
	cost               float64
	hasCost            bool
	ticks              float64 // xAI's cost_in_usd_ticks
	hasTicks           bool
}

// oaChunk holds only the fields routeplay reads. It is reused across chunks.
type oaChunk struct {
	id, model, provider []byte
	content, reasoning  string
	refusal             string
	finish              []byte
	usage               oaUsage
	errorJSON           []byte // the raw "error" value, when not null
	tools               []oaToolFrag
}

func (c *oaChunk) reset() {
	clear(c.tools) // the fragments' strings must not be kept alive
	*c = oaChunk{id: c.id[:0], model: c.model[:0], provider: c.provider[:0], finish: c.finish[:0], tools: c.tools[:0]}
}

type openaiDecoder struct {
	scan   jsonscan.Scanner
	chunk  oaChunk
	served servedTracker
	reason string // the last finish_reason
	think  thinkSplitter
	tools  toolIndex
}

var doneMarker = []byte("[DONE]")

func (d *openaiDecoder) Decode(ev sse.Event, out []backend.Event) ([]backend.Event, bool, error) {
	if bytes.HasPrefix(ev.Data, doneMarker) {
		out = d.think.flush(out, ev.At)
		return append(out, backend.Event{Kind: backend.EventDone, At: ev.At, Finish: d.reason}), true, nil
	}
	c := &d.chunk
	c.reset()
	if err := d.parse(ev.Data); err != nil {
		return out, false, decodeError(ev, err)
	}
	out = d.served.appendServed(out, ev.At, c.model, c.provider, c.id)
	if c.errorJSON != nil {
		// OpenRouter's error chunk may still report what was used and billed.
		out = d.think.flush(out, ev.At)
		return d.appendUsage(out, ev.At), false, apierror.FromStream(c.errorJSON)
	}
	out = appendText(out, backend.EventReasoning, ev.At, c.reasoning)
	out = appendText(out, backend.EventText, ev.At, c.refusal)
	out = d.think.appendContent(out, ev.At, c.content)
	out = d.appendTools(out, ev.At)
	if len(c.finish) > 0 && string(c.finish) != d.reason {
		d.reason = string(c.finish)
	}
	return d.appendUsage(out, ev.At), false, nil
}

// parse walks one chunk, reading only the members routeplay uses.
func (d *openaiDecoder) parse(data []byte) error {
	s, c := &d.scan, &d.chunk
	s.Reset(data)
	s.Object(func(key []byte) {
		switch string(key) {
		case "id":
			c.id = s.Str(c.id)
		case "model":
			c.model = s.Str(c.model)
		case "provider":
			c.provider = s.Str(c.provider)
		case "choices":
			s.Array(func(i int) {
				if i == 0 {
					d.parseChoice()
				}
			})
		case "usage":
			d.parseUsage()
		case "x_groq": // older Groq reported usage here
			s.Object(func(key []byte) {
				if string(key) == "usage" && !c.usage.present {
					d.parseUsage()
				}
			})
		case "error":
			if s.Peek() != 'n' {
				c.errorJSON = s.Span()
			}
		}
	})
	return s.End()
}

func (d *openaiDecoder) parseChoice() {
	s, c := &d.scan, &d.chunk
	s.Object(func(key []byte) {
		switch string(key) {
		case "delta":
			s.Object(func(key []byte) {
				switch string(key) {
				case "content":
					d.parseContent()
				case "reasoning":
					c.reasoning = s.Text()
				case "reasoning_content":
					// Servers name the reasoning delta either way; some send both.
					if c.reasoning == "" {
						c.reasoning = s.Text()
					}
				case "refusal":
					c.refusal = s.Text()
				case "tool_calls":
					d.parseToolCalls()
				}
			})
		case "finish_reason":
			c.finish = s.Str(c.finish)
		}
	})
}

func (d *openaiDecoder) parseUsage() {
	s, u := &d.scan, &d.chunk.usage
	if s.Peek() != '{' {
		return // null on ordinary chunks
	}
	u.present = true
	s.Object(func(key []byte) {
		switch string(key) {
		case "prompt_tokens":
			u.prompt = s.Int()
		case "completion_tokens":
			u.completion = s.Int()
		case "cost":
			u.cost, u.hasCost = s.Float()
		case "cost_in_usd_ticks":
			u.ticks, u.hasTicks = s.Float()
		case "prompt_cache_hit_tokens":
			u.cacheHit = s.Int()
		case "prompt_tokens_details":
			s.Object(func(key []byte) {
				switch string(key) {
				case "cached_tokens":
					u.cached = s.Int()
				case "cache_write_tokens":
					u.cacheWrite = s.Int()
				}
			})
		case "completion_tokens_details":
			s.Object(func(key []byte) {
				if string(key) == "reasoning_tokens" {
					u.reasoning = s.Int()
				}
			})
		}
	})
}

// finish accepts EOF after a finish_reason (some compatible servers never
// send [DONE]); without one the answer was cut off.
func (d *openaiDecoder) Finish(at time.Duration, out []backend.Event) ([]backend.Event, error) {
	out = d.think.flush(out, at)
	if d.reason == "" {
		return out, truncatedError()
	}
	return append(out, backend.Event{Kind: backend.EventDone, At: at, Finish: d.reason}), nil
}
