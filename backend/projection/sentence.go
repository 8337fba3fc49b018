package projection

import (
	"fmt"

	"github.com/routeplay/routeplay/backend/figure"
)

// Sentence says where the monthly costs of two routes meet, or that they
// never do. c is the crossing of the route named self (shown as a) with the
// other one (shown as b); the shown names are written as given, so the
// caller escapes them for where they go.
func (c Crossing) Sentence(self, a, b string) string {
	cheaper, dearer := b, a
	if c.CheaperBelow == self {
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
