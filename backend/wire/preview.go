package wire

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"

	"github.com/routeplay/routeplay/backend"
)

// RequestPreview is the JSON body rt would send now, with the conversation
// left out (a system prompt sent as a message stays): built by the same
// code as the real request, so it shows how the route's parameters and
// preferences map onto its wire format. system is the session's system
// prompt. Keys are sorted and short lists kept on one line, for reading.
func RequestPreview(rt backend.Route, system string) (string, error) {
	req := backend.Request{System: system}
	var body any
	switch rt.Wire {
	case backend.WireAnthropic:
		body = anthropicBody(rt, req)
	case backend.WireGemini:
		body = geminiBody(rt, req)
	default:
		body = openaiBody(rt, req)
	}
	raw, err := json.Marshal(body)
	if err != nil {
		return "", err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // numbers exactly as they are sent
	var fields map[string]any
	if err := dec.Decode(&fields); err != nil {
		return "", err
	}
	for _, conversation := range []string{"messages", "contents"} {
		if fields[conversation] == nil {
			delete(fields, conversation)
		}
	}
	var out strings.Builder
	writePreviewValue(&out, fields, "")
	return out.String(), nil
}

// previewInlineWidth is the longest list of plain values kept on one line.
const previewInlineWidth = 60

func writePreviewValue(b *strings.Builder, v any, indent string) {
	switch x := v.(type) {
	case map[string]any:
		if len(x) == 0 {
			b.WriteString("{}")
			return
		}
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		b.WriteString("{\n")
		for i, k := range keys {
			b.WriteString(indent + "  " + previewScalar(k) + ": ")
			writePreviewValue(b, x[k], indent+"  ")
			if i < len(keys)-1 {
				b.WriteString(",")
			}
			b.WriteString("\n")
		}
		b.WriteString(indent + "}")
	case []any:
		if line, ok := inlineList(x); ok {
			b.WriteString(line)
			return
		}
		b.WriteString("[\n")
		for i, e := range x {
			b.WriteString(indent + "  ")
			writePreviewValue(b, e, indent+"  ")
			if i < len(x)-1 {
				b.WriteString(",")
			}
			b.WriteString("\n")
		}
		b.WriteString(indent + "]")
	default:
		b.WriteString(previewScalar(v))
	}
}

// inlineList writes a short list of plain values on one line.
func inlineList(list []any) (string, bool) {
	parts := make([]string, len(list))
	for i, e := range list {
		switch e.(type) {
		case map[string]any, []any:
			return "", false
		}
		parts[i] = previewScalar(e)
	}
	line := "[" + strings.Join(parts, ", ") + "]"
	return line, len(line) <= previewInlineWidth
}

// previewScalar is a plain JSON value as sent, without HTML escaping.
func previewScalar(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "?"
	}
	return strings.TrimSuffix(b.String(), "\n")
}
