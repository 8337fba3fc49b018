package verdict

import (
	"fmt"
	"math"
	"strings"

	"github.com/routeplay/routeplay/backend/figure"
)

// Interval writes a 95% interval of milliseconds as "[+41, +98]": the unit
// is dropped when both ends are in milliseconds, so it reads after a figure
// that already names it ("+64ms [+41, +98]").
func Interval(ci [2]float64) string {
	lo, hi, _ := intervalEnds(ci)
	return "[" + lo + ", " + hi + "]"
}

// intervalEnds writes both ends with their signs, and returns the unit
// apart when both share "ms".
func intervalEnds(ci [2]float64) (lo, hi, unit string) {
	lo, hi = intervalEnd(ci[0]), intervalEnd(ci[1])
	if strings.HasSuffix(lo, "ms") && strings.HasSuffix(hi, "ms") {
		return strings.TrimSuffix(lo, "ms"), strings.TrimSuffix(hi, "ms"), "ms"
	}
	return lo, hi, ""
}

// intervalEnd writes one end of an interval. An end that is not zero but
// would round to "0" gets two decimals: an interval that excludes zero must
// not read as if it reached it ("[-0.5, -0.04]", not "[-0.5, 0]").
func intervalEnd(v float64) string {
	if v != 0 && math.Abs(v) < 0.05 {
		return fmt.Sprintf("%+.2fms", v)
	}
	return figure.SignedMs(v)
}

// MsText writes a difference of medians in milliseconds with its interval:
// "+64ms [+41, +98]"; only the difference when there were too few runs for
// an interval; "n/a" when a side has no run at all.
func (d Difference) MsText() string {
	if d.NA == 0 || d.NB == 0 {
		return figure.None
	}
	if !d.Enough {
		return figure.SignedMs(d.DeltaP50)
	}
	return figure.SignedMs(d.DeltaP50) + " " + Interval(d.CI95)
}

// Words is the verdict on a difference of times between routes a and b, in
// words: "b faster to first token", "no measurable difference (95% interval
// -8 to +11 ms)", or why there is no verdict yet. what names the figure
// ("first token"); howMore says how to get more runs ("bench --runs 10"),
// and is left out when empty.
func (d Difference) Words(a, b, what, howMore string) string {
	switch {
	case d.NA == 0 && d.NB == 0:
		return "no verdict: neither route has a successful run"
	case d.NA == 0:
		return "no verdict: " + a + " has no successful run"
	case d.NB == 0:
		return "no verdict: " + b + " has no successful run"
	}
	switch d.Outcome() {
	case AFaster:
		return a + " faster to " + what
	case BFaster:
		return b + " faster to " + what
	case NoDifference:
		lo, hi, unit := intervalEnds(d.CI95)
		if unit != "" {
			unit = " " + unit
		}
		return fmt.Sprintf("no measurable difference (95%% interval %s to %s%s)", lo, hi, unit)
	}
	return d.notEnough(howMore)
}

// notEnough says why there is no verdict: one run of each decides nothing,
// and fewer than MinRuns give no interval worth reading.
func (d Difference) notEnough(howMore string) string {
	hint := ""
	if howMore != "" {
		hint = ": " + howMore
	}
	if d.NA <= 1 && d.NB <= 1 {
		return fmt.Sprintf("one run decides nothing (a verdict needs %d each%s)", MinRuns, hint)
	}
	return fmt.Sprintf("not enough runs (%d and %d; a verdict needs %d each%s)", d.NA, d.NB, MinRuns, hint)
}

// RatioText writes hyperfine's "1.21 ± 0.05 ×".
func RatioText(ratio, sd float64) string {
	return strings.TrimSuffix(figure.Ratio(ratio), "×") + " ± " + strings.TrimSuffix(figure.Ratio(sd), "×") + " ×"
}
