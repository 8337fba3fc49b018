package benchcmd

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/routeplay/routeplay/backend/bench"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/ui/cli/cmdenv"
	"github.com/spf13/cobra"
)

// loadFlags put a bench under load.
type loadFlags struct {
	concurrency string // one level, or a comma-separated sweep
	rate        float64
	duration    time.Duration
	seed        uint64
	allowCache  bool
}

func (lf *loadFlags) add(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringVar(&lf.concurrency, "concurrency", "1", "requests in flight per route (closed loop; above 1 a provider may answer 429 rate limits); a list such as 1,2,4,8 sweeps")
	fl.Float64Var(&lf.rate, "rate", 0, "requests per second per route, arriving at random (open loop, Poisson)")
	fl.DurationVar(&lf.duration, "duration", 0, "measure each route under load for this long instead of --runs")
	fl.Uint64Var(&lf.seed, "seed", 1, "seed of the --rate arrival times")
	fl.BoolVar(&lf.allowCache, "allow-cache", false, "send the same prompt every run, so providers may serve it from cache")
}

// levels parses --concurrency and checks the load flags against each
// other and against --runs.
func (lf *loadFlags) levels(cmd *cobra.Command) ([]int, error) {
	var out []int
	for _, part := range strings.Split(lf.concurrency, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(part))
		if err != nil || n < 1 || n > 1024 {
			return nil, cmdenv.UsageError("--concurrency takes whole numbers from 1 to 1024, such as 4 or 1,2,4,8")
		}
		out = append(out, n)
	}
	fl := cmd.Flags()
	switch {
	case lf.rate < 0 || lf.rate > 10000:
		return nil, cmdenv.UsageError("--rate must be between 0 and 10000 requests per second")
	case lf.rate > 0 && fl.Changed("concurrency"):
		return nil, cmdenv.UsageError("--rate and --concurrency are two kinds of load: give one")
	case lf.duration < 0:
		return nil, cmdenv.UsageError("--duration must not be negative")
	case lf.duration > 0 && fl.Changed("runs"):
		return nil, cmdenv.UsageError("--duration and --runs both say how long to measure: give one")
	}
	return out, nil
}

// load is the engine's load for one concurrency level.
func (lf *loadFlags) load(level int) bench.Load {
	return bench.Load{Concurrency: level, Rate: lf.rate, Duration: lf.duration, Seed: lf.seed}
}

// workloadLines state the workload of a finished bench: what each request
// asked and received, the load, the connections, the cache and the date.
func workloadLines(res *bench.Result, s *cmdenv.Session) []string {
	w, rep := res.Workload, res.WorkloadReport()
	ask := fmt.Sprintf("input ~%s per request (estimated", figure.Count(w.InputTokens, "token"))
	if w.CacheBusting {
		ask += ", nonce included"
	}
	ask += "), max output: " + maxTokensText(w)
	if rep.OutputTokensReceived != nil {
		ask += ", received p50 " + figure.Count(*rep.OutputTokensReceived, "token")
	}
	return []string{ask, loadText(res), connText(w, s), cacheText(w), "date " + w.Started.Format("2006-01-02 15:04 MST")}
}

func maxTokensText(w bench.Workload) string {
	switch {
	case w.MixedMaxTokens:
		return "differs by route"
	case w.MaxOutputTokens == nil:
		return "the provider's default"
	}
	return figure.Count(*w.MaxOutputTokens, "token")
}

func loadText(res *bench.Result) string {
	w := res.Workload
	how := fmt.Sprintf("%s per route", figure.Count(res.Runs, "measured run"))
	if w.Load.Duration > 0 {
		how = "for " + figure.Duration(w.Load.Duration) + " per route"
	}
	how += " after " + figure.Count(w.Warmup, "warmup round")
	switch {
	case !w.Load.Active():
		return "one request at a time, " + how + ", route order rotating each round"
	case w.Load.Rate > 0:
		return fmt.Sprintf("open loop: random (Poisson) arrivals, %s per route, seed %d, %s; routes take turns, order rotating",
			figure.Rate(w.Load.Rate, "req"), w.Load.Seed, how)
	}
	return fmt.Sprintf("closed loop: %s in flight per route, %s; routes take turns, order rotating",
		figure.Count(max(1, w.Load.Concurrency), "request"), how)
}

func connText(w bench.Workload, s *cmdenv.Session) string {
	switch {
	case s.Demo:
		return "simulated in-process routes (no network)"
	case w.Cold:
		return "cold connections (a fresh DNS lookup, TCP connect and TLS handshake per run)"
	case w.Warm():
		return "warm connections (reused between runs; the warmup opened them)"
	}
	return "connections reused between runs; no warmup, so the first runs opened them"
}

func cacheText(w bench.Workload) string {
	if w.CacheBusting {
		return "cache-busted: " + bench.NonceMethod + "; --allow-cache measures cached prompts"
	}
	return "prompt caches allowed (--allow-cache): the same prompt every run"
}

// plannedTime is how long a bench measured by time should take: every
// route's turns one after another. Zero for a bench measured by runs.
func plannedTime(bf *benchFlags, routes int) time.Duration {
	return bf.load.duration * time.Duration(routes)
}

// timeFraction is the share of a bench measured by time gone so far, short
// of 1 until the bench reports its end.
func (b *benchProgress) timeFraction() float64 {
	if b.planned <= 0 {
		return 0
	}
	return min(0.99, float64(time.Since(b.started))/float64(b.planned))
}
