package backend

import (
	"strings"

	"github.com/routeplay/routeplay/backend/safetext"
)

// ToolCall is a function call the model made, assembled from the stream.
type ToolCall struct {
	ID   string
	Name string
	// Arguments is the JSON text of the arguments as the model wrote it, ""
	// when it sent none. It may be invalid JSON: models get it wrong.
	Arguments string
	// Server marks a tool the provider runs itself (Anthropic's
	// server_tool_use, such as web search); the client never answers it.
	Server bool
	// Signature is Gemini's opaque thoughtSignature of the call, which
	// Gemini 3 requires back with the call when the conversation goes on.
	Signature string
}

// ToolDelta is one streamed piece of a tool call. Index is the call's
// position in the answer (0, 1, … in order of first appearance, whatever
// numbering the provider uses); ID and Name arrive once, Arguments in
// fragments to append.
type ToolDelta struct {
	Index     int
	ID        string
	Name      string
	Arguments string
	Server    bool
	Signature string
}

// MaxToolCalls bounds the calls kept from one answer, so a hostile stream
// cannot grow the list without end. Real answers make a handful.
const MaxToolCalls = 128

// applyToolCall folds a piece of a tool call into the result. A call's first
// byte counts as a token: an answer that is only a call has a first token.
func (r *Result) applyToolCall(ev Event) {
	d := ev.Tool
	if d == nil || d.Index < 0 || d.Index >= MaxToolCalls {
		return
	}
	for len(r.ToolCalls) <= d.Index {
		r.ToolCalls = append(r.ToolCalls, ToolCall{})
		r.toolArgs = append(r.toolArgs, &strings.Builder{})
	}
	c := &r.ToolCalls[d.Index]
	if c.ID == "" {
		c.ID = d.ID
	}
	if c.Name == "" {
		c.Name = d.Name
	}
	c.Server = c.Server || d.Server
	if c.Signature == "" {
		c.Signature = d.Signature
	}
	if d.Arguments != "" {
		// A builder keeps a long call streamed in many pieces linear.
		b := r.toolArgs[d.Index]
		b.WriteString(d.Arguments)
		c.Arguments = b.String()
	}
	if ev.Content() {
		r.token(ev.At)
	}
}

// toolCallBytes is the size of the calls' names and arguments, for the token
// estimate of a stream that reports no usage.
func (r *Result) toolCallBytes() int {
	n := 0
	for _, c := range r.ToolCalls {
		n += len(c.Name) + len(c.Arguments)
	}
	return n
}

// ToolResultsText is how a turn that answered tool calls reads wherever it
// is shown (pane, history screen): "↩ get_weather: 18°C", sanitised.
func ToolResultsText(results []ToolResult) string {
	names := make([]string, len(results))
	text := ""
	for i, r := range results {
		names[i], text = r.Name, r.Content
	}
	return safetext.Sanitize("↩ " + strings.Join(names, ", ") + ": " + text)
}
