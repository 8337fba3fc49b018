package export

import (
	"strings"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/catalog"
)

// writeDataPolicy lists, one line per route, what applies to the data sent
// on it. served names the provider that served each route, when known.
func writeDataPolicy(b *strings.Builder, routes []backend.Route, served map[string]string) {
	if len(routes) == 0 {
		return
	}
	b.WriteString("\n## Data policy\n\n")
	for _, rt := range routes {
		b.WriteString("- **" + MarkdownCell(rt.Name) + "**: " + MarkdownCell(catalog.PolicyLine(rt, served[rt.Name], nil)) + "\n")
	}
}

// servedByRoute maps each result's route to the provider that served it.
func servedByRoute(results []*backend.Result) map[string]string {
	out := map[string]string{}
	for _, r := range results {
		if r != nil && r.ServedBy != "" {
			out[r.Route.Name] = r.ServedBy
		}
	}
	return out
}
