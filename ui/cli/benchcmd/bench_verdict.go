package benchcmd

import (
	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/engine"
	"github.com/routeplay/routeplay/ui/cli/cmdenv"
)

// resolvePairs turns the --pair flags into route pairs, before any run: a
// name that is not one of the bench's routes is a usage error naming them.
func resolvePairs(specs []string, routes []backend.Route) ([]engine.RoutePair, error) {
	var pairs []engine.RoutePair
	for _, spec := range specs {
		p, err := engine.PairByNames(routes, spec)
		if err != nil {
			return nil, cmdenv.UsageError("%s", err)
		}
		pairs = append(pairs, p)
	}
	return pairs, nil
}
