package benchcmd

import (
	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/bench"
	"github.com/routeplay/routeplay/ui/cli/cmdenv"
)

// resolvePairs turns the --pair flags into route pairs, before any run: a
// name that is not one of the bench's routes is a usage error naming them.
func resolvePairs(specs []string, routes []backend.Route) ([]bench.RoutePair, error) {
	var pairs []bench.RoutePair
	for _, spec := range specs {
		p, err := bench.PairByNames(routes, spec)
		if err != nil {
			return nil, cmdenv.UsageError("%s", err)
		}
		pairs = append(pairs, p)
	}
	return pairs, nil
}
