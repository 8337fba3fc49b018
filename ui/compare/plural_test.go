package compare

import (
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend"
)

func TestOneOfACountReadsInTheSingular(t *testing.T) {
	m := sessionOf(t, 1, 120, 40)
	if got := stripped(strings.Join(m.history(), "\n")); !strings.Contains(got, "the last 1 turn,") {
		t.Errorf("history note:\n%s", got)
	}
	res := result(backend.Route{Name: "r"}, run{headers: 100, keepAlives: 1, first: 200, last: 300, total: 310, tokens: 3})
	if got := strings.Join(phaseFigures(res, splitState{}), " · "); !strings.Contains(got, "1 keep-alive") || strings.Contains(got, "1 keep-alives") {
		t.Errorf("phases: %s", got)
	}
}
