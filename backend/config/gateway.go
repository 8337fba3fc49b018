package config

import (
	"errors"
	"fmt"
	"strings"

	"github.com/routeplay/routeplay/backend"
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
		return backend.NewRoute(backend.Kind(rc.Provider), rc.Model, rc.BaseURL, rc.Key)
	}
	if rc.Provider != "" && !strings.EqualFold(rc.Provider, gateway) && rc.Provider != string(backend.KindOpenAICompatible) {
		return backend.Route{}, errGateway{"gateway", fmt.Errorf("the route says provider %q and gateway %q: write only gateway", rc.Provider, gateway)}
	}
	rt, err := backend.NewGatewayRoute(gateway, rc.Upstream, rc.Model, rc.BaseURL, rc.Key)
	if err != nil {
		field := "gateway"
		if strings.HasPrefix(err.Error(), "upstream") {
			field = "upstream"
		}
		return backend.Route{}, errGateway{field, err}
	}
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
