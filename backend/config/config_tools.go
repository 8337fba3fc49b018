package config

import (
	"fmt"
	"strings"

	"github.com/routeplay/routeplay/backend"
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
	c.tools = map[string]backend.Tool{}
	lines := headerLines([]byte(strings.Join(c.lines, "\n")), "[[tools]]")
	for i, tc := range c.Tools {
		where := c.Path
		if i < len(lines) {
			where = fmt.Sprintf("%s:%d", c.Path, lines[i])
		}
		t, err := backend.NewTool(tc.Name, tc.Description, []byte(tc.Parameters))
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

// routeTools resolves a route's tools = [...] and checks its tool_choice.
func (c *Config) routeTools(rt backend.Route) (field string, tools []backend.Tool, err error) {
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
func CheckToolChoice(choice string, tools []backend.Tool) error {
	switch choice {
	case "", backend.ToolChoiceAuto, backend.ToolChoiceNone, backend.ToolChoiceRequired:
		return nil
	}
	if _, ok := backend.FindTool(tools, choice); ok {
		return nil
	}
	return fmt.Errorf("%q is not auto, required, none or one of the route's tools", backend.Sanitize(choice))
}

// withTools fills in a route's declared tools; the config was validated,
// so every name resolves.
func (c *Config) withTools(rt backend.Route) backend.Route {
	if _, tools, err := c.routeTools(rt); err == nil {
		rt.Tools = tools
	}
	return rt
}
