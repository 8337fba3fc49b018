// Package verify runs a suite across routes and scores how faithfully each
// route returns the model's answers, against a baseline route: tool-call
// trigger precision, recall and F1, schema accuracy, exact answers and
// agreement, with success rate and speed alongside.
package verify

import (
	"context"
	"sync"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/suite"
)

// RunFunc sends one request to every route and returns their results in
// route order (engine.Engine.RunAll).
type RunFunc func(ctx context.Context, routes []backend.Route, req backend.Request) []*backend.Result

// Options of a verify run.
type Options struct {
	Runs        int // times each case is sent; below 1 means 1
	Concurrency int // cases in flight at once; below 1 means 1
	System      string
	// Progress, if set, is called after each case run ends (from several
	// goroutines, never at once).
	Progress func(done, total int)
}

// Sample is one run of one case on every route.
type Sample struct {
	Case    int // index into the suite
	Run     int
	Results []*backend.Result // in route order
}

// Run sends every case Runs times to all routes, Concurrency cases at a
// time, and returns the samples in case and run order. A cancelled context
// ends the run early: the samples not started or cut short are left out.
func Run(ctx context.Context, s *suite.Suite, routes []backend.Route, o Options, run RunFunc) []Sample {
	runs, workers := max(1, o.Runs), max(1, o.Concurrency)
	total := len(s.Cases) * runs
	samples := make([]Sample, total)
	jobs := make(chan int)
	var mu sync.Mutex
	done := 0
	var wg sync.WaitGroup
	for range min(workers, total) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				c := s.Cases[j/runs]
				results := run(ctx, CaseRoutes(c, routes), CaseRequest(c, o.System))
				if ctx.Err() != nil {
					continue // cut short by the interruption: not a failure of the route
				}
				samples[j] = Sample{Case: j / runs, Run: j % runs, Results: results}
				mu.Lock()
				done++
				if o.Progress != nil {
					o.Progress(done, total)
				}
				mu.Unlock()
			}
		}()
	}
	for j := range total {
		if ctx.Err() != nil {
			break
		}
		jobs <- j
	}
	close(jobs)
	wg.Wait()
	out := samples[:0]
	for _, sm := range samples {
		if sm.Results != nil {
			out = append(out, sm)
		}
	}
	return out
}

// CaseRoutes are the routes as a case asks them: its tools offered (and
// only its tools), its schema asked, the model free to choose. A route's
// fallback is dropped: verify judges the route itself, not its stand-in.
func CaseRoutes(c suite.Case, routes []backend.Route) []backend.Route {
	out := make([]backend.Route, len(routes))
	for i, rt := range routes {
		rt.Tools, rt.ToolChoice, rt.Schema = c.Tools, "", c.Schema
		rt.Fallback = nil
		out[i] = rt
	}
	return out
}

// CaseRequest is the conversation a case sends.
func CaseRequest(c suite.Case, system string) backend.Request {
	if c.System != "" {
		system = c.System
	}
	return backend.Request{System: system, Messages: []backend.Message{{Role: backend.RoleUser, Content: c.Prompt}}}
}
