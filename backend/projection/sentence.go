package projection

import (
	"fmt"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/figure"
)

// Sentence says where the monthly costs of routes a and b meet, or that
// they never do; c is a's crossing with b. The names are shown as given.
func Sentence(a, b string, c Crossing) string {
	cheaper, dearer := b, a
	if backend.Sanitize(c.CheaperBelow) == a {
		cheaper, dearer = a, b
	}
	switch {
	case c.CheaperBelow == "":
		return fmt.Sprintf("%s vs %s: the same cost at every volume", a, b)
	case c.Requests == nil:
		return fmt.Sprintf("%s vs %s: the lines never cross; %s is never the dearer", a, b, cheaper)
	}
	return fmt.Sprintf("%s vs %s: the lines cross at %s a month; below, %s is cheaper, above, %s",
		a, b, figure.GroupedCount(int64(*c.Requests), "request"), cheaper, dearer)
}
