package demo

import "net/http"

// geminiEncoder writes streamGenerateContent?alt=sse chunks: data-only
// lines, each a whole GenerateContentResponse; the stream simply ends.
type geminiEncoder struct {
	meta   streamMeta
	pieces [2]*pieceTemplate // answer and thought chunks
}

func (g *geminiEncoder) headers(http.Header) {}

func (g *geminiEncoder) open() []frame { return nil }

func (g *geminiEncoder) defaultFinish() (string, string) {
	return "STOP", "The model is overloaded. Please try again later."
}

// response builds one chunk with a single candidate part.
func (g *geminiEncoder) response(part map[string]any, finish string, usage map[string]any) map[string]any {
	cand := map[string]any{"content": map[string]any{"role": "model", "parts": []any{part}}, "index": 0}
	if finish != "" {
		cand["finishReason"] = finish
	}
	r := map[string]any{"candidates": []any{cand}, "modelVersion": g.meta.model, "responseId": g.meta.id}
	if usage != nil {
		r["usageMetadata"] = usage
	}
	return r
}

// promptUsage is the cumulative-so-far usage of chunks before the last.
func (g *geminiEncoder) promptUsage() map[string]any {
	u := g.meta.usage
	if u == nil {
		return nil
	}
	return omitZero(map[string]any{"promptTokenCount": u.Input, "cachedContentTokenCount": u.Cached,
		"totalTokenCount": u.Input})
}

func (g *geminiEncoder) delta(p piece) []frame {
	i := 0
	if p.reasoning {
		i = 1
	}
	if g.pieces[i] == nil {
		part := map[string]any{"text": piecePlaceholder}
		if p.reasoning {
			part["thought"] = true
		}
		g.pieces[i] = newPieceTemplate("", g.response(part, "", g.promptUsage()))
	}
	return []frame{g.pieces[i].frame(p.text)}
}

func (g *geminiEncoder) streamError(message string) frame {
	return dataFrame(map[string]any{"error": map[string]any{"code": 503, "message": message, "status": "UNAVAILABLE"}})
}

func (g *geminiEncoder) malformed() frame {
	return frame{data: []byte(`{"candidates":[{"content":{"role":"model","parts":[{"text":"bro`)}
}

func (g *geminiEncoder) padded(pad string) frame {
	r := g.response(map[string]any{"text": ""}, "", g.promptUsage())
	r["padding"] = pad
	return dataFrame(r)
}

func (g *geminiEncoder) finish(reason string, u *Usage) []frame {
	var usage map[string]any
	if u != nil {
		// Gemini counts thoughts apart from candidates.
		usage = omitZero(map[string]any{"promptTokenCount": u.Input,
			"candidatesTokenCount": max(0, u.Output-u.Reasoning), "thoughtsTokenCount": u.Reasoning,
			"cachedContentTokenCount": u.Cached, "totalTokenCount": u.Input + u.Output})
	}
	return []frame{dataFrame(g.response(map[string]any{"text": ""}, reason, usage))}
}

// omitZero drops zero counters, as Gemini omits them.
func omitZero(m map[string]any) map[string]any {
	for k, v := range m {
		if n, ok := v.(int); ok && n == 0 {
			delete(m, k)
		}
	}
	return m
}
