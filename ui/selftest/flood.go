package selftest

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/ui"
	"github.com/routeplay/routeplay/ui/selftest/floodload"
)

// Targets of the flood (issue 18): the playground shows the flood done
// within floodRatio of the engine alone, under floodPeakMB of resident
// memory, and the other pane keeps taking tokens meanwhile.
const (
	floodRatio  = 2.0
	floodPeakMB = 200
	floodGap    = time.Second
)

// floodFigures are what the flood run reports.
type floodFigures struct {
	ask, shown  time.Duration // engine alone; playground from enter to the pane showing done
	gap         time.Duration // longest wait between two tokens the playground took from the steady route
	askPeakKB   int64         // VmHWM after the engine-alone run (the fake provider included)
	peakKB      int64         // VmHWM at the end
	steadyTaken int           // tokens the playground took from the steady route before the flood was shown done
}

// steadyWatch hands the flood's events to the playground untouched and
// relays the steady route's one by one, noting when the playground takes
// each: the longest wait between two is how long that pane stood still.
type steadyWatch struct {
	eng     ui.Streamer
	mu      sync.Mutex
	last    time.Time
	worst   time.Duration
	taken   int
	stopped bool // the flood was shown done: later waits do not count
}

func (w *steadyWatch) Stream(ctx context.Context, rt backend.Route, req backend.Request) <-chan backend.Event {
	in := w.eng.Stream(ctx, rt, req)
	if rt.Name != "steady" {
		return in
	}
	out := make(chan backend.Event) // unbuffered: a send completes when the playground takes it
	go func() {
		defer close(out)
		for ev := range in {
			select {
			case out <- ev:
			case <-ctx.Done():
				return
			}
			if ev.Kind == backend.EventText {
				w.took(time.Now())
			}
		}
	}()
	return out
}

func (w *steadyWatch) took(now time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.stopped {
		return
	}
	if w.taken > 0 {
		w.worst = max(w.worst, now.Sub(w.last))
	}
	w.last, w.taken = now, w.taken+1
}

// stop ends the watch; the wait since the last token taken counts too.
func (w *steadyWatch) stop(now time.Time) (time.Duration, int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.stopped = true
	if w.taken > 0 {
		w.worst = max(w.worst, now.Sub(w.last))
	}
	return w.worst, w.taken
}

// floodShown is the flood pane's state as a frame shows it: "done" or
// "error" when its header row (the one naming "flood") says so before the
// steady pane's name, else "".
func floodShown(content string) string {
	for _, line := range strings.Split(content, "\n") {
		i := strings.Index(line, "flood")
		if i < 0 {
			continue
		}
		rest := line[i:]
		if j := strings.Index(rest, "steady"); j >= 0 {
			rest = rest[:j]
		}
		switch {
		case strings.Contains(rest, "✓ done"):
			return "done"
		case strings.Contains(rest, "✗ error"):
			return "error"
		}
	}
	return ""
}

// floodRun reads n chunks with the engine alone, then sends the same prompt
// through the playground (a real program, no terminal, 200×50) and waits for
// the flood's pane to show done.
func floodRun(ctx context.Context, n int) (floodFigures, error) {
	var f floodFigures
	eng := floodload.Engine(n, 6000)
	start := time.Now()
	var last backend.Event
	for ev := range eng.Stream(ctx, floodload.Routes()[0], backend.Request{Messages: []backend.Message{{Role: backend.RoleUser, Content: "go"}}}) {
		last = ev
	}
	f.ask = time.Since(start)
	if last.Kind != backend.EventDone {
		return f, fmt.Errorf("the engine alone did not finish the flood: %v", last.Err)
	}
	_, f.askPeakKB = procMemory()

	watch := &steadyWatch{eng: eng}
	type outcome struct {
		state string
		at    time.Time
	}
	shown := make(chan outcome, 1)
	pg := startPlayground(ctx, ui.Options{Routes: floodload.Routes(), Engine: watch}, 200, 50, nil, func(content string) {
		if state := floodShown(content); state != "" {
			select {
			case shown <- outcome{state, time.Now()}:
			default:
			}
		}
	})
	time.Sleep(50 * time.Millisecond)
	start = time.Now()
	pg.ask("x")
	limit := time.Duration(max(30, 10*f.ask.Seconds())) * time.Second
	select {
	case o := <-shown:
		if o.state != "done" {
			_ = pg.stop()
			return f, fmt.Errorf("the flood's pane shows an error")
		}
		f.shown = o.at.Sub(start)
		f.gap, f.steadyTaken = watch.stop(o.at)
	case <-time.After(limit):
		_ = pg.stop()
		return f, fmt.Errorf("the flood was not shown done within %s (engine alone: %s)", limit, f.ask.Round(time.Millisecond))
	}
	_, f.peakKB = procMemory()
	return f, pg.stop()
}

// sectionFlood runs the flood in a fresh process unless inProcess, so that
// its peak memory is its own.
func sectionFlood(ctx context.Context, sizes Sizes, inProcess bool, out io.Writer) error {
	var f floodFigures
	exe, err := os.Executable()
	where := "a fresh process"
	if inProcess || err != nil {
		where = "this process, after the earlier sections"
		f, err = floodRun(ctx, sizes.FloodChunks)
	} else {
		f, err = runFloodChild(ctx, exe, sizes.FloodChunks < BudgetSizes().FloodChunks)
	}
	if err != nil {
		return err
	}
	ratio := f.shown.Seconds() / f.ask.Seconds()
	peak := float64(f.peakKB) / 1024
	fmt.Fprintf(out, "  %d one-character chunks: engine alone %.2f s, shown done by the playground %.2f s (×%.2f)   target ≤ ×%.0f  %s\n",
		sizes.FloodChunks, f.ask.Seconds(), f.shown.Seconds(), ratio, floodRatio, verdict(ratio <= floodRatio))
	fmt.Fprintf(out, "  peak RSS (%s): %.1f MB, %.1f MB of it reached by the engine-alone run and its fake provider   target < %d MB  %s\n",
		where, peak, float64(f.askPeakKB)/1024, floodPeakMB, verdict(peak < floodPeakMB))
	// A flood shown done sooner than the steady route's next token is no
	// sign of a stall.
	live := f.gap < floodGap && (f.steadyTaken > 1 || f.shown < 100*time.Millisecond)
	fmt.Fprintf(out, "  the other pane meanwhile: %d tokens taken, longest wait %.0f ms   target live (wait < %.0f ms)  %s\n",
		f.steadyTaken, figure.MsOf(f.gap), figure.MsOf(floodGap), verdict(live))
	return nil
}

// runFloodChild runs the flood in a fresh routeplay process and reads its figures.
func runFloodChild(ctx context.Context, exe string, quick bool) (floodFigures, error) {
	kv, err := childFigures(ctx, exe, "flood", quick)
	if err != nil {
		return floodFigures{}, err
	}
	return floodFigures{ask: time.Duration(kv["ask"]), shown: time.Duration(kv["shown"]), gap: time.Duration(kv["gap"]),
		askPeakKB: kv["ask-peak-kb"], peakKB: kv["peak-kb"], steadyTaken: int(kv["steady-taken"])}, nil
}

// printFlood is the child's side: the figures for the parent to read.
func printFlood(out io.Writer, f floodFigures) {
	fmt.Fprintf(out, "ask %d\nshown %d\ngap %d\nask-peak-kb %d\npeak-kb %d\nsteady-taken %d\n",
		f.ask, f.shown, f.gap, f.askPeakKB, f.peakKB, f.steadyTaken)
}
