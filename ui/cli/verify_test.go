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

// verifySuite: one should-call case, one structured, one exact.
const verifySuite = `{"id":"t1","prompt":"weather?","tools":[{"type":"function","function":{"name":"get_weather","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}]}
# comments and blank lines are skipped

{"id":"s1","prompt":"json?","schema":{"type":"object","properties":{"n":{"type":"integer"}},"required":["n"]}}
{"id":"e1","prompt":"capital?","answer":"Paris"}
`

// verifyScript answers every case right on every wire, except that the
// Gemini route answers the weather case in words.
func verifyScript(r demo.Request) demo.Script {
	switch r.Prompt {
	case "weather?":
		if r.Wire == demo.Gemini {
			return demo.Script{Text: "It is sunny."}
		}
		return demo.Script{ToolCalls: []demo.ToolCall{{Name: "get_weather", Arguments: `{"city":"Oslo"}`}}}
	case "json?":
		if r.Wire == demo.Anthropic { // structured output travels as a forced tool
			return demo.Script{ToolCalls: []demo.ToolCall{{Name: "s1", Arguments: `{"n":3}`}}}
		}
		return demo.Script{Text: `{"n": 3}`}
	}
	return demo.Script{Text: "Paris."}
}

func TestVerifyOverLoopback(t *testing.T) {
	t.Parallel()
	w := newAskWorld(t, askKeys, verifyScript)
	suitePath := filepath.Join(t.TempDir(), "cases.jsonl")
	if err := os.WriteFile(suitePath, []byte(verifySuite), 0o600); err != nil {
		t.Fatal(err)
	}
	export := filepath.Join(t.TempDir(), "verify.md")
	out, errOut, code := w.run(askRun{}, "verify", "--config", w.config, "--suite", suitePath,
		"--baseline", "direct", "--runs", "2", "--json", "--export", export, "--no-history")
	if code != cmdenv.ExitOK {
		t.Fatalf("code %d stderr %q\n%s", code, errOut, out)
	}
	var doc struct {
		Suite, Baseline string
		Routes          []struct {
			Route    string
			Cases    int
			ToolCall struct {
				Precision, Recall, F1 *float64
				SchemaAccuracy        *float64 `json:"schema_accuracy"`
			} `json:"tool_call"`
			StructuredAccuracy *float64 `json:"structured_accuracy"`
			ExactAccuracy      *float64 `json:"exact_accuracy"`
			Agreement          *float64
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil || len(doc.Routes) != 4 {
		t.Fatalf("not the verify document: %v\n%s", err, out)
	}
	if doc.Baseline != "direct" || doc.Suite != suitePath {
		t.Errorf("suite %q baseline %q", doc.Suite, doc.Baseline)
	}
	for _, r := range doc.Routes {
		if r.Cases != 3 || r.ExactAccuracy == nil || *r.ExactAccuracy != 1 || r.StructuredAccuracy == nil || *r.StructuredAccuracy != 1 {
			t.Errorf("%s: cases %d, exact %v, structured %v", r.Route, r.Cases, r.ExactAccuracy, r.StructuredAccuracy)
		}
		wantRecall, wantAgree := 1.0, 1.0
		if r.Route == "gem" {
			wantRecall, wantAgree = 0, 2.0/3
		}
		if rc := r.ToolCall.Recall; rc == nil || *rc != wantRecall || r.Agreement == nil || *r.Agreement != wantAgree {
			t.Errorf("%s: recall %v agreement %v, want %v and %v", r.Route, rc, r.Agreement, wantRecall, wantAgree)
		}
	}
	md, err := os.ReadFile(export)
	if err != nil || !strings.Contains(string(md), "| trigger recall | 100% | 100% | 100% | 0% |") {
		t.Errorf("export: %v\n%s", err, md)
	}
	for _, k := range askKeys {
		if strings.Contains(out, k) || strings.Contains(errOut, k) || strings.Contains(string(md), k) {
			t.Fatal("a key reached the output")
		}
	}
}

func TestVerifyText(t *testing.T) {
	t.Parallel()
	w := newAskWorld(t, askKeys, verifyScript)
	suitePath := filepath.Join(t.TempDir(), "cases.jsonl")
	if err := os.WriteFile(suitePath, []byte(verifySuite), 0o600); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := w.run(askRun{}, "verify", "--config", w.config, "--suite", suitePath, "--no-history")
	if code != cmdenv.ExitOK {
		t.Fatalf("code %d stderr %q\n%s", code, errOut, out)
	}
	for _, want := range []string{"direct*", "trigger F1", "schema accuracy", "100% (1/1)",
		"gem:\n  t1 (run 1): no tool call; the baseline called one"} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %q:\n%s", want, out)
		}
	}
}

func TestVerifyUsageErrors(t *testing.T) {
	t.Parallel()
	w := newAskWorld(t, askKeys, verifyScript)
	bad := filepath.Join(t.TempDir(), "bad.jsonl")
	if err := os.WriteFile(bad, []byte(`{"id":"a","prompt":"p"}`), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--baseline", "nope"}, `--baseline "nope" is not among the routes (direct, gw, claude, gem)`},
		{[]string{"--suite", bad}, "line 1: case \"a\": nothing to check"},
		{[]string{"--suite", filepath.Join(t.TempDir(), "missing.jsonl")}, "--suite:"},
		{[]string{"--tools", bad}, "--tools and --schema do not apply"},
		{[]string{"--runs", "0"}, "--runs must be between 1 and 100"},
		{[]string{"--concurrency", "0"}, "--concurrency must be between 1 and 64"},
		{[]string{"--export", "x.txt"}, "must end in .md or .json"},
	} {
		_, errOut, code := w.run(askRun{}, append([]string{"verify", "--config", w.config, "--no-history"}, tc.args...)...)
		if code != cmdenv.ExitUsage || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: code %d stderr %q, want 2 and %q", tc.args, code, errOut, tc.want)
		}
	}
}
