// Package suite reads verify suites: JSONL files of cases that check
// whether routes return the same model's answers (tool calls, structured
// output, exact answers). A built-in suite ships in the binary.
package suite

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/routeplay/routeplay/backend/safetext"
	"github.com/routeplay/routeplay/backend/tooldef"
)

// Case is one line of a suite.
type Case struct {
	ID     string
	Prompt string
	System string
	// Tools are offered with the prompt; a tool case is one that has them.
	Tools []tooldef.Tool
	// Call is the call a correct answer makes ("" Name: none). Scoring is
	// against the baseline route; the simulated demo routes make this call.
	Call *Call
	// Schema asks for structured output; Example is an answer that follows
	// it (given by the simulated routes).
	Schema  *tooldef.OutputSchema
	Example json.RawMessage
	// Answer is the one right answer of a short question ("" when none).
	Answer string
}

// Call is an expected function call.
type Call struct {
	Name      string          `json:"name"`
	Arguments json.RawMessage `json:"arguments"`
}

// Suite is a named list of cases.
type Suite struct {
	Name  string
	Cases []Case
}

// line is a case as written in the JSONL file.
type line struct {
	ID      string          `json:"id"`
	Prompt  string          `json:"prompt"`
	System  string          `json:"system"`
	Tools   json.RawMessage `json:"tools"`
	Call    *Call           `json:"call"`
	Schema  json.RawMessage `json:"schema"`
	Example json.RawMessage `json:"example"`
	Answer  string          `json:"answer"`
}

// Limits of a user suite: it is read whole into memory.
const (
	MaxSuiteBytes = 8 << 20
	MaxCases      = 10000
	maxLineBytes  = 1 << 20
)

// Parse reads a JSONL suite: one case per line; blank lines and lines
// starting with # are skipped.
func Parse(name string, r io.Reader) (*Suite, error) {
	s := &Suite{Name: name}
	sc := bufio.NewScanner(io.LimitReader(r, MaxSuiteBytes+1))
	sc.Buffer(make([]byte, 64<<10), maxLineBytes)
	seen := map[string]bool{}
	read := 0
	for n := 1; sc.Scan(); n++ {
		read += len(sc.Bytes()) + 1
		if read > MaxSuiteBytes+1 {
			return nil, fmt.Errorf("larger than %d MiB", MaxSuiteBytes>>20)
		}
		text := bytes.TrimSpace(sc.Bytes())
		if len(text) == 0 || text[0] == '#' {
			continue
		}
		c, err := parseLine(text)
		if err != nil {
			return nil, fmt.Errorf("line %d: %v", n, err)
		}
		if seen[c.ID] {
			return nil, fmt.Errorf("line %d: id %q is used twice", n, safetext.Sanitize(c.ID))
		}
		seen[c.ID] = true
		if len(s.Cases) == MaxCases {
			return nil, fmt.Errorf("more than %d cases", MaxCases)
		}
		s.Cases = append(s.Cases, c)
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("a line is longer than %d KiB", maxLineBytes>>10)
		}
		return nil, err
	}
	if len(s.Cases) == 0 {
		return nil, errors.New("the suite has no cases")
	}
	return s, nil
}

func parseLine(text []byte) (Case, error) {
	var l line
	dec := json.NewDecoder(bytes.NewReader(text))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&l); err != nil {
		return Case{}, errors.New("not a JSON object with the case fields: " + safetext.Sanitize(err.Error()))
	}
	if strings.TrimSpace(l.ID) == "" {
		return Case{}, errors.New(`every case needs an "id"`)
	}
	id := safetext.Sanitize(l.ID)
	if strings.TrimSpace(l.Prompt) == "" {
		return Case{}, fmt.Errorf("case %q: the prompt is empty", id)
	}
	c := Case{ID: l.ID, Prompt: l.Prompt, System: l.System, Call: l.Call, Answer: strings.TrimSpace(l.Answer)}
	if present(l.Tools) {
		tools, err := tooldef.ParseToolsJSON(l.Tools)
		if err != nil {
			return Case{}, fmt.Errorf("case %q: tools: %v", id, err)
		}
		c.Tools = tools
	}
	if c.Call != nil {
		if _, ok := tooldef.FindTool(c.Tools, c.Call.Name); !ok {
			return Case{}, fmt.Errorf("case %q: call names %q, which is not among its tools", id, safetext.Sanitize(c.Call.Name))
		}
	}
	if present(l.Schema) {
		sch, err := tooldef.NewOutputSchema(l.ID, l.Schema)
		if err != nil {
			return Case{}, fmt.Errorf("case %q: schema: %v", id, err)
		}
		c.Schema, c.Example = sch, l.Example
		if present(l.Example) && len(sch.Check(string(l.Example))) > 0 {
			return Case{}, fmt.Errorf("case %q: the example does not follow the schema", id)
		}
	}
	if len(c.Tools) == 0 && c.Schema == nil && c.Answer == "" {
		return Case{}, fmt.Errorf(`case %q: nothing to check: give it "tools", a "schema" or an "answer"`, id)
	}
	return c, nil
}

func present(raw json.RawMessage) bool {
	t := bytes.TrimSpace(raw)
	return len(t) > 0 && !bytes.Equal(t, []byte("null"))
}

//go:embed builtin.jsonl
var builtinJSONL []byte

// BuiltinName names the suite that ships in the binary.
const BuiltinName = "builtin"

// Builtin returns the suite that ships in the binary.
func Builtin() *Suite {
	s, err := Parse(BuiltinName, bytes.NewReader(builtinJSONL))
	if err != nil {
		panic("the built-in verify suite does not parse: " + err.Error())
	}
	return s
}

// BuiltinCase finds the built-in case with this prompt: the simulated
// demo routes answer the built-in suite as a model would.
func BuiltinCase(prompt string) (Case, bool) {
	builtinOnce.Do(func() {
		builtinByPrompt = map[string]Case{}
		for _, c := range Builtin().Cases {
			builtinByPrompt[c.Prompt] = c
		}
	})
	c, ok := builtinByPrompt[prompt]
	return c, ok
}

var (
	builtinOnce     sync.Once
	builtinByPrompt map[string]Case
)

// IsTool reports a case that offers tools (a case may be of several kinds).
func (c Case) IsTool() bool { return len(c.Tools) > 0 }

// IsStructured reports a case that asks for structured output.
func (c Case) IsStructured() bool { return c.Schema != nil }

// IsExact reports a case with one right answer.
func (c Case) IsExact() bool { return c.Answer != "" }
