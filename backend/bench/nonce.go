package bench

import (
	"crypto/rand"
	"encoding/hex"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/engine"
)

// NonceMethod says how a bench busts provider prompt caches, for the
// workload statement. Providers cache prompt prefixes, so the nonce goes
// first: at the start of the system prompt, ahead of everything cacheable.
const NonceMethod = "a unique line \"run <12 hex digits>\" begins each run's system prompt (about 8 input tokens more)"

// newNonce is a fresh run id. crypto/rand never repeats one in practice, so
// no two runs share a prompt prefix, in this bench or an earlier one.
func newNonce() string {
	var b [6]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return "run " + hex.EncodeToString(b[:])
}

// withNonce returns the route and request of one cache-busted run. A
// route's own system prompt replaces the request's (see wire), so the nonce
// goes in both: whichever is sent carries it.
func withNonce(rt backend.Route, req backend.Request, nonce string) (backend.Route, backend.Request) {
	req.System = prefixNonce(nonce, req.System)
	return routeWithNonce(rt, nonce), req
}

func routeWithNonce(rt backend.Route, nonce string) backend.Route {
	if rt.Params.System != nil {
		sys := prefixNonce(nonce, *rt.Params.System)
		rt.Params.System = &sys
	}
	return rt
}

func prefixNonce(nonce, system string) string {
	if system == "" {
		return nonce
	}
	return nonce + "\n" + system
}

// nonceLookup resolves fallback routes with the run's nonce too, so a
// fallback route with its own system prompt is cache-busted as well.
func nonceLookup(lookup engine.RouteLookup, nonce string) engine.RouteLookup {
	return func(name string) (backend.Route, bool) {
		rt, ok := lookup(name)
		return routeWithNonce(rt, nonce), ok
	}
}
