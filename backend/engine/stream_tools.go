package engine

import (
	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/safetext"
)

// cleanTool sanitises a tool-call piece like any model output. Arguments
// get one sanitiser per call, so a sequence split across fragments is still
// removed whole.
func (s *stream) cleanTool(d *backend.ToolDelta) *backend.ToolDelta {
	if d == nil || d.Index < 0 || d.Index >= backend.MaxToolCalls {
		return nil
	}
	for len(s.tools) <= d.Index {
		s.tools = append(s.tools, safetext.Sanitizer{})
	}
	c := *d
	c.ID, c.Name = safetext.Sanitize(c.ID), safetext.Sanitize(c.Name)
	c.Arguments = s.tools[d.Index].Clean(c.Arguments)
	return &c
}
