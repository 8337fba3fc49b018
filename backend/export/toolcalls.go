package export

import (
	"fmt"
	"strings"

	"github.com/routeplay/routeplay/backend"
)

// writeToolCalls lists an answer's calls (name, verdict against the
// declared schema, the arguments in a fence), then the structured-output
// verdict when a schema was asked.
func writeToolCalls(b *strings.Builder, r *backend.Result) {
	defer writeSchemaVerdict(b, r)
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

func writeSchemaVerdict(b *strings.Builder, r *backend.Result) {
	valid, errs := r.SchemaCheck()
	switch {
	case valid == nil:
	case *valid:
		b.WriteString("Structured output: ✓ follows the schema\n\n")
	default:
		fmt.Fprintf(b, "Structured output: ✗ %s\n\n", MarkdownCell(strings.Join(errs, "; ")))
	}
}
