package demo

import (
	"encoding/json"
	"net/http"
)

// openAIEncoder writes Chat Completions chunks; in OpenRouter's flavour it
// adds "provider", usage.cost, gen- ids and the X-Generation-Id header.
type openAIEncoder struct {
	meta     streamMeta
	roleSent bool
	pieces   [2]*pieceTemplate // answer and reasoning chunks
}

func (o *openAIEncoder) headers(h http.Header) {
	if o.meta.orStyle {
		h.Set("X-Generation-Id", o.meta.id)
	} else {
		h.Set("x-request-id", "req_"+o.meta.id)
	}
}

func (o *openAIEncoder) open() []frame { return nil }

func (o *openAIEncoder) defaultFinish() (string, string) { return "stop", "Provider disconnected" }

// chunk builds a chat.completion.chunk with one choice.
func (o *openAIEncoder) chunk(delta map[string]any, finish any) map[string]any {
	c := map[string]any{"id": o.meta.id, "object": "chat.completion.chunk", "created": o.meta.created,
		"model": o.meta.model, "usage": nil,
		"choices": []any{map[string]any{"index": 0, "delta": delta, "logprobs": nil, "finish_reason": finish}}}
	if o.meta.provider != "" {
		c["provider"] = o.meta.provider
	}
	return c
}

func (o *openAIEncoder) delta(p piece) []frame {
	var out []frame
	if !o.roleSent {
		// OpenAI opens with a role-only chunk that carries no text.
		o.roleSent = true
		out = append(out, dataFrame(o.chunk(map[string]any{"role": "assistant", "content": ""}, nil)))
	}
	return append(out, o.template(p.reasoning).frame(p.text))
}

// template renders the chunk of one kind of piece once per response.
func (o *openAIEncoder) template(reasoning bool) *pieceTemplate {
	i := 0
	if reasoning {
		i = 1
	}
	if o.pieces[i] == nil {
		d := map[string]any{"content": piecePlaceholder}
		if reasoning {
			// OpenRouter names reasoning "reasoning"; DeepSeek and vLLM "reasoning_content".
			field := "reasoning_content"
			if o.meta.orStyle {
				field = "reasoning"
			}
			d = map[string]any{"content": nil, field: piecePlaceholder}
		}
		o.pieces[i] = newPieceTemplate("", o.chunk(d, nil))
	}
	return o.pieces[i]
}

func (o *openAIEncoder) streamError(message string) frame {
	c := o.chunk(map[string]any{"content": ""}, "error")
	delete(c, "usage")
	c["error"] = map[string]any{"code": 502, "message": message,
		"metadata": map[string]any{"error_type": "provider_unavailable"}}
	return dataFrame(c)
}

func (o *openAIEncoder) malformed() frame {
	return frame{data: []byte(`{"id":"` + o.meta.id + `","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"bro`)}
}

func (o *openAIEncoder) padded(pad string) frame {
	c := o.chunk(map[string]any{"content": ""}, nil)
	c["x_padding"] = pad
	return dataFrame(c)
}

func (o *openAIEncoder) finish(reason string, u *Usage) []frame {
	out := []frame{dataFrame(o.chunk(map[string]any{}, reason))}
	if u != nil {
		c := o.chunk(nil, nil)
		c["choices"] = []any{}
		c["usage"] = o.usage(*u)
		out = append(out, dataFrame(c))
	}
	return append(out, frame{data: []byte("[DONE]")})
}

func (o *openAIEncoder) usage(u Usage) map[string]any {
	m := map[string]any{"prompt_tokens": u.Input, "completion_tokens": u.Output,
		"total_tokens":              u.Input + u.Output,
		"prompt_tokens_details":     map[string]any{"cached_tokens": u.Cached},
		"completion_tokens_details": map[string]any{"reasoning_tokens": u.Reasoning}}
	if o.meta.cost != nil {
		m["cost"] = *o.meta.cost
		m["is_byok"] = false
	}
	return m
}

// dataFrame is a data-only event carrying v as JSON.
func dataFrame(v any) frame {
	b, err := json.Marshal(v)
	if err != nil {
		// Only values this package builds reach here; they always encode.
		panic(err)
	}
	return frame{data: b}
}
