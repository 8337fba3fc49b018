package backend

import (
	"bytes"
	"encoding/json"
)

// RequestPreview is the JSON body rt would send now, with the conversation
// left out (a system prompt sent as a message stays): built by the same
// code as the real request, so it shows how the route's parameters and
// preferences map onto its wire format. system is the session's system
// prompt.
func RequestPreview(rt Route, system string) (string, error) {
	req := Request{System: system}
	var body any
	switch rt.Wire {
	case WireAnthropic:
		body = anthropicBody(rt, req)
	case WireGemini:
		body = geminiBody(rt, req)
	default:
		body = openaiBody(rt, req)
	}
	raw, err := json.Marshal(body)
	if err != nil {
		return "", err
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil {
		return "", err
	}
	for _, conversation := range []string{"messages", "contents"} {
		if string(fields[conversation]) == "null" {
			delete(fields, conversation)
		}
	}
	raw, err = json.Marshal(fields)
	if err != nil {
		return "", err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, raw, "", "  "); err != nil {
		return "", err
	}
	return out.String(), nil
}
