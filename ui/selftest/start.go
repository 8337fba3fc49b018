package selftest

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/routeplay/routeplay/backend/demo/simulated"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/ui"
)

// Targets of section 4 (issue 18): the first frame from exec, and the
// resident memory holding 8 panes × 50,000 tokens (about 2 MB of text).
const (
	firstFrameTarget = 50 * time.Millisecond
	memoryTargetMB   = 50
)

// startFigures are what a fresh process reports about its start and memory.
type startFigures struct {
	firstView   time.Time     // wall clock of the first View
	newToView   time.Duration // from ui.New to the first View
	rssKB       int64         // VmRSS after the memory run
	peakKB      int64         // VmHWM: the most resident memory the process ever had
	heapInUseKB int64
}

// sectionStartAndMemory measures the first frame and the memory with many
// long answers, in a fresh process unless inProcess (or this executable
// cannot be re-run as routeplay).
func sectionStartAndMemory(ctx context.Context, sizes Sizes, inProcess bool, out io.Writer) error {
	exe, err := os.Executable()
	if inProcess || err != nil {
		return startInProcess(ctx, sizes, out)
	}
	quick := sizes.MemTokens < BudgetSizes().MemTokens
	launched := time.Now()
	ff, err := runChild(ctx, exe, "first-frame", quick)
	if err != nil {
		return err
	}
	fromExec := ff.firstView.Sub(launched)
	fmt.Fprintf(out, "  first frame: %.1f ms from exec (%.1f ms from ui.New)   target ≤ %.0f ms  %s\n",
		figure.MsOf(fromExec), figure.MsOf(ff.newToView), figure.MsOf(firstFrameTarget), verdict(fromExec <= firstFrameTarget))
	mem, err := runChild(ctx, exe, "memory", quick)
	if err != nil {
		return err
	}
	printMemory(out, sizes, mem, "a fresh process")
	return nil
}

func startInProcess(ctx context.Context, sizes Sizes, out io.Writer) error {
	ff, err := firstFrame(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "  first frame: %.1f ms from ui.New (in this process)   target ≤ %.0f ms  %s\n",
		figure.MsOf(ff.newToView), figure.MsOf(firstFrameTarget), verdict(ff.newToView <= firstFrameTarget))
	mem, err := memoryRun(ctx, sizes)
	if err != nil {
		return err
	}
	printMemory(out, sizes, mem, "this process, after the earlier sections")
	return nil
}

func printMemory(out io.Writer, sizes Sizes, f startFigures, where string) {
	mb := float64(f.peakKB) / 1024
	fmt.Fprintf(out, "  memory with %d panes × %d tokens (%s): peak RSS %.1f MB, RSS at the end %.1f MB, Go heap in use %.1f MB   target ≤ %d MB  %s\n",
		sizes.MemPanes, sizes.MemTokens, where, mb, float64(f.rssKB)/1024, float64(f.heapInUseKB)/1024, memoryTargetMB, verdict(mb <= memoryTargetMB))
}

// runChild runs one section in a fresh routeplay process and reads its figures.
func runChild(ctx context.Context, exe, section string, quick bool) (startFigures, error) {
	kv, err := childFigures(ctx, exe, section, quick)
	if err != nil {
		return startFigures{}, err
	}
	return startFigures{firstView: time.Unix(0, kv["first-view"]), newToView: time.Duration(kv["new-to-view"]),
		rssKB: kv["rss-kb"], peakKB: kv["peak-kb"], heapInUseKB: kv["heap-kb"]}, nil
}

// childFigures runs `selftest --child section` and reads the "name number"
// lines it prints.
func childFigures(ctx context.Context, exe, section string, quick bool) (map[string]int64, error) {
	args := []string{"selftest", "--child", section}
	if quick {
		args = append(args, "--quick")
	}
	cmd := exec.CommandContext(ctx, exe, args...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	outb, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("%s child: %w: %s", section, err, strings.TrimSpace(stderr.String()))
	}
	return parseFigures(outb)
}

// RunChild is the fresh process's side of sections 4 and 6: run one mode
// (first-frame, memory or flood), print its figures for the parent to read.
func RunChild(ctx context.Context, section string, sizes Sizes, out io.Writer) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if sizes.isZero() {
		sizes = BudgetSizes()
	}
	var f startFigures
	var err error
	switch section {
	case "first-frame":
		f, err = firstFrame(ctx)
	case "memory":
		f, err = memoryRun(ctx, sizes)
	case "flood":
		ff, err := floodRun(ctx, sizes.FloodChunks)
		if err != nil {
			return err
		}
		printFlood(out, ff)
		return nil
	default:
		return usageError("unknown selftest section %q", section)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "first-view %d\nnew-to-view %d\nrss-kb %d\npeak-kb %d\nheap-kb %d\n",
		f.firstView.UnixNano(), f.newToView, f.rssKB, f.peakKB, f.heapInUseKB)
	return nil
}

func parseFigures(b []byte) (map[string]int64, error) {
	kv := map[string]int64{}
	sc := bufio.NewScanner(bytes.NewReader(b))
	for sc.Scan() {
		key, val, _ := strings.Cut(sc.Text(), " ")
		n, err := strconv.ParseInt(val, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("child printed %q", sc.Text())
		}
		kv[key] = n
	}
	return kv, sc.Err()
}

// firstFrame opens the playground on the demo routes, as a first run with
// no keys does, and waits for its first View.
func firstFrame(ctx context.Context) (startFigures, error) {
	begin := time.Now()
	pg := startPlayground(ctx, ui.Options{Routes: simulated.DemoRoutes(), Demo: true}, 120, 40, nil, nil)
	deadline := time.Now().Add(5 * time.Second)
	for pg.counters.firstView.Load() == 0 && time.Now().Before(deadline) {
		time.Sleep(100 * time.Microsecond)
	}
	first := pg.counters.firstView.Load()
	if err := pg.stop(); err != nil {
		return startFigures{}, err
	}
	if first == 0 {
		return startFigures{}, fmt.Errorf("no frame within 5 s")
	}
	view := time.Unix(0, first)
	return startFigures{firstView: view, newToView: view.Sub(begin)}, nil
}

// memoryRun streams sizes.MemTokens tokens into each of sizes.MemPanes panes
// as fast as the playground takes them, then reads the process's memory.
func memoryRun(ctx context.Context, sizes Sizes) (startFigures, error) {
	_, _, pg, err := playReplay(ctx, &replay{n: sizes.MemTokens}, sizes.MemPanes, 200, 50)
	if err != nil {
		_ = pg.stop() // the failure to start is the error worth reporting
		return startFigures{}, err
	}
	var f startFigures
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms) // while the playground holds every answer
	f.heapInUseKB = int64(ms.HeapInuse / 1024)
	f.rssKB, f.peakKB = procMemory()
	return f, pg.stop()
}

// procMemory reads VmRSS and VmHWM (kB) from /proc/self/status.
func procMemory() (rss, peak int64) {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		key, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		n, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(val), " kB"), 10, 64)
		switch key {
		case "VmRSS":
			rss = n
		case "VmHWM":
			peak = n
		}
	}
	return rss, peak
}
