package backend

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/routeplay/routeplay/backend/safetext"
	"github.com/routeplay/routeplay/backend/tooldef"
)

// ToolCallReport is a tool call in the shape `ask --json` prints.
type ToolCallReport struct {
	ID   *string `json:"id"`
	Name string  `json:"name"`
	// Arguments is the call's arguments as JSON, null when the model's text
	// does not parse. A call with no arguments at all (Gemini omits args,
	// Anthropic may send no input pieces) has the empty object.
	Arguments json.RawMessage `json:"arguments"`
	// ArgumentsText is the arguments exactly as the model wrote them.
	ArgumentsText string `json:"arguments_text"`
	// Server marks a tool the provider ran itself (Anthropic's web search).
	Server bool `json:"server"`
	// Valid says whether the call names a declared tool and its arguments
	// satisfy that tool's schema; SchemaErrors lists why not. Both are null
	// when the route declared no tools, or for a tool the provider ran;
	// a valid call has no errors ([]).
	Valid        *bool    `json:"valid"`
	SchemaErrors []string `json:"schema_errors"`
	// Signature is Gemini's opaque thoughtSignature of the call, kept so a
	// continued session can send the call back as Gemini 3 requires.
	Signature string `json:"signature,omitempty"`
}

// ToolCallReports converts the run's tool calls; never nil, so JSON shows [].
func (r *Result) ToolCallReports() []ToolCallReport {
	out := make([]ToolCallReport, 0, len(r.ToolCalls))
	for _, c := range r.CheckedCalls() {
		rep := ToolCallReport{ID: nonEmpty(c.ID), Name: c.Name,
			Arguments: argumentsJSON(c.Arguments), ArgumentsText: c.Arguments, Server: c.Server,
			Signature: opaqueToken(c.Signature)}
		if c.Checked {
			// [] for a valid call: null keeps meaning "not checked".
			errs := append([]string{}, c.Errors...)
			valid := len(errs) == 0
			rep.Valid, rep.SchemaErrors = &valid, errs
		}
		out = append(out, rep)
	}
	return out
}

// CheckCall validates a call against the declared tools: nil when it names
// one of them with arguments its schema accepts, else the reasons.
func CheckCall(tools []tooldef.Tool, c ToolCall) []string {
	t, ok := tooldef.FindTool(tools, c.Name)
	if !ok {
		return []string{"no tool named " + strconv.Quote(safetext.Sanitize(c.Name)) + " was declared"}
	}
	return t.CheckArguments(c.Arguments)
}

// argumentsJSON parses a call's arguments. The text is already free of
// control characters, but a JSON escape such as \u001b would put one back
// into whatever reads the report, so values holding one are re-encoded
// sanitised (losing the member order, which only hostile output pays).
func argumentsJSON(text string) json.RawMessage {
	if len(bytes.TrimSpace([]byte(text))) == 0 {
		return json.RawMessage(`{}`)
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader([]byte(text)))
	dec.UseNumber()
	if dec.Decode(&v) != nil || dec.More() {
		return nil
	}
	if _, err := dec.Token(); err == nil {
		return nil // trailing bytes after the value
	}
	clean, changed := sanitizeJSONValue(v)
	if !changed {
		var buf bytes.Buffer
		if json.Compact(&buf, []byte(text)) == nil {
			return buf.Bytes()
		}
	}
	out, err := json.Marshal(clean)
	if err != nil {
		return nil
	}
	return out
}

// sanitizeJSONValue removes control sequences from every string (keys too)
// and reports whether any changed.
func sanitizeJSONValue(v any) (any, bool) {
	switch x := v.(type) {
	case string:
		s := safetext.Sanitize(x)
		return s, s != x
	case []any:
		changed := false
		for i, e := range x {
			var c bool
			x[i], c = sanitizeJSONValue(e)
			changed = changed || c
		}
		return x, changed
	case map[string]any:
		out := make(map[string]any, len(x))
		changed := false
		for k, e := range x {
			ck := safetext.Sanitize(k)
			ce, c := sanitizeJSONValue(e)
			out[ck] = ce
			changed = changed || c || ck != k
		}
		return out, changed
	}
	return v, false
}

// MaxSignatureBytes bounds a kept signature (Gemini's thoughtSignature),
// where it is decoded and where it is reported; real ones are a few KiB.
const MaxSignatureBytes = 64 << 10

// opaqueToken keeps a provider's opaque token only when it is what such
// tokens are, base64 text of a sane length, so a hostile stream cannot put
// anything else into the report, the history or the next request.
func opaqueToken(s string) string {
	if len(s) > MaxSignatureBytes {
		return ""
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || strings.IndexByte("+/=_-", c) >= 0) {
			return ""
		}
	}
	return s
}
