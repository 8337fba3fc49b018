package export

import (
	"fmt"
	"strings"

	"github.com/routeplay/routeplay/backend"
)

// writeToolCalls lists an answer's calls: name, verdict against the
// declared schema, and the arguments in a fence.
func writeToolCalls(b *strings.Builder, r *backend.Result) {
	for _, c := range r.CheckedCalls() {
		line := "Tool call: `" + strings.ReplaceAll(MarkdownCell(c.Name), "`", "'") + "`"
		switch {
		case c.Server:
			line += " (run by the provider)"
		case c.Checked && len(c.Errors) == 0:
			line += " ✓ matches its schema"
		case c.Checked:
			line += " ✗ " + MarkdownCell(strings.Join(c.Errors, "; "))
		}
		fmt.Fprintf(b, "%s\n\n", line)
		WriteFenced(b, backend.PrettyArguments(c.Arguments))
	}
}
