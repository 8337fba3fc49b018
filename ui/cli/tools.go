package cli

import (
	"io"
	"os"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/config"
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
	for i := range s.routes {
		rt := &s.routes[i]
		rt.Tools = tools
		if config.CheckToolChoice(rt.ToolChoice, tools) != nil {
			rt.ToolChoice = ""
		}
	}
	return nil
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
	for i := range s.routes {
		s.routes[i].Schema = sch
	}
	return nil
}
