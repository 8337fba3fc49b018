package backend

import (
	"strings"

	"github.com/routeplay/routeplay/backend/safetext"
)

// ToolResultsText is how a turn that answered tool calls reads wherever it
// is shown (pane, history screen): "↩ get_weather: 18°C", sanitised.
func ToolResultsText(results []ToolResult) string {
	names := make([]string, len(results))
	text := ""
	for i, r := range results {
		names[i], text = r.Name, r.Content
	}
	return safetext.Sanitize("↩ " + strings.Join(names, ", ") + ": " + text)
}
