package selftest

import (
	"context"
	"fmt"
	"io"
	"runtime"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/demo"
	"github.com/routeplay/routeplay/backend/engine"
)

// sectionAllocs streams recorded answers of each wire through the engine
// (transport response, SSE reader, decoder, sanitiser, queue, channel) and
// counts the allocations per chunk.
func sectionAllocs(ctx context.Context, sizes Sizes, out io.Writer) error {
	for _, w := range []struct {
		name string
		kind backend.Kind
		base string
	}{{"openai", backend.KindOpenAI, "/v1"}, {"anthropic", backend.KindAnthropic, ""}, {"gemini", backend.KindGemini, ""}} {
		tokens := make([]string, sizes.Chunks)
		for i := range tokens {
			tokens[i] = " tok"
		}
		e := engine.NewEngine(engine.EngineOptions{Transport: demo.Replay(demo.Script{Tokens: tokens})})
		rt, err := backend.NewRoute(w.kind, "m", "http://replay.invalid"+w.base, "")
		if err != nil {
			return err
		}
		rt.Name, rt.KeyName = w.name, ""
		if err := drainRoute(ctx, e, rt); err != nil { // record the body, warm the pools
			return err
		}
		const runs = 5
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for range runs {
			if err := drainRoute(ctx, e, rt); err != nil {
				return err
			}
		}
		runtime.ReadMemStats(&after)
		n := float64(runs * sizes.Chunks)
		fmt.Fprintf(out, "  %-9s %.2f allocations, %.0f bytes per chunk (the decoded text is one)\n",
			w.name, float64(after.Mallocs-before.Mallocs)/n, float64(after.TotalAlloc-before.TotalAlloc)/n)
	}
	return nil
}

// drainRoute runs rt to its end and fails unless it finished cleanly.
func drainRoute(ctx context.Context, e *engine.Engine, rt backend.Route) error {
	var last backend.Event
	req := backend.Request{Messages: []backend.Message{{Role: backend.RoleUser, Content: "hi"}}}
	for ev := range e.Stream(ctx, rt, req) {
		last = ev
	}
	if last.Kind != backend.EventDone {
		return fmt.Errorf("%s: stream ended with %v", rt.Name, last.Kind)
	}
	return nil
}
