package backend

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// geminiAdapter speaks Gemini's streamGenerateContent with alt=sse.
type geminiAdapter struct{}

type gmPart struct {
	Text    string `json:"text"`
	Thought bool   `json:"thought,omitempty"`
}

type gmContent struct {
	Role  string   `json:"role,omitempty"`
	Parts []gmPart `json:"parts"`
}

type gmThinkingConfig struct {
	ThinkingBudget  int  `json:"thinkingBudget"`
	IncludeThoughts bool `json:"includeThoughts"`
}

type gmGenerationConfig struct {
	Temperature     *float64          `json:"temperature,omitempty"`
	TopP            *float64          `json:"topP,omitempty"`
	MaxOutputTokens *int              `json:"maxOutputTokens,omitempty"`
	StopSequences   []string          `json:"stopSequences,omitempty"`
	ThinkingConfig  *gmThinkingConfig `json:"thinkingConfig,omitempty"`
}

type gmRequest struct {
	SystemInstruction *gmContent          `json:"systemInstruction,omitempty"`
	Contents          []gmContent         `json:"contents"`
	GenerationConfig  *gmGenerationConfig `json:"generationConfig,omitempty"`
}

func (geminiAdapter) newRequest(ctx context.Context, rt Route, req Request, key string) (*http.Request, error) {
	if err := checkKey(key); err != nil {
		return nil, err
	}
	model := url.PathEscape(strings.TrimPrefix(rt.Model, "models/"))
	u := joinURL(rt.BaseURL, "/v1beta/models/"+model+":streamGenerateContent?alt=sse")
	r, err := newJSONRequest(ctx, u, geminiBody(rt, req))
	if err != nil {
		return nil, err
	}
	if key != "" {
		// The header, never ?key=: URLs end up in logs and error messages.
		r.Header.Set("X-Goog-Api-Key", key)
	}
	return r, nil
}

func geminiBody(rt Route, req Request) gmRequest {
	p := rt.Params
	var body gmRequest
	if sys := systemPrompt(rt, req); sys != "" {
		body.SystemInstruction = &gmContent{Parts: []gmPart{{Text: sys}}}
	}
	for _, m := range req.Messages {
		role := "user"
		if m.Role == RoleAssistant {
			role = "model"
		}
		body.Contents = append(body.Contents, gmContent{Role: role, Parts: []gmPart{{Text: m.Content}}})
	}
	cfg := gmGenerationConfig{Temperature: p.Temperature, TopP: p.TopP, MaxOutputTokens: p.MaxTokens, StopSequences: p.Stop}
	if b := p.ReasoningBudget; b != nil {
		cfg.ThinkingConfig = &gmThinkingConfig{ThinkingBudget: *b, IncludeThoughts: true}
	}
	if cfg.Temperature != nil || cfg.TopP != nil || cfg.MaxOutputTokens != nil || len(cfg.StopSequences) > 0 || cfg.ThinkingConfig != nil {
		body.GenerationConfig = &cfg
	}
	return body
}

func (geminiAdapter) newDecoder(Route) decoder { return &geminiDecoder{} }

type gmUsage struct {
	PromptTokenCount        int `json:"promptTokenCount"`
	CandidatesTokenCount    int `json:"candidatesTokenCount"`
	ThoughtsTokenCount      int `json:"thoughtsTokenCount"`
	CachedContentTokenCount int `json:"cachedContentTokenCount"`
}

type gmCandidate struct {
	Content struct {
		Parts []gmPart `json:"parts"`
	} `json:"content"`
	FinishReason jsonBytes `json:"finishReason"`
}

// gmChunk is one GenerateContentResponse, only the fields routeplay reads.
type gmChunk struct {
	Candidates     []gmCandidate `json:"candidates"`
	UsageMetadata  *gmUsage      `json:"usageMetadata"`
	ModelVersion   jsonBytes     `json:"modelVersion"`
	ResponseID     jsonBytes     `json:"responseId"`
	PromptFeedback struct {
		BlockReason jsonBytes `json:"blockReason"`
	} `json:"promptFeedback"`
	Error *providerError `json:"error"`
}

func (c *gmChunk) reset() {
	all := c.Candidates[:cap(c.Candidates)]
	for i := range all {
		parts := all[i].Content.Parts[:cap(all[i].Content.Parts)]
		clear(parts)
		all[i].Content.Parts = parts[:0]
		all[i].FinishReason = all[i].FinishReason[:0]
	}
	c.Candidates = c.Candidates[:0]
	c.UsageMetadata, c.Error = nil, nil
	c.ModelVersion, c.ResponseID = c.ModelVersion[:0], c.ResponseID[:0]
	c.PromptFeedback.BlockReason = c.PromptFeedback.BlockReason[:0]
}

type geminiDecoder struct {
	chunk        gmChunk
	served       servedTracker
	usage        gmUsage
	usageAt      time.Duration
	usagePending bool // usage arrived after the last usage event
	reason       string
}

// decode handles one event. Gemini's own client treats each data line as a
// whole document; if a server omits the blank lines between them, the
// joined data holds several documents, which are decoded in turn.
func (d *geminiDecoder) decode(ev sseEvent, out []Event) ([]Event, bool, error) {
	if bytes.IndexByte(ev.Data, '\n') < 0 {
		return d.decodeDoc(ev, ev.Data, out)
	}
	dec := json.NewDecoder(bytes.NewReader(ev.Data))
	for {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err == io.EOF {
			return out, false, nil
		} else if err != nil {
			return out, false, decodeError(ev, err)
		}
		var err error
		if out, _, err = d.decodeDoc(ev, raw, out); err != nil {
			return out, false, err
		}
	}
}

func (d *geminiDecoder) decodeDoc(ev sseEvent, data []byte, out []Event) ([]Event, bool, error) {
	at := ev.At
	c := &d.chunk
	c.reset()
	if err := json.Unmarshal(data, c); err != nil && !isTypeError(err) {
		return out, false, decodeError(ev, err)
	}
	if c.Error != nil {
		return out, false, routeErrorFrom(0, c.Error)
	}
	out = d.served.appendServed(out, at, c.ModelVersion, nil, c.ResponseID)
	if len(c.Candidates) > 0 {
		cand := &c.Candidates[0]
		for i := range cand.Content.Parts {
			part := &cand.Content.Parts[i]
			kind := EventText
			if part.Thought {
				kind = EventReasoning
			}
			out = appendText(out, kind, at, part.Text)
		}
		if len(cand.FinishReason) > 0 && string(cand.FinishReason) != d.reason {
			d.reason = string(cand.FinishReason)
		}
	}
	if c.UsageMetadata != nil {
		d.usage, d.usageAt, d.usagePending = *c.UsageMetadata, at, true
	}
	if len(c.PromptFeedback.BlockReason) > 0 && len(c.Candidates) == 0 {
		return out, false, &RouteError{Kind: ErrBadRequest,
			Message: "the provider blocked the prompt (" + plainMessage(string(c.PromptFeedback.BlockReason), 0) + ")"}
	}
	if d.reason != "" && d.usagePending {
		out = d.appendUsage(out)
	}
	return out, false, nil
}

// appendUsage reports the last usageMetadata, stamped at the chunk that carried it.
func (d *geminiDecoder) appendUsage(out []Event) []Event {
	u := d.usage
	d.usagePending = false
	return append(out, Event{Kind: EventUsage, At: d.usageAt, Usage: &Usage{
		InputTokens:     u.PromptTokenCount,
		OutputTokens:    u.CandidatesTokenCount + u.ThoughtsTokenCount,
		ReasoningTokens: u.ThoughtsTokenCount,
		CachedTokens:    u.CachedContentTokenCount,
	}})
}

// finish: Gemini has no terminator, so EOF after a finishReason is the
// normal end; EOF before one means the answer was cut off.
func (d *geminiDecoder) finish(at time.Duration, out []Event) ([]Event, error) {
	if d.reason == "" {
		return out, truncatedError()
	}
	if d.usagePending {
		out = d.appendUsage(out)
	}
	return append(out, Event{Kind: EventDone, At: at, Finish: d.reason}), nil
}
