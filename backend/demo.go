package backend

import (
	"net/http"

	"github.com/routeplay/routeplay/backend/fake"
)

// demoBaseURL is never dialled: simulated routes go through the in-process
// demo transport, which opens no port and no socket.
const demoBaseURL = "http://demo.routeplay.invalid"

// DemoRoutes are the simulated routes used when there are no keys (or with
// --demo): the same simulated model through a gateway and directly, a
// reasoning model and a fast one, covering all three wire formats.
func DemoRoutes() []Route {
	mk := func(name string, kind Kind, wire Wire, base, model string, price Price) Route {
		return Route{Name: name, Kind: kind, Wire: wire, Model: model, BaseURL: base, Simulated: true, Price: &price}
	}
	price := Price{Input: fake.DemoPriceInputPerM, Output: fake.DemoPriceOutputPerM}
	return []Route{
		mk("demo-openrouter", KindOpenRouter, WireOpenAI, demoBaseURL+"/api/v1", "demo-gateway", price),
		mk("demo-openai", KindOpenAI, WireOpenAI, demoBaseURL+"/v1", "demo-direct", price),
		mk("demo-anthropic", KindAnthropic, WireAnthropic, demoBaseURL, "demo-reasoning", Price{Input: 1, Output: 5}),
		mk("demo-gemini", KindGemini, WireGemini, demoBaseURL, "demo-fast", Price{Input: 0.10, Output: 0.40}),
	}
}

func DemoTransport() http.RoundTripper {
	return fake.InProcess(fake.New(fake.Demo))
}
