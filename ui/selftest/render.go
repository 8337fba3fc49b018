package selftest

import (
	"context"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/ui"
)

// replay is a Streamer that plays the synthetic answer without a provider:
// n tokens per route, paced at rate tokens/s (0 = as fast as the playground
// takes them). It isolates the render path's cost from the engine's.
type replay struct {
	n, rate int
	wg      sync.WaitGroup
	streams atomic.Int32 // streams started so far
}

func (r *replay) Stream(ctx context.Context, rt backend.Route, _ backend.Request) <-chan backend.Event {
	ch := make(chan backend.Event, 64)
	r.wg.Add(1)
	r.streams.Add(1)
	go func() {
		defer r.wg.Done()
		defer close(ch)
		start := time.Now()
		send := func(ev backend.Event) bool {
			ev.Route = rt.Name
			select {
			case ch <- ev:
				return true
			case <-ctx.Done():
				return false
			}
		}
		if !send(backend.Event{Kind: backend.EventStarted}) {
			return
		}
		for i := range r.n {
			if r.rate > 0 && i%64 == 0 {
				time.Sleep(time.Until(start.Add(time.Duration(i) * time.Second / time.Duration(r.rate))))
			}
			if !send(backend.Event{Kind: backend.EventText, At: time.Since(start), Text: answerToken(i)}) {
				return
			}
		}
		at := time.Since(start)
		send(backend.Event{Kind: backend.EventUsage, At: at, Usage: &backend.Usage{InputTokens: 1, OutputTokens: r.n}})
		send(backend.Event{Kind: backend.EventDone, At: at, Finish: "stop"})
	}()
	return ch
}

// playReplay streams the replay into a fresh playground of the given size
// and returns the wall time and CPU (in core-seconds) from the prompt to the
// frame after the last event, and the playground (still running).
func playReplay(ctx context.Context, r *replay, panes, width, height int) (time.Duration, time.Duration, *playground, error) {
	pg := startPlayground(ctx, ui.Options{Engine: r, Routes: liveRoutes(panes)}, width, height, nil, nil)
	time.Sleep(50 * time.Millisecond)
	w := startCPU()
	pg.ask("selftest")
	for deadline := time.Now().Add(10 * time.Second); r.streams.Load() < int32(panes); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			return 0, 0, pg, fmt.Errorf("%d of %d streams started within 10 s", r.streams.Load(), panes)
		}
	}
	r.wg.Wait()
	time.Sleep(100 * time.Millisecond) // the closing bursts and a frame
	ph := w.phase()
	return ph.wall, time.Duration(ph.cores * float64(ph.wall)), pg, nil
}

// sectionLongAnswer streams a short and a long answer into one pane at the
// same rate and compares the render cost per token.
func sectionLongAnswer(ctx context.Context, sizes Sizes, out io.Writer) error {
	var perToken []float64
	for _, n := range sizes.LongTokens {
		wall, cpu, pg, err := playReplay(ctx, &replay{n: n, rate: sizes.LongRate}, 1, 120, 40)
		if stopErr := pg.stop(); err == nil {
			err = stopErr
		}
		if err != nil {
			return err
		}
		pt := float64(cpu.Nanoseconds()) / float64(n)
		perToken = append(perToken, pt)
		fmt.Fprintf(out, "  %7d tokens at %d tokens/s: %.2f s, render cost %.3f CPU-s (%.1f µs/token)\n",
			n, sizes.LongRate, wall.Seconds(), cpu.Seconds(), pt/1000)
	}
	if len(perToken) < 2 {
		return nil
	}
	growth := perToken[len(perToken)-1] / perToken[0]
	first, last := sizes.LongTokens[0], sizes.LongTokens[len(sizes.LongTokens)-1]
	fmt.Fprintf(out, "  growth %d → %d tokens: total cost ×%.1f for ×%.0f tokens (per-token ratio %.2f)   target linear (ratio ≤ 1.5)  %s\n",
		first, last, growth*float64(last)/float64(first), float64(last)/float64(first), growth, verdict(growth <= 1.5))
	return nil
}
