// Package simulated is demo mode's side of the fake providers: the demo
// routes, their latency profiles and answers, and the in-process transport
// that serves them at a pace (Transport, TransportAt). The fake provider
// server they run on is package demo.
package simulated

import (
	"github.com/routeplay/routeplay/backend/demo"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"strings"
	"time"
)

// DemoProfile is the simulated latency of one demo route. Every duration
// and the token rate get up to ±DemoJitter of deterministic jitter seeded
// from the model and the prompt.
type DemoProfile struct {
	Model           string
	HeaderDelay     time.Duration // request sent → response headers
	FirstTokenDelay time.Duration // headers → first streamed piece
	TokensPerSecond float64       // streaming rate of every piece
	// ReasoningMin and ReasoningMax bound the time spent streaming reasoning
	// before the answer; zero means the route does not reason.
	ReasoningMin, ReasoningMax time.Duration
	KeepAlives                 int           // keep-alive comments while waiting for the first token
	KeepAliveEvery             time.Duration // their spacing
	Provider                   string        // upstream the route reports (gateway only)
	ReportsCost                bool          // usage.cost and generation stats, as OpenRouter reports them
	// Sloppy marks the provider that gets some built-in verify cases wrong
	// (see fidelity.go), so `routeplay verify --demo` finds a difference.
	Sloppy bool
}

// Demo latency figures. The gateway hop is OpenRouter's stated 15–40 ms
// per request, taken at its upper end.
const (
	DemoJitter             = 0.10 // ± fraction applied to every figure
	DemoGatewayHop         = 40 * time.Millisecond
	DemoDirectHeaders      = 120 * time.Millisecond
	DemoDirectFirstToken   = 300 * time.Millisecond // request → first token, direct
	DemoDirectTokensPerSec = 80
	DemoFastFirstToken     = 150 * time.Millisecond
	DemoFastTokensPerSec   = 200
	DemoReasoningMin       = 1500 * time.Millisecond
	DemoReasoningMax       = 2000 * time.Millisecond
	DemoReasoningTokensSec = 40
	DemoProvider           = "DemoCloud"
	// Demo price of the gateway route, USD per million tokens.
	DemoPriceInputPerM  = 0.40
	DemoPriceOutputPerM = 1.60
)

// DemoProfiles are the demo routes, by model name.
var DemoProfiles = []DemoProfile{
	{Model: "demo-gateway", HeaderDelay: DemoDirectHeaders + DemoGatewayHop,
		FirstTokenDelay: DemoDirectFirstToken - DemoDirectHeaders, TokensPerSecond: DemoDirectTokensPerSec,
		KeepAlives: 2, KeepAliveEvery: 80 * time.Millisecond, Provider: DemoProvider, ReportsCost: true},
	{Model: "demo-direct", HeaderDelay: DemoDirectHeaders,
		FirstTokenDelay: DemoDirectFirstToken - DemoDirectHeaders, TokensPerSecond: DemoDirectTokensPerSec},
	{Model: "demo-reasoning", HeaderDelay: 150 * time.Millisecond, FirstTokenDelay: 100 * time.Millisecond,
		TokensPerSecond: DemoReasoningTokensSec, ReasoningMin: DemoReasoningMin, ReasoningMax: DemoReasoningMax},
	{Model: "demo-fast", HeaderDelay: 100 * time.Millisecond, FirstTokenDelay: DemoFastFirstToken - 100*time.Millisecond,
		TokensPerSecond: DemoFastTokensPerSec, Sloppy: true},
}

// DemoModels lists the demo model names.
func DemoModels() []string {
	out := make([]string, len(DemoProfiles))
	for i, p := range DemoProfiles {
		out[i] = p.Model
	}
	return out
}

// DemoProfileFor returns the profile of a demo model.
func DemoProfileFor(model string) (DemoProfile, bool) {
	for _, p := range DemoProfiles {
		if p.Model == model {
			return p, true
		}
	}
	return DemoProfile{}, false
}

// Demo answers a request to a demo model with a simulated, realistic
// response: the same prompt always gets the same answer and timings.
//
// On OpenRouter's path it honours the routing preferences that choose who
// serves the answer (see demo_routing.go); the timings stay the profile's.
func Demo(req demo.Request) demo.Script { return demoNoted(req, "") }

// demoNoted is Demo with note added to the answer's opening disclaimer.
func demoNoted(req demo.Request, note string) demo.Script {
	model := demoServedModel(req)
	if model == "" {
		return demo.Script{} // key and generation-stats endpoints name no model
	}
	p, ok := DemoProfileFor(model)
	if !ok {
		return demo.Script{Status: 404, ErrorMessage: "unknown demo model; the demo models are " +
			strings.Join(DemoModels(), ", ")}
	}
	if p.Provider, ok = demoProvider(req, p.Provider); !ok {
		return demo.Script{Status: 404, ErrorMessage: demoNoProviderMessage}
	}
	// Seeded by the requested model so a fallback does not reshuffle timings.
	rng := rand.New(rand.NewPCG(seed(req.Model, req.Prompt), 0x726f757465706c61))
	jitter := func(d time.Duration) time.Duration {
		return time.Duration(float64(d) * (1 + DemoJitter*(2*rng.Float64()-1)))
	}
	interval := jitter(time.Duration(float64(time.Second) / p.TokensPerSecond))
	sc := demo.Script{
		HeaderDelay: jitter(p.HeaderDelay), FirstTokenDelay: jitter(p.FirstTokenDelay),
		TokenInterval: interval, KeepAlives: p.KeepAlives, KeepAliveEvery: p.KeepAliveEvery,
		ServedProvider: p.Provider,
		// The answer depends on the prompt only, so routes to one model
		// answer alike and differ only in how they deliver.
		Text: demoAnswerNoted(req.Prompt, note),
	}
	answerCase(req, &sc, p.Sloppy)
	if model != req.Model {
		sc.ServedModel = model // as OpenRouter reports the model that served
	}
	if p.ReasoningMax > 0 {
		span := p.ReasoningMin + time.Duration(rng.Float64()*float64(p.ReasoningMax-p.ReasoningMin))
		// Whole pieces must fit inside the span at the jittered rate.
		sc.Reasoning = demoReasoning(req.Prompt, max(1, int(span/interval)))
	}
	if p.ReportsCost {
		addGatewayStats(req, &sc, p)
	}
	return sc
}

// addGatewayStats reports usage, cost and generation stats as OpenRouter does.
func addGatewayStats(req demo.Request, sc *demo.Script, p DemoProfile) {
	u, pieces := demo.ReportedUsage(req, *sc)
	sc.Usage = u
	cost := (float64(u.Input)*DemoPriceInputPerM + float64(u.Output)*DemoPriceOutputPerM) / 1e6
	cost = math.Round(cost*1e9) / 1e9
	sc.Cost = &cost
	// As OpenRouter reports them: latency is the upstream's time to the first
	// token, generation time its whole answer; the gateway hop is in neither.
	latency := sc.HeaderDelay + sc.FirstTokenDelay - DemoGatewayHop
	generation := latency + time.Duration(max(0, pieces-1))*sc.TokenInterval
	sc.GenerationStats = &demo.GenerationStats{
		ProviderName: p.Provider, Model: p.Model, TotalCost: cost,
		LatencyMs:        float64(latency.Microseconds()) / 1000,
		GenerationTimeMs: float64(generation.Microseconds()) / 1000,
	}
}

// seed derives the jitter seed from the model and the prompt.
func seed(model, prompt string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(model))
	h.Write([]byte{0})
	h.Write([]byte(prompt))
	return h.Sum64()
}
