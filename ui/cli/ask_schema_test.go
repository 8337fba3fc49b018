package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend/demo"
	"github.com/routeplay/routeplay/ui/cli/cmdenv"
)

const personSchemaDoc = `{"type": "object", "properties": {"name": {"type": "string"}, "age": {"type": "integer"}}, "required": ["name", "age"]}`

// TestAskSchemaOverLoopback: --schema asks every wire for structured
// output and checks each answer: Anthropic's comes as the forced tool's
// input, a wrong type fails, and the request carried the schema.
func TestAskSchemaOverLoopback(t *testing.T) {
	t.Parallel()
	w := newAskWorld(t, askKeys, func(r demo.Request) demo.Script {
		answer := `{"name": "Ada", "age": 36}`
		if r.Wire == demo.Gemini {
			answer = `{"name": "Ada", "age": "36"}`
		}
		if r.Wire == demo.Anthropic {
			return demo.Script{ToolCalls: []demo.ToolCall{{Name: "person", Arguments: answer}}}
		}
		return demo.Script{Tokens: []string{answer[:9], answer[9:]}}
	})
	schema := w.writeSchema(personSchemaDoc)
	out, errOut, code := w.ask(askRun{}, "--json", "--schema", schema, "Who wrote the first program?")
	if code != cmdenv.ExitOK {
		t.Fatalf("code %d stderr %q\n%s", code, errOut, out)
	}
	var doc struct {
		Routes []struct {
			Route        string   `json:"route"`
			SchemaValid  *bool    `json:"schema_valid"`
			SchemaErrors []string `json:"schema_errors"`
			ToolCalls    []struct {
				Valid *bool `json:"valid"`
			} `json:"tool_calls"`
		} `json:"routes"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || len(doc.Routes) != 4 {
		t.Fatalf("not the ask document: %v\n%s", err, out)
	}
	for _, r := range doc.Routes {
		want := r.Route != "gem"
		if r.SchemaValid == nil || *r.SchemaValid != want {
			t.Errorf("%s: schema_valid %v, want %v (errors %q)", r.Route, r.SchemaValid, want, r.SchemaErrors)
		}
		if !want && strings.Join(r.SchemaErrors, ";") != "/age: got string, want integer" {
			t.Errorf("%s: schema_errors %q", r.Route, r.SchemaErrors)
		}
	}
	for _, req := range w.fake.Requests() {
		body, _ := json.Marshal(req.Body)
		var key string
		switch req.Wire {
		case demo.Anthropic:
			key = `"tool_choice":{"name":"person","type":"tool"}`
		case demo.Gemini:
			key = `"responseMimeType":"application/json"`
		default:
			key = `"response_format":{"json_schema":{"name":"person"`
		}
		if !strings.Contains(string(body), key) {
			t.Errorf("%v request lacks %s: %s", req.Wire, key, body)
		}
	}
}

// TestAskNoSchemaNull: without a schema the verdict is null.
func TestAskNoSchemaNull(t *testing.T) {
	t.Parallel()
	w := newAskWorld(t, askKeys, healthy)
	out, _, code := w.ask(askRun{}, "--json", "hi")
	if code != cmdenv.ExitOK || strings.Count(out, `"schema_valid": null`) != 4 {
		t.Errorf("code %d:\n%s", code, out)
	}
}

// writeSchema writes a schema file named person.json in the config dir.
func (w *askWorld) writeSchema(doc string) string {
	w.t.Helper()
	path := filepath.Join(w.kt.configDir, "person.json")
	if err := os.WriteFile(path, []byte(doc), 0o600); err != nil {
		w.t.Fatal(err)
	}
	return path
}
