package compare

import (
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/demo/simulated"
)

func ms(v float64) time.Duration { return time.Duration(v * float64(time.Millisecond)) }

// run describes one scripted run; zero phases did not happen.
type run struct {
	dns, connect, tls, headers, first, last, total float64 // ms
	keepAlives                                     int
	tokens                                         int // deltas streamed, one token each
	servedBy, servedModel, genID                   string
	costUSD                                        *float64
	fail                                           backend.ErrorKind
}

// result folds a scripted run's events, in the order the engine sends them.
func result(rt backend.Route, r run) *backend.Result {
	res := backend.NewResult(rt)
	apply := func(ev backend.Event) { ev.Route = rt.Name; res.Apply(ev) }
	apply(backend.Event{Kind: backend.EventStarted})
	for _, p := range []struct {
		ph backend.Phase
		at float64
	}{{backend.PhaseDNS, r.dns}, {backend.PhaseConnect, r.connect}, {backend.PhaseTLS, r.tls}, {backend.PhaseFirstByte, r.headers}} {
		if p.at > 0 {
			apply(backend.Event{Kind: backend.EventPhase, Phase: p.ph, At: ms(p.at)})
		}
	}
	if r.fail != "" && r.headers == 0 {
		apply(backend.Event{Kind: backend.EventError, At: ms(r.total), Err: &backend.RouteError{Kind: r.fail, Message: "scripted"}})
		return res
	}
	apply(backend.Event{Kind: backend.EventHeaders, Status: 200, At: ms(r.headers)})
	for i := range r.keepAlives {
		apply(backend.Event{Kind: backend.EventKeepAlive, At: ms(r.headers + float64(i+1))})
	}
	if r.servedBy != "" || r.servedModel != "" || r.genID != "" {
		apply(backend.Event{Kind: backend.EventServed, At: ms(r.first),
			Served: &backend.Served{Provider: r.servedBy, Model: r.servedModel, GenerationID: r.genID}})
	}
	for i := range r.tokens {
		at := r.first + (r.last-r.first)*float64(i)/float64(max(1, r.tokens-1))
		apply(backend.Event{Kind: backend.EventText, Text: "tok ", At: ms(at)})
	}
	if r.fail != "" {
		apply(backend.Event{Kind: backend.EventError, At: ms(r.total), Err: &backend.RouteError{Kind: r.fail, Message: "scripted"}})
		return res
	}
	apply(backend.Event{Kind: backend.EventUsage, At: ms(r.last),
		Usage: &backend.Usage{InputTokens: 12, OutputTokens: r.tokens, CostUSD: r.costUSD}})
	apply(backend.Event{Kind: backend.EventDone, Finish: "stop", At: ms(r.total)})
	return res
}

// demoTurn is a turn of the four demo routes; drift shifts every time a
// little so turns differ, and failGemini makes the fast route fail.
func demoTurn(drift float64, failGemini bool) []*backend.Result {
	rts := simulated.DemoRoutes()
	cost := 0.0003252 * (1 + drift/1000)
	gem := run{headers: 103 + drift, first: 156 + drift, last: 1170, total: 1178, tokens: 203}
	if failGemini {
		gem = run{total: 30, fail: backend.ErrRateLimited}
	}
	return []*backend.Result{
		result(rts[0], run{headers: 164 + drift, first: 339 + 2*drift, last: 2880, total: 2886, keepAlives: 3,
			tokens: 203, servedBy: "DemoCloud", servedModel: "demo-gateway", genID: "gen-demo-1", costUSD: &cost}),
		result(rts[1], run{dns: 4, connect: 21, tls: 58, headers: 111 + drift, first: 274 + drift, last: 3000, total: 3004, tokens: 203}),
		result(rts[2], run{headers: 145, first: 254 - drift, last: 7340, total: 7343, tokens: 278}),
		result(rts[3], gem),
	}
}

func routeNames(rs []*backend.Result) string {
	var names []string
	for _, r := range rs {
		names = append(names, r.Route.Name)
	}
	return strings.Join(names, ",")
}

func splitLines(s string) []string { return strings.Split(s, "\n") }

func stripped(s string) string { return ansi.Strip(s) }
