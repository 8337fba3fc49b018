package wire

import (
	"encoding/json"
	"strings"

	"github.com/routeplay/routeplay/backend"
)

// A conversation that carries tool calls and their results, in each
// wire's form. Plain turns keep their plain form.

type oaToolCallOut struct {
	ID       string `json:"id"`
	Type     string `json:"type"`
	Function struct {
		Name      string `json:"name"`
		Arguments string `json:"arguments"`
	} `json:"function"`
}

// openaiMessages: an assistant turn lists its tool_calls (content null when
// it had no text); each result is a "tool" message naming its call.
func openaiMessages(m backend.Message) []oaMessage {
	switch {
	case m.Role == backend.RoleTool:
		out := make([]oaMessage, 0, len(m.ToolResults))
		for _, r := range m.ToolResults {
			out = append(out, oaMessage{Role: "tool", ToolCallID: r.CallID, Content: r.Content})
		}
		return out
	case len(m.ToolCalls) > 0:
		msg := oaMessage{Role: string(m.Role)}
		if m.Content != "" {
			msg.Content = m.Content
		}
		for _, c := range m.ToolCalls {
			tc := oaToolCallOut{ID: c.ID, Type: "function"}
			tc.Function.Name, tc.Function.Arguments = c.Name, argumentsOrEmpty(c.Arguments)
			msg.ToolCalls = append(msg.ToolCalls, tc)
		}
		return []oaMessage{msg}
	}
	return []oaMessage{{Role: string(m.Role), Content: m.Content}}
}

// argumentsOrEmpty sends a call without arguments as the empty object.
func argumentsOrEmpty(args string) string {
	if strings.TrimSpace(args) == "" {
		return "{}"
	}
	return args
}

// argumentsObject is a call's arguments as a JSON object for the wires
// that want one; arguments that do not parse go as the empty object.
func argumentsObject(args string) json.RawMessage {
	var obj map[string]json.RawMessage
	if json.Unmarshal([]byte(args), &obj) != nil || obj == nil {
		return json.RawMessage(`{}`)
	}
	return json.RawMessage(strings.TrimSpace(args))
}

type anBlockOut struct {
	Type      string          `json:"type"`
	Text      string          `json:"text,omitempty"`
	ID        string          `json:"id,omitempty"`
	Name      string          `json:"name,omitempty"`
	Input     json.RawMessage `json:"input,omitempty"`
	ToolUseID string          `json:"tool_use_id,omitempty"`
	Content   string          `json:"content,omitempty"`
}

// anthropicMessage: an assistant turn's calls are tool_use blocks after
// its text; results go in a user turn as tool_result blocks.
func anthropicMessage(m backend.Message) oaMessage {
	switch {
	case m.Role == backend.RoleTool:
		blocks := make([]anBlockOut, 0, len(m.ToolResults))
		for _, r := range m.ToolResults {
			blocks = append(blocks, anBlockOut{Type: "tool_result", ToolUseID: r.CallID, Content: r.Content})
		}
		return oaMessage{Role: string(backend.RoleUser), Content: blocks}
	case len(m.ToolCalls) > 0:
		var blocks []anBlockOut
		if m.Content != "" {
			blocks = append(blocks, anBlockOut{Type: "text", Text: m.Content})
		}
		for _, c := range m.ToolCalls {
			blocks = append(blocks, anBlockOut{Type: "tool_use", ID: c.ID, Name: c.Name, Input: argumentsObject(c.Arguments)})
		}
		return oaMessage{Role: string(m.Role), Content: blocks}
	}
	return oaMessage{Role: string(m.Role), Content: m.Content}
}

type gmCallOut struct {
	Name string          `json:"name"`
	Args json.RawMessage `json:"args"`
}

type gmResponseOut struct {
	Name     string `json:"name"`
	Response struct {
		Result string `json:"result"`
	} `json:"response"`
}

type gmPartOut struct {
	Text             string         `json:"text,omitempty"`
	FunctionCall     *gmCallOut     `json:"functionCall,omitempty"`
	FunctionResponse *gmResponseOut `json:"functionResponse,omitempty"`
	ThoughtSignature string         `json:"thoughtSignature,omitempty"`
}

// geminiContent: a model turn's calls are functionCall parts; results go
// in a user turn as functionResponse parts, matched by name.
func geminiContent(m backend.Message) gmContent {
	switch {
	case m.Role == backend.RoleTool:
		parts := make([]any, 0, len(m.ToolResults))
		for _, r := range m.ToolResults {
			resp := &gmResponseOut{Name: r.Name}
			resp.Response.Result = r.Content
			parts = append(parts, gmPartOut{FunctionResponse: resp})
		}
		return gmContent{Role: "user", Parts: parts}
	case len(m.ToolCalls) > 0:
		var parts []any
		if m.Content != "" {
			parts = append(parts, gmPartOut{Text: m.Content})
		}
		for _, c := range m.ToolCalls {
			parts = append(parts, gmPartOut{FunctionCall: &gmCallOut{Name: c.Name, Args: argumentsObject(c.Arguments)},
				ThoughtSignature: c.Signature})
		}
		return gmContent{Role: "model", Parts: parts}
	}
	role := "user"
	if m.Role == backend.RoleAssistant {
		role = "model"
	}
	return gmContent{Role: role, Parts: []any{gmPart{Text: m.Content}}}
}
