package backend

import (
	"context"
	"encoding/json"
	"net/http"
	"time"
)

// anthropicAdapter speaks the Anthropic Messages API.
type anthropicAdapter struct{}

const anthropicVersion = "2023-06-01"

// anthropicDefaultMaxTokens is sent when the route sets none: the API
// requires max_tokens.
const anthropicDefaultMaxTokens = 4096

type anThinking struct {
	Type         string `json:"type"`
	BudgetTokens int    `json:"budget_tokens"`
}

type anRequest struct {
	Model         string      `json:"model"`
	MaxTokens     int         `json:"max_tokens"`
	Stream        bool        `json:"stream"`
	System        string      `json:"system,omitempty"`
	Messages      []oaMessage `json:"messages"`
	Temperature   *float64    `json:"temperature,omitempty"`
	TopP          *float64    `json:"top_p,omitempty"`
	StopSequences []string    `json:"stop_sequences,omitempty"`
	Thinking      *anThinking `json:"thinking,omitempty"`
}

func (anthropicAdapter) newRequest(ctx context.Context, rt Route, req Request, key string) (*http.Request, error) {
	if err := checkKey(key); err != nil {
		return nil, err
	}
	r, err := newJSONRequest(ctx, joinURL(rt.BaseURL, "/v1/messages"), anthropicBody(rt, req))
	if err != nil {
		return nil, err
	}
	if key != "" {
		r.Header.Set("X-Api-Key", key)
	}
	r.Header.Set("Anthropic-Version", anthropicVersion)
	return r, nil
}

func anthropicBody(rt Route, req Request) anRequest {
	p := rt.Params
	body := anRequest{
		Model: rt.Model, MaxTokens: anthropicDefaultMaxTokens, Stream: true,
		System: systemPrompt(rt, req), Temperature: p.Temperature, TopP: p.TopP,
		StopSequences: p.Stop,
	}
	for _, m := range req.Messages {
		body.Messages = append(body.Messages, oaMessage{Role: string(m.Role), Content: m.Content})
	}
	if b := p.ReasoningBudget; b != nil && *b > 0 {
		body.Thinking = &anThinking{Type: "enabled", BudgetTokens: *b}
		// The budget must stay below max_tokens; leave room for the answer.
		body.MaxTokens = max(body.MaxTokens, *b+anthropicDefaultMaxTokens)
	}
	if p.MaxTokens != nil {
		body.MaxTokens = *p.MaxTokens
	}
	return body
}

func (anthropicAdapter) newDecoder(Route) decoder { return &anthropicDecoder{} }

type anUsage struct {
	InputTokens              int `json:"input_tokens"`
	OutputTokens             int `json:"output_tokens"`
	CacheCreationInputTokens int `json:"cache_creation_input_tokens"`
	CacheReadInputTokens     int `json:"cache_read_input_tokens"`
	OutputTokensDetails      struct {
		ThinkingTokens int `json:"thinking_tokens"`
	} `json:"output_tokens_details"`
}

// anEvent is the union of the stream's event payloads, reused across events.
type anEvent struct {
	Type    jsonBytes `json:"type"`
	Message struct {
		ID    jsonBytes `json:"id"`
		Model jsonBytes `json:"model"`
		Usage anUsage   `json:"usage"`
	} `json:"message"`
	Delta struct {
		Type       jsonBytes `json:"type"`
		Text       string    `json:"text"`
		Thinking   string    `json:"thinking"`
		StopReason jsonBytes `json:"stop_reason"`
	} `json:"delta"`
	Usage anUsage       `json:"usage"`
	Error providerError `json:"error"`
}

func (e *anEvent) reset() {
	e.Type = e.Type[:0]
	e.Message.ID, e.Message.Model, e.Message.Usage = e.Message.ID[:0], e.Message.Model[:0], anUsage{}
	e.Delta.Type, e.Delta.Text, e.Delta.Thinking = e.Delta.Type[:0], "", ""
	e.Delta.StopReason = e.Delta.StopReason[:0]
	e.Usage, e.Error = anUsage{}, providerError{}
}

type anthropicDecoder struct {
	ev          anEvent
	served      servedTracker
	usage       anUsage // merged counters, the last non-zero value of each
	usageSent   bool
	stopReason  string
	sawMessage  bool
	sawStopInfo bool
}

func (d *anthropicDecoder) decode(ev sseEvent, out []Event) ([]Event, bool, error) {
	e := &d.ev
	e.reset()
	if err := json.Unmarshal(ev.Data, e); err != nil && !isTypeError(err) {
		return out, false, decodeError(ev, err)
	}
	switch anthropicType(ev.Name, e.Type) {
	case "message_start":
		d.sawMessage = true
		d.mergeUsage(&e.Message.Usage)
		out = d.served.appendServed(out, ev.At, e.Message.Model, nil, e.Message.ID)
	case "content_block_delta":
		switch string(e.Delta.Type) {
		case "text_delta":
			out = appendText(out, EventText, ev.At, e.Delta.Text)
		case "thinking_delta":
			out = appendText(out, EventReasoning, ev.At, e.Delta.Thinking)
		}
	case "message_delta":
		if len(e.Delta.StopReason) > 0 {
			d.stopReason, d.sawStopInfo = string(e.Delta.StopReason), true
		}
		d.mergeUsage(&e.Usage)
		out, d.usageSent = append(out, d.usageEvent(ev.At)), true
	case "message_stop":
		if !d.usageSent && d.sawMessage {
			out = append(out, d.usageEvent(ev.At))
		}
		return append(out, Event{Kind: EventDone, At: ev.At, Finish: d.stopReason}), true, nil
	case "error":
		return out, false, routeErrorFrom(0, &e.Error)
	}
	return out, false, nil
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
	keep(&d.usage.InputTokens, u.InputTokens)
	keep(&d.usage.OutputTokens, u.OutputTokens)
	keep(&d.usage.CacheCreationInputTokens, u.CacheCreationInputTokens)
	keep(&d.usage.CacheReadInputTokens, u.CacheReadInputTokens)
	keep(&d.usage.OutputTokensDetails.ThinkingTokens, u.OutputTokensDetails.ThinkingTokens)
}

// usageEvent reports the merged counts. Anthropic's input_tokens exclude
// cache reads and writes; routeplay's InputTokens include them (as OpenAI's
// prompt_tokens do) so that cost math treats every provider alike.
func (d *anthropicDecoder) usageEvent(at time.Duration) Event {
	u := d.usage
	return Event{Kind: EventUsage, At: at, Usage: &Usage{
		InputTokens:     u.InputTokens + u.CacheReadInputTokens + u.CacheCreationInputTokens,
		OutputTokens:    u.OutputTokens,
		ReasoningTokens: u.OutputTokensDetails.ThinkingTokens,
		CachedTokens:    u.CacheReadInputTokens,
	}}
}

// finish accepts EOF after the stop reason arrived (only message_stop is
// missing); otherwise the answer was cut off.
func (d *anthropicDecoder) finish(at time.Duration, out []Event) ([]Event, error) {
	if !d.sawStopInfo {
		return out, truncatedError()
	}
	return append(out, Event{Kind: EventDone, At: at, Finish: d.stopReason}), nil
}
