// Package tooldef holds what a route declares about tools and answers:
// the functions a model may call (from the config or an OpenAI-style
// --tools file) and the JSON Schema an answer must follow, each compiled
// once and checked against what the model sends back.
package tooldef

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/routeplay/routeplay/backend/safetext"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// Tool is a function the model may call, declared once (the config's
// [[tools]] or --tools FILE.json) and sent in each wire's form.
type Tool struct {
	Name        string
	Description string
	// Parameters is the JSON Schema of the arguments as declared; empty
	// means the model may pass any object.
	Parameters json.RawMessage
	// schema is Parameters compiled by NewTool; nil means any object.
	schema *jsonschema.Schema
}

// Tool choices a route may set; any other value names the one tool the
// model must call. Empty means ToolChoiceAuto.
const (
	ToolChoiceAuto     = "auto"
	ToolChoiceRequired = "required"
	ToolChoiceNone     = "none"
)

// maxToolSchemaBytes bounds a declared schema: tools are sent with every
// request, and a schema this large is a mistake.
const maxToolSchemaBytes = 256 << 10

// NewTool checks a declaration and compiles its schema. The schema must be
// a JSON object that is a valid JSON Schema (draft 2020-12 unless it names
// another with $schema); it may not refer to other documents.
func NewTool(name, description string, parameters []byte) (Tool, error) {
	if err := checkToolName(name); err != nil {
		return Tool{}, err
	}
	t := Tool{Name: name, Description: description}
	parameters = bytes.TrimSpace(parameters)
	if len(parameters) == 0 {
		return t, nil
	}
	if len(parameters) > maxToolSchemaBytes {
		return Tool{}, fmt.Errorf("tool %q: parameters schema is larger than %d KiB", name, maxToolSchemaBytes>>10)
	}
	sch, err := compileSchema(parameters)
	if err != nil {
		return Tool{}, fmt.Errorf("tool %q: parameters: %v", name, err)
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, parameters); err != nil {
		return Tool{}, fmt.Errorf("tool %q: parameters: %v", name, err)
	}
	t.Parameters, t.schema = buf.Bytes(), sch
	return t, nil
}

// checkToolName accepts the names every wire accepts: OpenAI and Anthropic
// allow letters, digits, _ and - up to 64; Gemini also allows . and :.
func checkToolName(name string) error {
	if name == "" {
		return errors.New("a tool needs a name")
	}
	if len(name) > 64 {
		return fmt.Errorf("tool name %q is longer than 64 characters", safetext.Sanitize(name))
	}
	for _, c := range name {
		ok := c == '_' || c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !ok {
			return fmt.Errorf("tool name %q: use only letters, digits, _ and -", safetext.Sanitize(name))
		}
	}
	return nil
}

// schemaURL names the one in-memory document a compiler holds.
const schemaURL = "mem:///schema.json"

// noLoader refuses every reference to another document: a declared schema
// must not make routeplay read files or the network.
type noLoader struct{}

func (noLoader) Load(url string) (any, error) {
	return nil, fmt.Errorf("references to other documents are not followed (%s)", safetext.Sanitize(url))
}

// compileSchema compiles a JSON Schema document held in memory.
func compileSchema(doc []byte) (*jsonschema.Schema, error) {
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return nil, fmt.Errorf("not JSON: %v", err)
	}
	if _, ok := v.(map[string]any); !ok {
		return nil, errors.New("must be a JSON object (a JSON Schema)")
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.UseLoader(noLoader{})
	if err := c.AddResource(schemaURL, v); err != nil {
		return nil, err
	}
	sch, err := c.Compile(schemaURL)
	if err != nil {
		return nil, errors.New(safetext.Sanitize(strings.ReplaceAll(err.Error(), schemaURL, "the schema")))
	}
	return sch, nil
}

// CheckArguments validates a call's arguments (the model's JSON text)
// against the tool's schema. It returns nil when they are valid, else one
// line per problem, free of control characters.
func (t Tool) CheckArguments(arguments string) []string {
	return checkJSON(t.schema, arguments, true)
}

// checkJSON validates text against sch (nil: any value, or any object when
// object is set). Empty text counts as {} when object is set: Gemini and
// Anthropic omit the arguments of a call that takes none.
func checkJSON(sch *jsonschema.Schema, text string, object bool) []string {
	if strings.TrimSpace(text) == "" && object {
		text = "{}"
	}
	v, err := jsonschema.UnmarshalJSON(strings.NewReader(text))
	if err != nil {
		return []string{"not valid JSON"}
	}
	if _, ok := v.(map[string]any); object && !ok {
		return []string{"the arguments are not a JSON object"}
	}
	if sch == nil {
		return nil
	}
	err = sch.Validate(v)
	if err == nil {
		return nil
	}
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return []string{safetext.Sanitize(err.Error())}
	}
	return schemaErrors(ve)
}

var englishPrinter = message.NewPrinter(language.English)

// maxSchemaErrors bounds the lines reported for one value.
const maxSchemaErrors = 20

// schemaErrors lists the leaves of a validation error as "where: what",
// where is a JSON pointer into the value ("/" is the value itself).
func schemaErrors(ve *jsonschema.ValidationError) []string {
	var out []string
	var walk func(e *jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		if len(out) >= maxSchemaErrors {
			return
		}
		if len(e.Causes) == 0 {
			where := "/" + strings.Join(e.InstanceLocation, "/")
			out = append(out, safetext.Sanitize(where+": "+e.ErrorKind.LocalizedString(englishPrinter)))
			return
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(ve)
	slices.Sort(out) // stable output whatever order the keywords ran in
	return out
}

// FindTool returns the declared tool with that name.
func FindTool(tools []Tool, name string) (Tool, bool) {
	for _, t := range tools {
		if t.Name == name {
			return t, true
		}
	}
	return Tool{}, false
}
