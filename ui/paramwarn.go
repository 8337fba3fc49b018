package ui

import (
	"fmt"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/config"
)

// paramWarnings says, before a turn is sent, which parameters the catalog or
// the wire format says a route's model will reject or ignore: the first one
// in full, and how many more there are.
func (m *Model) paramWarnings(targets []int) string {
	var all []string
	for _, i := range targets {
		for _, w := range config.CheckParams(m.panes[i].Route()) {
			all = append(all, backend.Sanitize(w)) // each warning names its route
		}
	}
	switch len(all) {
	case 0:
		return ""
	case 1:
		return "Warning: " + all[0]
	}
	return fmt.Sprintf("Warning: %s (+%d more; `routeplay routes` lists them)", all[0], len(all)-1)
}
