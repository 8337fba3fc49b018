package backend

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
)

// EndedInToolCall reports an answer that made function calls and did not
// fail. Such an answer may carry no text: it is not an empty answer, and
// Gemini's finish reason (STOP) does not say so.
func (r *Result) EndedInToolCall() bool {
	return r.Err == nil && len(r.ToolCalls) > 0
}

// CheckedCall is a call with its verdict against the declared tools.
type CheckedCall struct {
	ToolCall
	// Checked is false when the route declared no tools or the provider
	// ran the tool itself: there is nothing to check against.
	Checked bool
	Errors  []string // empty when Checked and valid
}

// ModelCalls are the checked calls the model chose to make: the forced
// tool that carries Anthropic's structured output is an answer, not a call.
func (r *Result) ModelCalls() []CheckedCall {
	calls := r.CheckedCalls()
	if rt := r.AttemptRoute(); rt.SchemaByTool() {
		calls = slices.DeleteFunc(calls, func(c CheckedCall) bool { return c.Name == rt.Schema.Name })
	}
	return calls
}

// CheckedCalls checks each call against the tools of the route that
// answered; a run read back from its report keeps the verdicts it had.
func (r *Result) CheckedCalls() []CheckedCall {
	if r.stored != nil {
		return append([]CheckedCall{}, r.stored.calls...)
	}
	rt := r.AttemptRoute()
	tools := rt.Tools
	if rt.SchemaByTool() {
		// The forced tool that carries a structured answer is declared too.
		tools = append(slices.Clip(tools), rt.Schema.AsTool())
	}
	out := make([]CheckedCall, 0, len(r.ToolCalls))
	for _, c := range r.ToolCalls {
		cc := CheckedCall{ToolCall: c}
		if len(tools) > 0 && !c.Server {
			cc.Checked, cc.Errors = true, CheckCall(tools, c)
		}
		out = append(out, cc)
	}
	return out
}

// PrettyArguments is a call's arguments indented for reading, or the text
// as the model wrote it when it is not JSON. JSON escapes stay escapes, so
// no control character comes back.
func PrettyArguments(text string) string {
	if strings.TrimSpace(text) == "" {
		return "{}"
	}
	var buf bytes.Buffer
	if json.Indent(&buf, []byte(strings.TrimSpace(text)), "", "  ") != nil {
		return text
	}
	return buf.String()
}

// StructuredAnswer is the text a structured-output answer is judged by:
// the answer itself, or on Anthropic the arguments of the forced tool that
// carries it.
func (r *Result) StructuredAnswer() string {
	rt := r.AttemptRoute()
	if rt.SchemaByTool() {
		for _, c := range r.ToolCalls {
			if c.Name == rt.Schema.Name {
				return c.Arguments
			}
		}
		return ""
	}
	return r.Text.String()
}

// SchemaCheck reports whether the answer follows the route's output
// schema: nil when no schema was asked or the run failed, else the
// verdict and the errors. A run read back from its report keeps the
// verdict it had.
func (r *Result) SchemaCheck() (valid *bool, errs []string) {
	if s := r.stored; s != nil {
		if s.schemaValid == nil {
			return nil, nil
		}
		v := *s.schemaValid
		return &v, append([]string{}, s.schemaErrors...)
	}
	rt := r.AttemptRoute()
	if rt.Schema == nil || r.Err != nil || !r.Done() {
		return nil, nil
	}
	errs = append([]string{}, rt.Schema.Check(r.StructuredAnswer())...)
	ok := len(errs) == 0
	return &ok, errs
}
