package backend

import "testing"

// TestSignatureKeptOnlyWhenOpaque: a Gemini signature goes into the report
// (and so the history) only as the base64 text real ones are.
func TestSignatureKeptOnlyWhenOpaque(t *testing.T) {
	for sig, want := range map[string]string{
		"c2lnbmF0dXJl==":            "c2lnbmF0dXJl==",
		"abc_-+/":                   "abc_-+/",
		"c2ln\x1b]52;c;aGk=\x07":    "",
		"c2ln\\u001b":               "",
		string(make([]byte, 70000)): "",
	} {
		r := NewResult(Route{Name: "g", Kind: KindGemini})
		r.ToolCalls = []ToolCall{{ID: "f", Name: "f", Signature: sig}}
		if got := r.ToolCallReports()[0].Signature; got != want {
			t.Errorf("signature %q kept as %q, want %q", sig[:min(len(sig), 20)], got, want)
		}
	}
}
