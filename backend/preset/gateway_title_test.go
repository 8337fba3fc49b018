package preset

import (
	"testing"

	"github.com/routeplay/routeplay/backend"
)

func TestPairsTitleNamesTheGateway(t *testing.T) {
	or := backend.Route{Kind: backend.KindOpenRouter}
	portkey := backend.Route{Kind: "portkey", Gateway: "portkey"}
	generic := backend.Route{Kind: "generic", Gateway: "generic"}
	for _, c := range []struct {
		routes []backend.Route
		want   string
	}{
		{[]backend.Route{or, or}, "OpenRouter vs direct"},
		{[]backend.Route{portkey}, "Portkey vs direct"},
		{[]backend.Route{or, portkey}, "Gateway vs direct"},
		{[]backend.Route{generic}, "Gateway vs direct"},
		{nil, "Gateway vs direct"},
	} {
		if got := PairsTitle(c.routes); got != c.want {
			t.Errorf("%v: %q, want %q", c.routes, got, c.want)
		}
	}
}
