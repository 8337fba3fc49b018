package demo

import (
	"encoding/json"
	"fmt"
)

// ToolCall is a scripted function call, streamed after the answer pieces
// in the wire's own form. Arguments is the JSON text the model "writes"; it
// may be invalid on purpose (OpenAI and Anthropic stream it as text; Gemini
// sends an object, so invalid arguments go as none).
type ToolCall struct {
	Name      string
	Arguments string
}

// toolEncoder is implemented by every wire's encoder.
type toolEncoder interface {
	toolCall(i int, c ToolCall) []frame
}

// toolFinish is the finish reason of an answer that ends in calls.
func toolFinish(w Wire) string {
	switch w {
	case Anthropic:
		return "tool_use"
	case Gemini:
		return "STOP" // Gemini has no finish reason of its own for calls
	}
	return "tool_calls"
}

func toolCallID(i int) string { return fmt.Sprintf("call_fake%d", i) }

// halves splits arguments in two, so clients see them in fragments.
func halves(s string) (string, string) { return s[:len(s)/2], s[len(s)/2:] }

func (o *openAIEncoder) toolCall(i int, c ToolCall) []frame {
	var out []frame
	if !o.roleSent {
		o.roleSent = true
		out = append(out, dataFrame(o.chunk(map[string]any{"role": "assistant", "content": nil}, nil)))
	}
	a, b := halves(c.Arguments)
	first := map[string]any{"index": i, "id": toolCallID(i), "type": "function",
		"function": map[string]any{"name": c.Name, "arguments": a}}
	rest := map[string]any{"index": i, "function": map[string]any{"arguments": b}}
	return append(out,
		dataFrame(o.chunk(map[string]any{"tool_calls": []any{first}}, nil)),
		dataFrame(o.chunk(map[string]any{"tool_calls": []any{rest}}, nil)))
}

// toolCall closes the open block and opens a tool_use block, left open
// for the next call or finish to close.
func (a *anthropicEncoder) toolCall(i int, c ToolCall) []frame {
	out := a.closeBlock()
	a.index++
	a.reasoning = false
	block := map[string]any{"type": "tool_use", "id": toolCallID(i), "name": c.Name, "input": map[string]any{}}
	out = append(out, namedFrame(map[string]any{"type": "content_block_start", "index": a.index, "content_block": block}))
	x, y := halves(c.Arguments)
	for _, part := range []string{x, y} {
		out = append(out, namedFrame(map[string]any{"type": "content_block_delta", "index": a.index,
			"delta": map[string]any{"type": "input_json_delta", "partial_json": part}}))
	}
	return out
}

func (g *geminiEncoder) toolCall(_ int, c ToolCall) []frame {
	call := map[string]any{"name": c.Name}
	var args map[string]any
	if json.Unmarshal([]byte(c.Arguments), &args) == nil {
		call["args"] = args
	}
	return []frame{dataFrame(g.response(map[string]any{"functionCall": call}, "", g.promptUsage()))}
}
