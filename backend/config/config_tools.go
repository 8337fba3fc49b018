package config

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/safetext"
	"github.com/routeplay/routeplay/backend/tooldef"
)

// ToolConfig is one [[tools]] entry: a function routes may offer the model.
// Parameters is a JSON Schema written as a JSON string, usually a TOML
// multi-line literal (”'{"type": "object", ...}”') so it can be pasted from
// a provider's documentation as is.
type ToolConfig struct {
	Name        string `toml:"name"`
	Description string `toml:"description"`
	Parameters  string `toml:"parameters"`
}

// compileTools checks the [[tools]] entries and keeps them by name.
func (c *Config) compileTools() error {
	c.tools = map[string]tooldef.Tool{}
	lines := headerLines(c.lines, "[[tools]]")
	for i, tc := range c.Tools {
		where := c.Path
		if i < len(lines) {
			where = fmt.Sprintf("%s:%d", c.Path, lines[i])
		}
		t, err := tooldef.NewTool(tc.Name, tc.Description, []byte(tc.Parameters))
		if err != nil {
			return fmt.Errorf("%s: [[tools]] #%d: %v", where, i+1, err)
		}
		if _, dup := c.tools[t.Name]; dup {
			return fmt.Errorf("%s: [[tools]] #%d: tool %q is declared twice", where, i+1, t.Name)
		}
		c.tools[t.Name] = t
	}
	return nil
}

// routeTools resolves a route's tools = [...], checks its tool_choice and
// loads its schema file.
func (c *Config) routeTools(rt backend.Route) (field string, tools []tooldef.Tool, err error) {
	if rt.SchemaFile != "" {
		if _, err := c.schema(rt.SchemaFile); err != nil {
			return "schema", nil, err
		}
	}
	for _, name := range rt.ToolNames {
		t, ok := c.tools[name]
		if !ok {
			return "tools", nil, fmt.Errorf("no [[tools]] entry is named %q", name)
		}
		tools = append(tools, t)
	}
	if err := CheckToolChoice(rt.ToolChoice, tools); err != nil {
		return "tool_choice", nil, err
	}
	return "", tools, nil
}

// CheckToolChoice accepts auto, required, none or the name of one of the
// route's tools.
func CheckToolChoice(choice string, tools []tooldef.Tool) error {
	switch choice {
	case "", tooldef.ToolChoiceAuto, tooldef.ToolChoiceNone, tooldef.ToolChoiceRequired:
		return nil
	}
	if _, ok := tooldef.FindTool(tools, choice); ok {
		return nil
	}
	return fmt.Errorf("%q is not auto, required, none or one of the route's tools", safetext.Sanitize(choice))
}

// withTools fills in a route's declared tools; the config was validated,
// so every name resolves.
func (c *Config) withTools(rt backend.Route) backend.Route {
	if _, tools, err := c.routeTools(rt); err == nil {
		rt.Tools = tools
	}
	if rt.SchemaFile != "" {
		rt.Schema, _ = c.schema(rt.SchemaFile)
	}
	return rt
}

// schema loads a route's schema once: a JSON Schema written inline (the
// value starts with "{") or a file, relative to the config file.
func (c *Config) schema(file string) (*tooldef.OutputSchema, error) {
	if s, ok := c.schemas[file]; ok {
		return s, nil
	}
	var s *tooldef.OutputSchema
	var err error
	if strings.HasPrefix(strings.TrimSpace(file), "{") {
		s, err = tooldef.NewOutputSchema("answer", []byte(file))
	} else {
		path := file
		if !filepath.IsAbs(path) {
			path = filepath.Join(filepath.Dir(c.Path), file)
		}
		s, err = LoadOutputSchema(path)
	}
	if err != nil {
		return nil, err
	}
	if c.schemas == nil {
		c.schemas = map[string]*tooldef.OutputSchema{}
	}
	c.schemas[file] = s
	return s, nil
}

// LoadOutputSchema reads and compiles a JSON Schema file for structured
// output (--schema, or a route's schema).
func LoadOutputSchema(path string) (*tooldef.OutputSchema, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, tooldef.MaxSchemaFileBytes+1))
	if err != nil {
		return nil, err
	}
	s, err := tooldef.NewOutputSchema(path, data)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", safetext.Sanitize(path), err)
	}
	return s, nil
}

// toolWarnings names tool and schema settings a wire will reject.
func toolWarnings(rt backend.Route) []string {
	var warns []string
	thinking := rt.Params.ReasoningBudget != nil && *rt.Params.ReasoningBudget > 0
	if rt.Wire != backend.WireAnthropic || !thinking {
		return nil
	}
	forced := rt.ToolChoice != "" && rt.ToolChoice != tooldef.ToolChoiceAuto && rt.ToolChoice != tooldef.ToolChoiceNone
	if rt.Schema != nil {
		warns = append(warns, "structured output on Anthropic forces a tool, which extended thinking (reasoning_budget) does not allow; the request will be rejected")
	} else if forced && len(rt.Tools) > 0 {
		warns = append(warns, fmt.Sprintf("tool_choice %q forces a tool, which Anthropic's extended thinking (reasoning_budget) does not allow; use \"auto\"", rt.ToolChoice))
	}
	return warns
}

// describeTools names what the route offers and asks beyond plain text:
// "tools get_weather, now (required) · schema person". A run with tools or
// a schema is a different experiment, so history keeps it apart.
func describeTools(rt backend.Route) string {
	var parts []string
	if len(rt.Tools) > 0 {
		names := make([]string, len(rt.Tools))
		for i, t := range rt.Tools {
			names[i] = t.Name
		}
		s := "tools " + strings.Join(names, ", ")
		if rt.ToolChoice != "" && rt.ToolChoice != tooldef.ToolChoiceAuto {
			s += " (" + rt.ToolChoice + ")"
		}
		parts = append(parts, s)
	}
	if rt.Schema != nil {
		parts = append(parts, "schema "+rt.Schema.Name)
	}
	return strings.Join(parts, " · ")
}
