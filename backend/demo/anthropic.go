package demo

import "net/http"

// anthropicEncoder writes Messages API events: message_start, one content
// block per kind of piece (thinking, then text), message_delta with the
// cumulative usage and message_stop.
type anthropicEncoder struct {
	meta      streamMeta
	index     int  // index of the open content block, -1 before the first
	reasoning bool // the open block is a thinking block
	piece     *pieceTemplate
}

// fakeSignature stands in for the opaque signature that closes a thinking block.
const fakeSignature = "ZmFrZS1zaWduYXR1cmU="

func (a *anthropicEncoder) headers(h http.Header) { h.Set("request-id", "req_"+a.meta.id) }

func (a *anthropicEncoder) defaultFinish() (string, string) { return "end_turn", "Overloaded" }

func namedFrame(v map[string]any) frame {
	f := dataFrame(v)
	f.event, _ = v["type"].(string)
	return f
}

func (a *anthropicEncoder) open() []frame {
	msg := map[string]any{"id": a.meta.id, "type": "message", "role": "assistant", "model": a.meta.model,
		"content": []any{}, "stop_reason": nil, "stop_sequence": nil}
	if u := a.meta.usage; u != nil {
		// Anthropic counts cache reads apart from input_tokens.
		msg["usage"] = map[string]any{"input_tokens": max(0, u.Input-u.Cached), "output_tokens": 1,
			"cache_creation_input_tokens": 0, "cache_read_input_tokens": u.Cached}
	}
	return []frame{
		namedFrame(map[string]any{"type": "message_start", "message": msg}),
		namedFrame(map[string]any{"type": "ping"}),
	}
}

func (a *anthropicEncoder) delta(p piece) []frame {
	var out []frame
	if a.index < 0 || a.reasoning != p.reasoning {
		out = a.closeBlock()
		a.index++
		a.reasoning = p.reasoning
		a.piece = nil
		block := map[string]any{"type": "text", "text": ""}
		if p.reasoning {
			block = map[string]any{"type": "thinking", "thinking": "", "signature": ""}
		}
		out = append(out, namedFrame(map[string]any{"type": "content_block_start", "index": a.index, "content_block": block}))
	}
	if a.piece == nil {
		d := map[string]any{"type": "text_delta", "text": piecePlaceholder}
		if p.reasoning {
			d = map[string]any{"type": "thinking_delta", "thinking": piecePlaceholder}
		}
		a.piece = newPieceTemplate("content_block_delta",
			map[string]any{"type": "content_block_delta", "index": a.index, "delta": d})
	}
	return append(out, a.piece.frame(p.text))
}

// closeBlock ends the open content block; a thinking block gets its
// signature first, as Anthropic sends it.
func (a *anthropicEncoder) closeBlock() []frame {
	if a.index < 0 {
		return nil
	}
	var out []frame
	if a.reasoning {
		out = append(out, namedFrame(map[string]any{"type": "content_block_delta", "index": a.index,
			"delta": map[string]any{"type": "signature_delta", "signature": fakeSignature}}))
	}
	return append(out, namedFrame(map[string]any{"type": "content_block_stop", "index": a.index}))
}

func (a *anthropicEncoder) streamError(message string) frame {
	return namedFrame(map[string]any{"type": "error", "request_id": "req_" + a.meta.id,
		"error": map[string]any{"type": "overloaded_error", "message": message}})
}

func (a *anthropicEncoder) malformed() frame {
	return frame{event: "content_block_delta",
		data: []byte(`{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"bro`)}
}

func (a *anthropicEncoder) padded(pad string) frame {
	return namedFrame(map[string]any{"type": "ping", "padding": pad})
}

func (a *anthropicEncoder) finish(reason string, u *Usage) []frame {
	out := a.closeBlock()
	md := map[string]any{"type": "message_delta", "delta": map[string]any{"stop_reason": reason, "stop_sequence": nil}}
	if u != nil {
		md["usage"] = map[string]any{"output_tokens": u.Output}
	}
	return append(out, namedFrame(md), namedFrame(map[string]any{"type": "message_stop"}))
}
