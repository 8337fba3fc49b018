package suite

import (
	"strings"
	"testing"
)

func TestBuiltinSuite(t *testing.T) {
	s := Builtin()
	var tools, calls, structured, exact int
	for _, c := range s.Cases {
		if c.IsTool() {
			tools++
			if c.Call != nil {
				calls++
			}
		}
		if c.IsStructured() {
			structured++
			if len(c.Example) == 0 {
				t.Errorf("%s: a structured case needs an example", c.ID)
			}
		}
		if c.IsExact() {
			exact++
		}
	}
	if len(s.Cases) < 35 || calls < 10 || tools-calls < 5 || structured < 5 || exact < 8 {
		t.Errorf("built-in suite: %d cases, %d should-call, %d should-not-call, %d structured, %d exact",
			len(s.Cases), calls, tools-calls, structured, exact)
	}
	for _, c := range s.Cases {
		if got, ok := BuiltinCase(c.Prompt); !ok || got.ID != c.ID {
			t.Errorf("BuiltinCase(%q) = %q, %v", c.Prompt, got.ID, ok)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct{ name, text, want string }{
		{"empty", "\n# only a comment\n", "no cases"},
		{"no id", `{"prompt":"p","answer":"a"}`, `needs an "id"`},
		{"no prompt", `{"id":"a","answer":"a"}`, "prompt is empty"},
		{"nothing to check", `{"id":"a","prompt":"p"}`, "nothing to check"},
		{"unknown field", `{"id":"a","prompt":"p","answr":"a"}`, "answr"},
		{"twice", "{\"id\":\"a\",\"prompt\":\"p\",\"answer\":\"a\"}\n{\"id\":\"a\",\"prompt\":\"q\",\"answer\":\"b\"}", "line 2: id \"a\" is used twice"},
		{"bad schema", `{"id":"a","prompt":"p","schema":{"type":12}}`, "schema"},
		{"example breaks schema", `{"id":"a","prompt":"p","schema":{"type":"object","required":["n"]},"example":{}}`, "example does not follow"},
		{"call not offered", `{"id":"a","prompt":"p","tools":[{"type":"function","function":{"name":"f"}}],"call":{"name":"g"}}`, "not among its tools"},
	} {
		_, err := Parse("t", strings.NewReader(tc.text))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: err = %v, want it to say %q", tc.name, err, tc.want)
		}
	}
}
