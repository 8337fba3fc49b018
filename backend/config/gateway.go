package config

import (
	"errors"
	"fmt"
	"strings"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/preset"
)

// errGateway marks a route error as the gateway or upstream field's fault.
type errGateway struct {
	field string
	error
}

func (e errGateway) Unwrap() error { return e.error }

// newRoute builds the route a config entry names: through a gateway when
// it says gateway = "..." (or provider = "openrouter" with an upstream),
// else direct.
func (rc RouteConfig) newRoute() (backend.Route, error) {
	gateway := rc.Gateway
	if gateway == "" && rc.Upstream != "" {
		if !strings.EqualFold(rc.Provider, string(backend.KindOpenRouter)) {
			return backend.Route{}, errGateway{"upstream", errors.New(`only a gateway route stands for an upstream: add gateway = "NAME"`)}
		}
		gateway = "openrouter"
	}
	if gateway == "" {
		if g, sign := rc.detectGateway(); g != "" {
			return rc.detectedRoute(g, sign)
		}
		return backend.NewRoute(backend.Kind(rc.Provider), rc.Model, rc.BaseURL, rc.Key)
	}
	if rc.Provider != "" && !strings.EqualFold(rc.Provider, gateway) && rc.Provider != string(backend.KindOpenAICompatible) {
		return backend.Route{}, errGateway{"gateway", fmt.Errorf("the route says provider %q and gateway %q: write only gateway", rc.Provider, gateway)}
	}
	rt, err := preset.NewGatewayRoute(gateway, rc.Upstream, rc.Model, rc.BaseURL, rc.Key)
	if err != nil {
		field := "gateway"
		if errors.As(err, new(*preset.UpstreamError)) {
			field = "upstream"
		}
		return backend.Route{}, errGateway{field, err}
	}
	return rt, nil
}

// detectGateway names the gateway an OpenAI-wire route written as direct
// goes through, from its base URL or header names (see
// preset.DetectGateway). Only a route with its own base_url qualifies: one
// without it goes to the provider itself, whatever headers it sends.
func (rc RouteConfig) detectGateway() (gateway, sign string) {
	kind := backend.Kind(strings.ToLower(rc.Provider))
	if rc.BaseURL == "" || (kind != backend.KindOpenAICompatible && kind != backend.KindOpenAI) {
		return "", ""
	}
	names := make([]string, 0, len(rc.Headers))
	for name := range rc.Headers {
		names = append(names, name)
	}
	return preset.DetectGateway(rc.BaseURL, names)
}

// detectedRoute measures a route written as direct as the gateway route it
// is: never the direct side of a pair, its gateway's headers read, and
// paired with the upstream its provider header names. It keeps the key the
// direct route would have sent.
func (rc RouteConfig) detectedRoute(gateway, sign string) (backend.Route, error) {
	literal := map[string]string{}
	for name, v := range rc.Headers {
		if s, ok := v.(string); ok {
			literal[strings.ToLower(name)] = s
		}
	}
	key := rc.Key
	if p, ok := backend.LookupPreset(backend.Kind(rc.Provider)); ok && key == "" {
		key = p.KeyName
	}
	rt, err := preset.NewGatewayRoute(gateway, preset.GuessUpstream(gateway, rc.Model, literal), rc.Model, rc.BaseURL, key)
	if err != nil {
		return backend.Route{}, errGateway{"base_url", err}
	}
	rt.GatewaySign = sign
	return rt, nil
}

// gatewayField is the field a route error belongs to when it is about
// headers or the gateway.
func gatewayField(err error) (string, bool) {
	var ge errGateway
	switch {
	case errors.As(err, new(errHeaders)):
		return "headers", true
	case errors.As(err, &ge):
		return ge.field, true
	}
	return "", false
}

// detectedGatewayWarning tells the user a route written as direct is
// measured as a gateway route, and how to say so in the config.
func detectedGatewayWarning(rt backend.Route) string {
	if rt.GatewaySign == "" {
		return ""
	}
	g, _ := preset.LookupGateway(rt.Gateway)
	upstream := `upstream = "PROVIDER:MODEL"`
	if rt.UpstreamKind != "" {
		upstream = fmt.Sprintf("upstream = %q", string(rt.UpstreamKind)+":"+rt.UpstreamModel)
	}
	return fmt.Sprintf("looks like a %s gateway (%s), so it is measured as one, never as the direct side: "+
		"say gateway = %q and %s", g.Title, rt.GatewaySign, g.Name, upstream)
}
