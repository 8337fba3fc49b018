package cmdenv

import (
	"io"
	"os"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/engine"
	"github.com/routeplay/routeplay/backend/safetext"
	"github.com/routeplay/routeplay/backend/tooldef"
)

// useToolsFile offers the tools of a --tools file to every route, in place
// of those the config declares. A route's tool_choice that names a tool
// the file lacks falls back to auto.
func (s *Session) useToolsFile(path string) error {
	if path == "" {
		return nil
	}
	tools, err := readToolsFile(path)
	if err != nil {
		return err
	}
	s.Tools = tools
	for i := range s.Routes {
		s.Routes[i] = s.RunTools(s.Routes[i])
	}
	return nil
}

// RunTools gives a route the run's --tools and --schema, when set.
func (s *Session) RunTools(rt backend.Route) backend.Route {
	if s.Tools != nil {
		rt.Tools = s.Tools
		if config.CheckToolChoice(rt.ToolChoice, s.Tools) != nil {
			rt.ToolChoice = ""
		}
	}
	if s.Schema != nil {
		rt.Schema = s.Schema
	}
	return rt
}

// withRunTools makes the routes a fallback reaches take the run's tools
// and schema too, so every attempt is asked the same thing.
func (s *Session) withRunTools(lookup engine.RouteLookup) engine.RouteLookup {
	if lookup == nil {
		return nil
	}
	return func(name string) (backend.Route, bool) {
		rt, ok := lookup(name)
		if ok {
			rt = s.RunTools(rt)
		}
		return rt, ok
	}
}

func readToolsFile(path string) ([]tooldef.Tool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, UsageError("--tools: %v", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, tooldef.MaxToolsFileBytes+1))
	if err != nil {
		return nil, UsageError("--tools: %v", err)
	}
	tools, err := tooldef.ParseToolsJSON(data)
	if err != nil {
		return nil, UsageError("--tools %s: %v", safetext.Sanitize(path), err)
	}
	return tools, nil
}

// useSchemaFile asks every route for structured output following the
// schema in path, in place of a route's own schema.
func (s *Session) useSchemaFile(path string) error {
	if path == "" {
		return nil
	}
	sch, err := config.LoadOutputSchema(path)
	if err != nil {
		return UsageError("--schema: %v", err)
	}
	s.Schema = sch
	for i := range s.Routes {
		s.Routes[i] = s.RunTools(s.Routes[i])
	}
	return nil
}
