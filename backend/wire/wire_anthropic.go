package wire

import (
	"context"
	"net/http"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/wire/apierror"
	"github.com/routeplay/routeplay/backend/wire/jsonscan"
	"github.com/routeplay/routeplay/backend/wire/sse"
)

// anthropicAdapter speaks the Anthropic Messages API.
type anthropicAdapter struct{}

const anthropicVersion = "2023-06-01"

// anthropicDefaultMaxTokens is sent when the route sets none: the API
// requires max_tokens.
const AnthropicDefaultMaxTokens = 4096

type anThinking struct {
	Type         string `json:"type"`
	BudgetTokens int    `json:"budget_tokens"`
}

type anRequest struct {
	Model         string        `json:"model"`
	MaxTokens     int           `json:"max_tokens"`
	Stream        bool          `json:"stream"`
	System        string        `json:"system,omitempty"`
	Messages      []oaMessage   `json:"messages"`
	Temperature   *float64      `json:"temperature,omitempty"`
	TopP          *float64      `json:"top_p,omitempty"`
	StopSequences []string      `json:"stop_sequences,omitempty"`
	Thinking      *anThinking   `json:"thinking,omitempty"`
	Tools         []anToolDecl  `json:"tools,omitempty"`
	ToolChoice    *anToolChoice `json:"tool_choice,omitempty"`
}

func (anthropicAdapter) NewRequest(ctx context.Context, rt backend.Route, req backend.Request, key string) (*http.Request, error) {
	if err := CheckKey(key); err != nil {
		return nil, err
	}
	r, err := newJSONRequest(ctx, JoinURL(rt.BaseURL, "/v1/messages"), anthropicBody(rt, req))
	if err != nil {
		return nil, err
	}
	if key != "" {
		r.Header.Set("X-Api-Key", key)
	}
	r.Header.Set("Anthropic-Version", anthropicVersion)
	return r, nil
}

func anthropicBody(rt backend.Route, req backend.Request) anRequest {
	p := rt.Params
	body := anRequest{
		Model: rt.Model, MaxTokens: AnthropicDefaultMaxTokens, Stream: true,
		System: systemPrompt(rt, req), Temperature: p.Temperature, TopP: p.TopP,
		StopSequences: p.Stop,
	}
	body.Tools, body.ToolChoice = anthropicTools(rt)
	anthropicSchemaTool(rt, &body)
	for _, m := range req.Messages {
		body.Messages = append(body.Messages, anthropicMessage(m))
	}
	if b := p.ReasoningBudget; b != nil && *b > 0 {
		body.Thinking = &anThinking{Type: "enabled", BudgetTokens: *b}
		// The budget must stay below max_tokens; leave room for the answer.
		body.MaxTokens = max(body.MaxTokens, *b+AnthropicDefaultMaxTokens)
	}
	if p.MaxTokens != nil {
		body.MaxTokens = *p.MaxTokens
	}
	return body
}

func (anthropicAdapter) NewDecoder(backend.Route) Decoder { return &anthropicDecoder{} }

type anUsage struct {
	input, output, cacheWrite, cacheRead, thinking int
}

// anEvent holds the fields routeplay reads from any event; reused.
type anEvent struct {
	typ, id, model []byte
	deltaType      []byte
	text, thinking string
	stopReason     []byte
	usage          anUsage // message_start.message.usage or message_delta.usage
	errorJSON      []byte  // the raw "error" value of an error event
	tool           anTool
}

func (e *anEvent) reset() {
	*e = anEvent{typ: e.typ[:0], id: e.id[:0], model: e.model[:0],
		deltaType: e.deltaType[:0], stopReason: e.stopReason[:0]}
}

type anthropicDecoder struct {
	scan        jsonscan.Scanner
	ev          anEvent
	served      servedTracker
	usage       anUsage // merged counters, the last non-zero value of each
	usageSent   bool
	stopReason  string
	sawMessage  bool
	sawStopInfo bool
	tools       toolIndex
}

func (d *anthropicDecoder) Decode(ev sse.Event, out []backend.Event) ([]backend.Event, bool, error) {
	e := &d.ev
	e.reset()
	if err := d.parse(ev.Data); err != nil {
		return out, false, decodeError(ev, err)
	}
	switch anthropicType(ev.Name, e.typ) {
	case "message_start":
		d.sawMessage = true
		d.mergeUsage(&e.usage)
		out = d.served.appendServed(out, ev.At, e.model, nil, e.id)
	case "content_block_delta":
		switch string(e.deltaType) {
		case "text_delta":
			out = appendText(out, backend.EventText, ev.At, e.text)
		case "thinking_delta":
			out = appendText(out, backend.EventReasoning, ev.At, e.thinking)
		case "input_json_delta":
			out = d.toolArgs(out, ev.At)
		}
	case "content_block_start":
		out = d.startBlock(out, ev.At)
	case "message_delta":
		if len(e.stopReason) > 0 {
			d.stopReason, d.sawStopInfo = string(e.stopReason), true
		}
		d.mergeUsage(&e.usage)
		out, d.usageSent = append(out, d.usageEvent(ev.At)), true
	case "message_stop":
		if !d.usageSent && d.sawMessage {
			out = append(out, d.usageEvent(ev.At))
		}
		return append(out, backend.Event{Kind: backend.EventDone, At: ev.At, Finish: d.stopReason}), true, nil
	case "error":
		if e.errorJSON == nil {
			return out, false, &backend.RouteError{Kind: backend.ErrUpstream, Message: "the provider reported an error it did not describe"}
		}
		return out, false, apierror.FromStream(e.errorJSON)
	}
	return out, false, nil
}

// parse walks one event's JSON, reading only the members routeplay uses.
func (d *anthropicDecoder) parse(data []byte) error {
	s, e := &d.scan, &d.ev
	s.Reset(data)
	s.Object(func(key []byte) {
		switch string(key) {
		case "type":
			e.typ = s.Str(e.typ)
		case "message":
			s.Object(func(key []byte) {
				switch string(key) {
				case "id":
					e.id = s.Str(e.id)
				case "model":
					e.model = s.Str(e.model)
				case "usage":
					d.parseUsage()
				}
			})
		case "delta":
			s.Object(func(key []byte) {
				switch string(key) {
				case "type":
					e.deltaType = s.Str(e.deltaType)
				case "text":
					e.text = s.Text()
				case "thinking":
					e.thinking = s.Text()
				case "stop_reason":
					e.stopReason = s.Str(e.stopReason)
				case "partial_json":
					e.tool.partial = s.Text()
				}
			})
		case "usage":
			d.parseUsage()
		case "index":
			e.tool.index = s.Int()
		case "content_block":
			d.parseBlock()
		case "error":
			e.errorJSON = s.Span()
		}
	})
	return s.End()
}

func (d *anthropicDecoder) parseUsage() {
	s, u := &d.scan, &d.ev.usage
	s.Object(func(key []byte) {
		switch string(key) {
		case "input_tokens":
			u.input = s.Int()
		case "output_tokens":
			u.output = s.Int()
		case "cache_creation_input_tokens":
			u.cacheWrite = s.Int()
		case "cache_read_input_tokens":
			u.cacheRead = s.Int()
		case "output_tokens_details":
			s.Object(func(key []byte) {
				if string(key) == "thinking_tokens" {
					u.thinking = s.Int()
				}
			})
		}
	})
}

// anthropicType is the event's type: the SSE event name, else the JSON
// type. Known types map to constants so the lookup allocates nothing.
func anthropicType(name string, typ []byte) string {
	if name != "" {
		return name
	}
	switch string(typ) {
	case "message_start":
		return "message_start"
	case "content_block_start":
		return "content_block_start"
	case "content_block_delta":
		return "content_block_delta"
	case "message_delta":
		return "message_delta"
	case "message_stop":
		return "message_stop"
	case "error":
		return "error"
	}
	return ""
}

// mergeUsage keeps the last non-zero value of each counter: message_delta
// carries the cumulative output and may repeat or omit the input counts.
func (d *anthropicDecoder) mergeUsage(u *anUsage) {
	keep := func(dst *int, v int) {
		if v != 0 {
			*dst = v
		}
	}
	keep(&d.usage.input, u.input)
	keep(&d.usage.output, u.output)
	keep(&d.usage.cacheWrite, u.cacheWrite)
	keep(&d.usage.cacheRead, u.cacheRead)
	keep(&d.usage.thinking, u.thinking)
}

// usageEvent reports the merged counts. Anthropic's input_tokens exclude
// cache reads and writes; routeplay's InputTokens include them (as OpenAI's
// prompt_tokens do) so that cost math treats every provider alike.
func (d *anthropicDecoder) usageEvent(at time.Duration) backend.Event {
	u := d.usage
	return backend.Event{Kind: backend.EventUsage, At: at, Usage: &backend.Usage{
		InputTokens:      u.input + u.cacheRead + u.cacheWrite,
		OutputTokens:     u.output,
		ReasoningTokens:  u.thinking,
		CachedTokens:     u.cacheRead,
		CacheWriteTokens: u.cacheWrite,
	}}
}

// finish accepts EOF after the stop reason arrived (only message_stop is
// missing); otherwise the answer was cut off.
func (d *anthropicDecoder) Finish(at time.Duration, out []backend.Event) ([]backend.Event, error) {
	if !d.sawStopInfo {
		return out, truncatedError()
	}
	return append(out, backend.Event{Kind: backend.EventDone, At: at, Finish: d.stopReason}), nil
}
