package compare

import (
	"fmt"
	"slices"

	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/safetext"
	"github.com/routeplay/routeplay/ui/cells"
)

// settingsLines say which routes ran with settings of their own, so a
// figure is read with what produced it; in the session scope, a route whose
// settings changed between turns is named with each version, since its
// medians mix them. Nil when every route ran on its provider's defaults.
func (m Model) settingsLines(turns []turnRecord) []string {
	type change struct {
		turn     int
		settings string
	}
	var order []string
	history := map[string][]change{}
	for _, t := range turns {
		for _, r := range t.results {
			name, now := r.Route.Name, config.DescribeSettings(r.Route)
			seen := history[name]
			if len(seen) == 0 {
				order = append(order, name)
			}
			if len(seen) == 0 || seen[len(seen)-1].settings != now {
				history[name] = append(seen, change{t.number, now})
			}
		}
	}
	var out []string
	for _, name := range order {
		changes := history[name]
		if len(changes) == 1 && changes[0].settings == "" {
			continue
		}
		label := m.styles.label.Render(safetext.Sanitize(name) + ": ")
		if len(changes) == 1 {
			out = append(out, cells.Fit(label+m.styles.value.Render(safetext.Sanitize(changes[0].settings)), m.width))
			continue
		}
		out = append(out, cells.Fit(label+m.styles.value.Render("changed "+times(len(changes)-1)+"; its medians mix them"), m.width))
		for _, c := range slices.Backward(changes) {
			s := c.settings
			if s == "" {
				s = "provider defaults"
			}
			out = append(out, cells.Fit(m.styles.hint.Render(fmt.Sprintf("  from turn %d: %s", c.turn, safetext.Sanitize(s))), m.width))
		}
	}
	return out
}

func times(n int) string {
	switch n {
	case 1:
		return "once"
	case 2:
		return "twice"
	}
	return fmt.Sprintf("%d times", n)
}
