package cli

import (
	"strings"

	"github.com/routeplay/routeplay/backend"
)

// toolCallLines show each call of an answer: its name and arguments, then
// the verdict against the declared schema when there is one.
func toolCallLines(r *backend.Result) []string {
	var lines []string
	for _, c := range r.CheckedCalls() {
		head := "[tool call] " + c.Name
		if c.Server {
			head += " (run by the provider)"
		}
		switch {
		case c.Checked && len(c.Errors) == 0:
			head += "  ✓ matches its schema"
		case c.Checked:
			head += "  ✗ " + strings.Join(c.Errors, "; ")
		}
		lines = append(lines, head)
		for _, l := range strings.Split(backend.PrettyArguments(c.Arguments), "\n") {
			lines = append(lines, "  "+l)
		}
	}
	return lines
}

// schemaLine gives the structured-output verdict, "" when none was asked.
func schemaLine(r *backend.Result) string {
	valid, errs := r.SchemaCheck()
	switch {
	case valid == nil:
		return ""
	case *valid:
		return "[schema] ✓ the answer follows " + r.AttemptRoute().Schema.Name
	}
	return "[schema] ✗ " + strings.Join(errs, "; ")
}
