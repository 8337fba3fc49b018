// Package floodload is the million-tiny-chunks workload that selftest's
// flood section and the ui flood benchmark both run: one route flooding
// one-character chunks as fast as it can, one streaming steadily beside it,
// served in process.
package floodload

import (
	"strings"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/demo"
	"github.com/routeplay/routeplay/backend/engine"
)

// Chunks is n one-character pieces of paragraphs of words.
func Chunks(n int) []string {
	para := strings.Repeat("tok ", 50) + "end.\n\n"
	chunks := make([]string, n)
	for i := range chunks {
		k := i % len(para)
		chunks[i] = para[k : k+1]
	}
	return chunks
}

// Engine serves route "flood" n one-character chunks as fast as it can and
// route "steady" steadyTokens words at 100 a second, in process.
func Engine(n, steadyTokens int) *engine.Engine {
	flood := demo.Script{Tokens: Chunks(n)}
	steady := demo.Script{Tokens: strings.SplitAfter(strings.Repeat("word ", steadyTokens), " ")[:steadyTokens], TokenInterval: 10 * time.Millisecond}
	srv := demo.New(func(req demo.Request) demo.Script {
		if req.Model == "flood" {
			return flood
		}
		return steady
	})
	return engine.NewEngine(engine.EngineOptions{Transport: demo.InProcess(srv)})
}

// Routes are the flood and the steady route. A million chunks are about
// 200 MB of SSE, past backend.DefaultMaxResponseBytes: the limit is raised,
// since a run stopped there is not the flood.
func Routes() []backend.Route {
	var routes []backend.Route
	for _, name := range []string{"flood", "steady"} {
		routes = append(routes, backend.Route{Name: name, Kind: backend.KindOpenAICompatible,
			Wire: backend.WireOpenAI, Model: name, BaseURL: "http://flood.invalid/v1", MaxResponseBytes: 1 << 30})
	}
	return routes
}
