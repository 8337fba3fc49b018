package historyview

import (
	"strings"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/safetext"
	"github.com/routeplay/routeplay/ui/cells"
)

// verdictLines list a run's tool calls, each as its name and ✓ or ✗ with
// the schema errors, then the structured-output verdict: the verdicts as
// they were given when the run was recorded.
func (m Model) verdictLines(r backend.RouteReport, w int) []string {
	s := m.styles
	var out []string
	add := func(mark string, ok bool, errs []string) {
		line := mark
		if ok {
			out = append(out, "  "+s.Done.Render(cells.Fit(line+" ✓", w-2)))
			return
		}
		line += " ✗"
		if len(errs) > 0 {
			line += " " + strings.Join(errs, "; ")
		}
		for _, l := range strings.Split(cells.Wrap(safetext.Sanitize(line), w-2), "\n") {
			out = append(out, "  "+s.ErrorText.Render(l))
		}
	}
	for _, c := range r.ToolCalls {
		name := "⚙ " + safetext.Sanitize(c.Name)
		switch {
		case c.Server:
			out = append(out, "  "+s.Text.Render(cells.Fit(name+" · run by the provider", w-2)))
		case c.Valid == nil:
			out = append(out, "  "+s.Text.Render(cells.Fit(name, w-2)))
		default:
			add(name, *c.Valid, c.SchemaErrors)
		}
	}
	if r.SchemaValid != nil {
		add("schema", *r.SchemaValid, r.SchemaErrors)
	}
	return out
}
