package preset

import "github.com/routeplay/routeplay/backend"

// GatewayTitle is the name of the gateway a route goes through, for
// headings: "OpenRouter", "Portkey", … or "Gateway" for a generic one.
func GatewayTitle(rt backend.Route) string {
	if g := gatewayPresets[rt.Gateway]; g.Title != "" {
		return g.Title
	}
	if rt.Kind == backend.KindOpenRouter {
		return "OpenRouter"
	}
	return "Gateway"
}

// PairsTitle heads a list of gateway-vs-direct pairs: "OpenRouter vs
// direct" when every gateway route is OpenRouter, the one gateway's name
// when there is one kind, else "Gateway vs direct".
func PairsTitle(gateways []backend.Route) string {
	title := ""
	for _, rt := range gateways {
		switch t := GatewayTitle(rt); {
		case title == "":
			title = t
		case title != t:
			return "Gateway vs direct"
		}
	}
	if title == "" {
		title = "Gateway"
	}
	return title + " vs direct"
}
