package simulated

import (
	"net/http"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/demo"
)

// demoBaseURL is never dialled: simulated routes go through the in-process
// demo transport, which opens no port and no socket.
const demoBaseURL = "http://demo.routeplay.invalid"

// DemoRoutes are the simulated routes used when there are no keys (or with
// --demo): the same simulated model through a gateway and directly, a
// reasoning model and a fast one, covering all three wire formats.
func DemoRoutes() []backend.Route {
	mk := func(name string, kind backend.Kind, wire backend.Wire, base, model string, price backend.Price) backend.Route {
		return backend.Route{Name: name, Kind: kind, Wire: wire, Model: model, BaseURL: base, Simulated: true, Price: &price}
	}
	price := backend.Price{Input: DemoPriceInputPerM, Output: DemoPriceOutputPerM}
	return []backend.Route{
		mk("demo-openrouter", backend.KindOpenRouter, backend.WireOpenAI, demoBaseURL+"/api/v1", "demo-gateway", price),
		mk("demo-openai", backend.KindOpenAI, backend.WireOpenAI, demoBaseURL+"/v1", "demo-direct", price),
		mk("demo-anthropic", backend.KindAnthropic, backend.WireAnthropic, demoBaseURL, "demo-reasoning", backend.Price{Input: 1, Output: 5}),
		mk("demo-gemini", backend.KindGemini, backend.WireGemini, demoBaseURL, "demo-fast", backend.Price{Input: 0.10, Output: 0.40}),
	}
}

// Transport serves the demo routes in-process: no port, no socket. It runs
// at the pace PaceEnv sets (real time by default); an unusable value fails
// every simulated request with a message that names the variable.
func Transport() http.RoundTripper {
	pace, err := Pace()
	if err != nil {
		return refused{err}
	}
	return serve(paced(pace))
}

// TransportAt is Transport with every simulated delay divided by speed, for
// tests that need the demo routes' answers and shape but not their pace.
// The app runs at the pace PaceEnv sets (see Transport).
func TransportAt(speed float64) http.RoundTripper {
	return serve(Faster(Demo, speed))
}

// serve answers with script in-process, listing the demo models.
func serve(script func(demo.Request) demo.Script) http.RoundTripper {
	srv := demo.New(script)
	srv.ListModels(DemoModels()...)
	return demo.InProcess(srv)
}

// Faster divides every delay of script's responses by speed (above 1 is
// faster); the pieces, usage and cost stay the same. The generation stats
// the gateway reports shrink with the delays, so they still agree with
// what the client measures.
func Faster(script func(demo.Request) demo.Script, speed float64) func(demo.Request) demo.Script {
	if speed <= 0 || speed == 1 {
		return script
	}
	div := func(d time.Duration) time.Duration { return time.Duration(float64(d) / speed) }
	return func(req demo.Request) demo.Script {
		sc := script(req)
		sc.HeaderDelay, sc.FirstTokenDelay = div(sc.HeaderDelay), div(sc.FirstTokenDelay)
		sc.TokenInterval, sc.KeepAliveEvery = div(sc.TokenInterval), div(sc.KeepAliveEvery)
		if sc.GenerationStats != nil {
			gs := *sc.GenerationStats
			gs.LatencyMs, gs.GenerationTimeMs = gs.LatencyMs/speed, gs.GenerationTimeMs/speed
			sc.GenerationStats = &gs
		}
		return sc
	}
}
