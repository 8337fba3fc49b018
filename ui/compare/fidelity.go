package compare

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/backend/safetext"
	"github.com/routeplay/routeplay/ui/cells"
)

// fidelityTally is one route's tool calls and structured answers over the
// session.
type fidelityTally struct {
	name                   string
	calls, checked, valid  int
	schemaOK, schemaBroken int
}

// fidelityTallies sum up each route's calls and schema verdicts, routes in
// order of first appearance; nil when no route made a call or was asked
// for structured output.
func fidelityTallies(turns []turnRecord, memo *checkMemo) []fidelityTally {
	var out []fidelityTally
	index := map[string]int{}
	seen := false
	for _, t := range turns {
		for _, r := range t.results {
			i, ok := index[r.Route.Name]
			if !ok {
				i = len(out)
				index[r.Route.Name] = i
				out = append(out, fidelityTally{name: r.Route.Name})
			}
			f, c := &out[i], memo.of(r)
			f.calls, f.checked, f.valid = f.calls+c.calls, f.checked+c.checked, f.valid+c.valid
			seen = seen || c.calls > 0 || c.schema != nil
			switch {
			case c.schema == nil:
			case *c.schema:
				f.schemaOK++
			default:
				f.schemaBroken++
			}
		}
	}
	if !seen {
		return nil
	}
	return out
}

// runChecks is what validating one run found: its calls, those checked
// against their tool's schema and the valid ones, and the structured
// answer's verdict (nil: no schema asked).
type runChecks struct {
	calls, checked, valid int
	schema                *bool
}

// checkMemo keeps each run's checks: a finished run never changes, and
// the session's fidelity is drawn again on every resize and key of the
// view. Shared by the view's copies, like verdictMemo.
type checkMemo struct{ byRun map[*backend.Result]runChecks }

func (m *checkMemo) of(r *backend.Result) runChecks {
	if m != nil {
		if c, ok := m.byRun[r]; ok {
			return c
		}
	}
	var c runChecks
	for _, call := range r.ModelCalls() {
		c.calls++
		if call.Checked {
			c.checked++
			if len(call.Errors) == 0 {
				c.valid++
			}
		}
	}
	c.schema, _ = r.SchemaCheck()
	if m != nil {
		m.byRun[r] = c
	}
	return c
}

// fidelityLines show, per route over the session, the calls made, how many
// follow their tool's schema, and the structured-output verdicts; nil when
// there is nothing to show.
func (m Model) fidelityLines() []string {
	tallies := fidelityTallies(m.turns, m.checks)
	if tallies == nil {
		return nil
	}
	s := m.styles
	names := make([]string, len(tallies))
	nameW := 0
	for i, f := range tallies {
		names[i] = safetext.Sanitize(f.name)
		nameW = max(nameW, ansi.StringWidth(names[i]))
	}
	lines := make([]string, 0, len(tallies)+1)
	for i, f := range tallies {
		parts := []string{figure.Count(f.calls, "tool call")}
		if f.checked > 0 {
			parts = append(parts, fmt.Sprintf("%d valid (%s)", f.valid, figure.Percent(100*float64(f.valid)/float64(f.checked))))
		}
		if n := f.calls - f.checked; n > 0 {
			parts = append(parts, fmt.Sprintf("%d unchecked", n))
		}
		if n := f.schemaOK + f.schemaBroken; n > 0 {
			parts = append(parts, fmt.Sprintf("JSON answers: %d of %d follow the schema", f.schemaOK, n))
		}
		style := s.value
		if f.checked > f.valid || f.schemaBroken > 0 {
			style = s.worse
		}
		head := "  " + cells.Pad(names[i], nameW) + "  "
		lines = append(lines, cells.Fit(head+style.Render(strings.Join(parts, " · ")), m.width))
	}
	return append(lines, m.hintLines("A call is valid when it names an offered tool and its arguments follow that tool's schema; "+
		"`routeplay verify` measures this over a whole suite.")...)
}
