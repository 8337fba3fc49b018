package backend

import "testing"

func TestPairsTitleNamesTheGateway(t *testing.T) {
	or := Route{Kind: KindOpenRouter}
	portkey := Route{Kind: "portkey", Gateway: "portkey"}
	generic := Route{Kind: "generic", Gateway: "generic"}
	for _, c := range []struct {
		routes []Route
		want   string
	}{
		{[]Route{or, or}, "OpenRouter vs direct"},
		{[]Route{portkey}, "Portkey vs direct"},
		{[]Route{or, portkey}, "Gateway vs direct"},
		{[]Route{generic}, "Gateway vs direct"},
		{nil, "Gateway vs direct"},
	} {
		if got := PairsTitle(c.routes); got != c.want {
			t.Errorf("%v: %q, want %q", c.routes, got, c.want)
		}
	}
}
