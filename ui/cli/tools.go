package cli

import (
	"io"
	"os"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/engine"
)

// useToolsFile offers the tools of a --tools file to every route, in place
// of those the config declares. A route's tool_choice that names a tool
// the file lacks falls back to auto.
func (s *session) useToolsFile(path string) error {
	if path == "" {
		return nil
	}
	tools, err := readToolsFile(path)
	if err != nil {
		return err
	}
	s.tools = tools
	for i := range s.routes {
		s.routes[i] = s.runTools(s.routes[i])
	}
	return nil
}

// runTools gives a route the run's --tools and --schema, when set.
func (s *session) runTools(rt backend.Route) backend.Route {
	if s.tools != nil {
		rt.Tools = s.tools
		if config.CheckToolChoice(rt.ToolChoice, s.tools) != nil {
			rt.ToolChoice = ""
		}
	}
	if s.schema != nil {
		rt.Schema = s.schema
	}
	return rt
}

// withRunTools makes the routes a fallback reaches take the run's tools
// and schema too, so every attempt is asked the same thing.
func (s *session) withRunTools(lookup engine.RouteLookup) engine.RouteLookup {
	if lookup == nil {
		return nil
	}
	return func(name string) (backend.Route, bool) {
		rt, ok := lookup(name)
		if ok {
			rt = s.runTools(rt)
		}
		return rt, ok
	}
}

func readToolsFile(path string) ([]backend.Tool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, usageError("--tools: %v", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, backend.MaxToolsFileBytes+1))
	if err != nil {
		return nil, usageError("--tools: %v", err)
	}
	tools, err := backend.ParseToolsJSON(data)
	if err != nil {
		return nil, usageError("--tools %s: %v", backend.Sanitize(path), err)
	}
	return tools, nil
}

// useSchemaFile asks every route for structured output following the
// schema in path, in place of a route's own schema.
func (s *session) useSchemaFile(path string) error {
	if path == "" {
		return nil
	}
	sch, err := config.LoadOutputSchema(path)
	if err != nil {
		return usageError("--schema: %v", err)
	}
	s.schema = sch
	for i := range s.routes {
		s.routes[i] = s.runTools(s.routes[i])
	}
	return nil
}
