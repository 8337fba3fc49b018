package tooldef

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// OutputSchema is a JSON Schema the answer must follow (structured
// output): sent in each wire's form and checked against the answer.
type OutputSchema struct {
	// Name is sent where a wire wants one (OpenAI's json_schema.name, the
	// Anthropic tool that carries the answer): letters, digits, _ and -.
	Name   string
	Schema json.RawMessage
	schema *jsonschema.Schema
}

// MaxSchemaFileBytes bounds a --schema file.
const MaxSchemaFileBytes = 1 << 20

// NewOutputSchema compiles a schema document; name is usually the file's
// name and is reduced to the characters every wire accepts.
func NewOutputSchema(name string, doc []byte) (*OutputSchema, error) {
	if len(doc) > MaxSchemaFileBytes {
		return nil, fmt.Errorf("larger than %d KiB", MaxSchemaFileBytes>>10)
	}
	sch, err := compileSchema(doc)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, doc); err != nil {
		return nil, err
	}
	return &OutputSchema{Name: schemaName(name), Schema: buf.Bytes(), schema: sch}, nil
}

// schemaName turns "answers/person.schema.json" into "person".
func schemaName(name string) string {
	base := filepath.Base(name)
	if i := strings.IndexByte(base, '.'); i > 0 {
		base = base[:i]
	}
	var b strings.Builder
	for _, c := range base {
		if c == '_' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' {
			b.WriteRune(c)
		}
	}
	if b.Len() == 0 || b.Len() > 64 {
		return "answer"
	}
	return b.String()
}

// Check validates an answer's text: nil when it is JSON that satisfies the
// schema, else one line per problem.
func (s *OutputSchema) Check(answer string) []string {
	if strings.TrimSpace(answer) == "" {
		return []string{"the answer is empty"}
	}
	return checkJSON(s.schema, answer, false)
}

// AsTool is the schema as the tool that carries a structured answer on
// Anthropic, so a call to it is checked like any declared tool's.
func (s *OutputSchema) AsTool() Tool {
	return Tool{Name: s.Name, Parameters: s.Schema, schema: s.schema}
}
