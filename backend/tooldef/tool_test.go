package tooldef

import (
	"reflect"
	"strings"
	"testing"
)

const testWeatherSchema = `{"type":"object","properties":{"city":{"type":"string"},"unit":{"enum":["c","f"]}},"required":["city"],"additionalProperties":false}`

func TestNewToolRejects(t *testing.T) {
	for _, tc := range []struct{ name, params, want string }{
		{"", "", "needs a name"},
		{"has space", "", "use only letters"},
		{strings.Repeat("a", 65), "", "longer than 64"},
		{"t", `{"type":`, "not JSON"},
		{"t", `[1]`, "must be a JSON object"},
		{"t", `{"type":"nonsense"}`, "parameters"},
		{"t", `{"$ref":"file:///etc/passwd"}`, "parameters"},
	} {
		_, err := NewTool(tc.name, "", []byte(tc.params))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("NewTool(%q, %q) = %v, want an error containing %q", tc.name, tc.params, err, tc.want)
		}
	}
}

func TestCheckArguments(t *testing.T) {
	tool, err := NewTool("get_weather", "", []byte(testWeatherSchema))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args string
		want []string
	}{
		{`{"city":"Paris"}`, nil},
		{` {"city":"Paris","unit":"c"} `, nil},
		{`{"city":"Par`, []string{"not valid JSON"}},
		{`["Paris"]`, []string{"the arguments are not a JSON object"}},
		{``, []string{"/: missing property 'city'"}},
		{`{"city":3}`, []string{"/city: got number, want string"}},
		{`{"city":"P","unit":"k","x":1}`, []string{"/: additional properties 'x' not allowed", "/unit: value must be one of 'c', 'f'"}},
	} {
		got := tool.CheckArguments(tc.args)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("CheckArguments(%q) = %q, want %q", tc.args, got, tc.want)
		}
	}
}

// TestCheckArgumentsNoSchema: a tool declared without parameters takes any
// object, and no arguments at all.
func TestCheckArgumentsNoSchema(t *testing.T) {
	tool, err := NewTool("now", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range []string{``, `{}`, `{"tz":"UTC"}`} {
		if got := tool.CheckArguments(args); got != nil {
			t.Errorf("CheckArguments(%q) = %q, want valid", args, got)
		}
	}
	if got := tool.CheckArguments(`"x"`); got == nil {
		t.Error("a string passed as the arguments object")
	}
}

// TestCheckArgumentsStripsControls: a model's value quoted in an error
// never puts an escape sequence on screen.
func TestCheckArgumentsStripsControls(t *testing.T) {
	tool, err := NewTool("t", "", []byte(`{"type":"object","properties":{"u":{"enum":["a"]}},"additionalProperties":false}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range tool.CheckArguments(`{"\u001b[31mred":1}`) {
		if strings.ContainsRune(line, 0x1b) {
			t.Errorf("escape in %q", line)
		}
	}
}

func TestParseToolsJSON(t *testing.T) {
	tools, err := ParseToolsJSON([]byte(`[
	 {"type": "function", "function": {"name": "get_weather", "description": "Weather", "parameters": ` + testWeatherSchema + `}},
	 {"type": "function", "function": {"name": "now"}}]`))
	if err != nil {
		t.Fatal(err)
	}
	if len(tools) != 2 || tools[0].Description != "Weather" || tools[1].Parameters != nil {
		t.Fatalf("tools = %+v", tools)
	}
	if tools[0].CheckArguments(`{}`) == nil {
		t.Error("the schema from the file is not checked")
	}
	for _, tc := range []struct{ doc, want string }{
		{`{}`, "expected a JSON list"},
		{`[]`, "empty"},
		{`[{"type": "web_search"}]`, "only {\"type\": \"function\""},
		{`[{"type": "function", "function": {"name": "a"}}, {"type": "function", "function": {"name": "a"}}]`, "declared twice"},
		{`[{"type": "function", "function": {"name": "a", "parameters": 3}}]`, "must be a JSON object"},
	} {
		if _, err := ParseToolsJSON([]byte(tc.doc)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseToolsJSON(%s) = %v, want %q", tc.doc, err, tc.want)
		}
	}
}

func TestOutputSchemaCheck(t *testing.T) {
	s, err := NewOutputSchema("dir/My Person.v2.json", []byte(`{"type":"object","properties":{"age":{"type":"integer"}},"required":["age"]}`))
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "MyPerson" {
		t.Errorf("name = %q", s.Name)
	}
	for _, tc := range []struct {
		answer string
		want   []string
	}{
		{`{"age": 3}`, nil},
		{"  {\"age\": 3}\n", nil},
		{`{"age": "3"}`, []string{"/age: got string, want integer"}},
		{"```json\n{\"age\": 3}\n```", []string{"not valid JSON"}},
		{``, []string{"the answer is empty"}},
	} {
		if got := s.Check(tc.answer); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Check(%q) = %q, want %q", tc.answer, got, tc.want)
		}
	}
}
