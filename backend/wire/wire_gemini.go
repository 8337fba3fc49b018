package wire

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/wire/apierror"
	"github.com/routeplay/routeplay/backend/wire/jsonscan"
	"github.com/routeplay/routeplay/backend/wire/sse"
)

// geminiAdapter speaks Gemini's streamGenerateContent with alt=sse.
type geminiAdapter struct{}

type gmPart struct {
	Text    string  `json:"text"`
	Thought bool    `json:"thought,omitempty"`
	call    *gmCall // a functionCall part (decoding only)
}

// gmContent is one turn as sent: gmPart for text, gmPartOut for calls
// and their results.
type gmContent struct {
	Role  string `json:"role,omitempty"`
	Parts []any  `json:"parts"`
}

type gmThinkingConfig struct {
	ThinkingBudget  int  `json:"thinkingBudget"`
	IncludeThoughts bool `json:"includeThoughts"`
}

type gmGenerationConfig struct {
	Temperature        *float64          `json:"temperature,omitempty"`
	TopP               *float64          `json:"topP,omitempty"`
	MaxOutputTokens    *int              `json:"maxOutputTokens,omitempty"`
	StopSequences      []string          `json:"stopSequences,omitempty"`
	ThinkingConfig     *gmThinkingConfig `json:"thinkingConfig,omitempty"`
	ResponseMimeType   string            `json:"responseMimeType,omitempty"`
	ResponseJSONSchema json.RawMessage   `json:"responseJsonSchema,omitempty"`
}

type gmRequest struct {
	SystemInstruction *gmContent          `json:"systemInstruction,omitempty"`
	Contents          []gmContent         `json:"contents"`
	GenerationConfig  *gmGenerationConfig `json:"generationConfig,omitempty"`
	Tools             []gmTool            `json:"tools,omitempty"`
	ToolConfig        *gmToolConfig       `json:"toolConfig,omitempty"`
}

func (geminiAdapter) NewRequest(ctx context.Context, rt backend.Route, req backend.Request, key string) (*http.Request, error) {
	if err := CheckKey(key); err != nil {
		return nil, err
	}
	model := url.PathEscape(strings.TrimPrefix(rt.Model, "models/"))
	u := JoinURL(rt.BaseURL, "/v1beta/models/"+model+":streamGenerateContent?alt=sse")
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

func geminiBody(rt backend.Route, req backend.Request) gmRequest {
	p := rt.Params
	var body gmRequest
	body.Tools, body.ToolConfig = geminiTools(rt)
	if sys := systemPrompt(rt, req); sys != "" {
		body.SystemInstruction = &gmContent{Parts: []any{gmPart{Text: sys}}}
	}
	for _, m := range req.Messages {
		body.Contents = append(body.Contents, geminiContent(m))
	}
	cfg := gmGenerationConfig{Temperature: p.Temperature, TopP: p.TopP, MaxOutputTokens: p.MaxTokens, StopSequences: p.Stop}
	if b := p.ReasoningBudget; b != nil {
		cfg.ThinkingConfig = &gmThinkingConfig{ThinkingBudget: *b, IncludeThoughts: true}
	}
	structured := geminiSchema(rt, &cfg)
	if structured || cfg.Temperature != nil || cfg.TopP != nil || cfg.MaxOutputTokens != nil || len(cfg.StopSequences) > 0 || cfg.ThinkingConfig != nil {
		body.GenerationConfig = &cfg
	}
	return body
}

func (geminiAdapter) NewDecoder(backend.Route) Decoder { return &geminiDecoder{} }

type gmUsage struct {
	prompt, candidates, thoughts, cached int
}

// gmChunk is one GenerateContentResponse, only the fields routeplay reads.
type gmChunk struct {
	parts         []gmPart // of the first candidate
	finishReason  []byte
	hasCandidates bool
	usage         gmUsage
	hasUsage      bool
	modelVersion  []byte
	responseID    []byte
	blockReason   []byte
	errorJSON     []byte
}

func (c *gmChunk) reset() {
	clear(c.parts)
	*c = gmChunk{parts: c.parts[:0], finishReason: c.finishReason[:0], modelVersion: c.modelVersion[:0],
		responseID: c.responseID[:0], blockReason: c.blockReason[:0]}
}

type geminiDecoder struct {
	scan         jsonscan.Scanner
	chunk        gmChunk
	served       servedTracker
	usage        gmUsage
	usageAt      time.Duration
	usagePending bool // usage arrived after the last usage event
	reason       string
	tools        toolIndex
	open         *gmStreamedCall // a call whose arguments are still streaming
}

// decode handles one event. Gemini's own client treats each data line as a
// whole document; if a server omits the blank lines between them, the
// joined data holds several documents, which are decoded in turn.
func (d *geminiDecoder) Decode(ev sse.Event, out []backend.Event) ([]backend.Event, bool, error) {
	s := &d.scan
	s.Reset(ev.Data)
	for {
		if err := d.parse(); err != nil {
			return out, false, decodeError(ev, err)
		}
		var err error
		if out, err = d.apply(ev.At, out); err != nil {
			return out, false, err
		}
		if s.AtEnd() {
			return out, false, s.Err()
		}
	}
}

// parse walks the next document, reading only the members routeplay uses.
func (d *geminiDecoder) parse() error {
	s, c := &d.scan, &d.chunk
	c.reset()
	if s.Peek() != '{' {
		s.Fail()
		return s.Err()
	}
	s.Object(func(key []byte) {
		switch string(key) {
		case "candidates":
			s.Array(func(i int) {
				if i == 0 {
					c.hasCandidates = true
					d.parseCandidate()
				}
			})
		case "usageMetadata":
			d.parseUsage()
		case "modelVersion":
			c.modelVersion = s.Str(c.modelVersion)
		case "responseId":
			c.responseID = s.Str(c.responseID)
		case "promptFeedback":
			s.Object(func(key []byte) {
				if string(key) == "blockReason" {
					c.blockReason = s.Str(c.blockReason)
				}
			})
		case "error":
			if s.Peek() != 'n' {
				c.errorJSON = s.Span()
			}
		}
	})
	return s.Err()
}

func (d *geminiDecoder) parseCandidate() {
	s, c := &d.scan, &d.chunk
	s.Object(func(key []byte) {
		switch string(key) {
		case "content":
			s.Object(func(key []byte) {
				if string(key) == "parts" {
					s.Array(func(int) { d.parsePart() })
				}
			})
		case "finishReason":
			c.finishReason = s.Str(c.finishReason)
		}
	})
}

func (d *geminiDecoder) parsePart() {
	s, c := &d.scan, &d.chunk
	var part gmPart
	var signature string
	s.Object(func(key []byte) {
		switch string(key) {
		case "text":
			part.Text = s.Text()
		case "thought":
			part.Thought = s.Boolean()
		case "functionCall":
			part.call = d.parseFunctionCall()
		case "thoughtSignature":
			signature = s.Text()
		}
	})
	// A larger signature is dropped rather than held and sent back.
	if part.call != nil && len(signature) <= backend.MaxSignatureBytes {
		part.call.signature = signature
	}
	c.parts = append(c.parts, part)
}

func (d *geminiDecoder) parseUsage() {
	s, c := &d.scan, &d.chunk
	if s.Peek() != '{' {
		return
	}
	c.hasUsage = true
	s.Object(func(key []byte) {
		switch string(key) {
		case "promptTokenCount":
			c.usage.prompt = s.Int()
		case "candidatesTokenCount":
			c.usage.candidates = s.Int()
		case "thoughtsTokenCount":
			c.usage.thoughts = s.Int()
		case "cachedContentTokenCount":
			c.usage.cached = s.Int()
		}
	})
}

// apply turns one parsed document into events.
func (d *geminiDecoder) apply(at time.Duration, out []backend.Event) ([]backend.Event, error) {
	c := &d.chunk
	if c.errorJSON != nil {
		return out, apierror.FromStream(c.errorJSON)
	}
	out = d.served.appendServed(out, at, c.modelVersion, nil, c.responseID)
	for _, part := range c.parts {
		if part.call != nil {
			out = d.appendCall(out, at, part.call)
			continue
		}
		kind := backend.EventText
		if part.Thought {
			kind = backend.EventReasoning
		}
		out = appendText(out, kind, at, part.Text)
	}
	if len(c.finishReason) > 0 && string(c.finishReason) != d.reason {
		d.reason = string(c.finishReason)
	}
	if c.hasUsage {
		d.usage, d.usageAt, d.usagePending = c.usage, at, true
	}
	if len(c.blockReason) > 0 && !c.hasCandidates {
		return out, &backend.RouteError{Kind: backend.ErrBadRequest,
			Message: "the provider blocked the prompt (" + apierror.PlainMessage(string(c.blockReason)) + ")"}
	}
	if d.reason != "" && d.usagePending {
		out = d.appendUsage(out)
	}
	return out, nil
}

// appendUsage reports the last usageMetadata, stamped at the chunk that carried it.
func (d *geminiDecoder) appendUsage(out []backend.Event) []backend.Event {
	u := d.usage
	d.usagePending = false
	return append(out, backend.Event{Kind: backend.EventUsage, At: d.usageAt, Usage: &backend.Usage{
		InputTokens:     u.prompt,
		OutputTokens:    u.candidates + u.thoughts,
		ReasoningTokens: u.thoughts,
		CachedTokens:    u.cached,
	}})
}

// finish: Gemini has no terminator, so EOF after a finishReason is the
// normal end; EOF before one means the answer was cut off.
func (d *geminiDecoder) Finish(at time.Duration, out []backend.Event) ([]backend.Event, error) {
	out = d.closeCall(out, at)
	if d.reason == "" {
		return out, truncatedError()
	}
	if d.usagePending {
		out = d.appendUsage(out)
	}
	return append(out, backend.Event{Kind: backend.EventDone, At: at, Finish: d.reason}), nil
}
