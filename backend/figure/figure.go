// Package figure turns measured figures into text. Every screen, the CLI,
// exports and history print through it, so one run reads the same wherever
// it is shown: one rounding rule (half away from zero, at the precision
// shown), one zero rule (a value that rounds to zero has no sign), one cost
// precision (aligned decimals), and a "~" on every estimate.
package figure

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Minus is the sign of a negative figure. ASCII, so that the text can be
// searched and pasted anywhere.
const Minus = "-"

// EstimateMark prefixes every figure that was estimated rather than measured
// or reported by the provider.
const EstimateMark = "~"

// round rounds half away from zero to the given number of decimals.
func round(v float64, decimals int) float64 {
	p := math.Pow10(decimals)
	return math.Round(v*p) / p
}

// Ms writes a duration given in milliseconds with the precision its size
// deserves: 9.5ms, 412ms, 2.89s, 12.3s, 1m02s, 1h05m.
func Ms(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "n/a"
	}
	if v < 0 {
		return signed(v, Ms, true)
	}
	if r := round(v, 1); r < 10 {
		return zeroless(strconv.FormatFloat(r, 'f', 1, 64)) + "ms"
	}
	if r := round(v, 0); r < 1000 {
		return strconv.FormatFloat(r, 'f', 0, 64) + "ms"
	}
	if s := round(v/1000, 2); s < 10 {
		return strconv.FormatFloat(s, 'f', 2, 64) + "s"
	}
	if s := round(v/1000, 1); s < 60 {
		return strconv.FormatFloat(s, 'f', 1, 64) + "s"
	}
	secs := int64(round(v/1000, 0))
	if secs < 3600 {
		return fmt.Sprintf("%dm%02ds", secs/60, secs%60)
	}
	mins := int64(round(v/60000, 0))
	return fmt.Sprintf("%dh%02dm", mins/60, mins%60)
}

// zeroless writes an exact zero as "0", not "0.0" or "0.00".
func zeroless(s string) string {
	if strings.TrimRight(s, "0") == "0." {
		return "0"
	}
	return s
}

// Duration writes d as Ms does.
func Duration(d time.Duration) string { return Ms(MsOf(d)) }

// MsOf is d in milliseconds.
func MsOf(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

// DurationPtr writes d, or "–" when it was never measured.
func DurationPtr(d *time.Duration) string {
	if d == nil {
		return None
	}
	return Duration(*d)
}

// MsPtr writes a stored figure in milliseconds, or "–" when there is none.
func MsPtr(v *float64) string {
	if v == nil {
		return None
	}
	return Ms(*v)
}

// None stands for a figure that does not exist (never measured, no data).
const None = "–"

// SignedMs writes a difference in milliseconds with its sign: +64ms, -118ms,
// and 0ms (no sign) when it rounds to nothing.
func SignedMs(v float64) string { return signed(v, Ms, false) }

// USD writes an amount of dollars with six decimals below $100, so amounts
// line up in a column ($0.000112, $0.012000), and cents above. A positive
// amount too small to show reads "<$0.000001", never "$0.000000".
func USD(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "n/a"
	}
	if v < 0 {
		return signed(v, USD, true)
	}
	if v > 0 && round(v, 6) == 0 {
		return "<$0.000001"
	}
	return usdFixed(v)
}

// usdFixed writes dollars with the column's six decimals.
func usdFixed(v float64) string {
	if v >= 100 {
		return "$" + strconv.FormatFloat(round(v, 2), 'f', 2, 64)
	}
	return "$" + strconv.FormatFloat(round(v, 6), 'f', 6, 64)
}

// SignedUSD writes a difference in dollars: +$0.000120, -$0.000031, and
// $0.000000 (no sign) when it rounds to nothing.
func SignedUSD(v float64) string { return signed(v, usdFixed, false) }

// Dollars writes an account's money to the cent: $1.25, $10.00. Run costs
// are USD: they need the sub-cent decimals.
func Dollars(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "n/a"
	}
	return signed(v, func(x float64) string { return "$" + strconv.FormatFloat(round(x, 2), 'f', 2, 64) }, true)
}

// Credit writes what a key has spent of its limit: "$1.25 used of $10.00",
// "$1.25 used, no limit", or "" when the provider does not say.
func Credit(usage, limit *float64) string {
	switch {
	case usage == nil:
		return ""
	case limit == nil:
		return Dollars(*usage) + " used, no limit"
	}
	return Dollars(*usage) + " used of " + Dollars(*limit)
}

// Cost writes a cost, marked "~" when it is an estimate.
func Cost(usd float64, estimated bool) string { return Estimate(USD(usd), estimated) }

// Estimate prefixes s with the estimate mark when estimated is true.
func Estimate(s string, estimated bool) string {
	if estimated {
		return EstimateMark + s
	}
	return s
}

// Tokens writes a token count compactly: 950, 9999, 12.3k, 1.2M.
func Tokens(n int) string {
	if n < 0 {
		return Minus + Tokens(-n)
	}
	switch {
	case n < 10_000:
		return strconv.Itoa(n)
	case n < 999_950:
		return strconv.FormatFloat(round(float64(n)/1000, 1), 'f', 1, 64) + "k"
	}
	return strconv.FormatFloat(round(float64(n)/1e6, 1), 'f', 1, 64) + "M"
}

// TokensPerSecond writes a rate: 8.5 tok/s, 53 tok/s, 1.2k tok/s; "~" when
// it is an estimate (mid-stream, or from estimated token counts).
func TokensPerSecond(v float64, estimated bool) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "n/a"
	}
	return PerSecond(v, estimated) + " tok/s"
}

// PerSecond writes a rate as TokensPerSecond does, without the unit, for a
// column whose header names it: 8.5, 53, 1.2k, ~53.
func PerSecond(v float64, estimated bool) string {
	var s string
	switch r := round(v, 1); {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return "n/a"
	case r < 10:
		s = zeroless(strconv.FormatFloat(r, 'f', 1, 64))
	case round(v, 0) < 1000:
		s = strconv.FormatFloat(round(v, 0), 'f', 0, 64)
	default:
		s = strconv.FormatFloat(round(v/1000, 1), 'f', 1, 64) + "k"
	}
	return Estimate(s, estimated)
}

// SignedPerSecond writes a difference of rates as PerSecond does, with
// its sign: +12, -3.5, 0.
func SignedPerSecond(v float64) string {
	return signed(v, func(x float64) string { return PerSecond(x, false) }, false)
}

// Percent writes a share given in percent (0..100): 0%, 7%, 99.5%.
// Near the ends of the scale (below 10, between 90 and 100) one decimal is
// kept, so one failure in 200 runs does not read as 100%.
func Percent(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "n/a"
	}
	if v < 0 {
		return signed(v, Percent, true)
	}
	r := round(v, 1)
	if r == round(r, 0) {
		return strconv.FormatFloat(r, 'f', 0, 64) + "%"
	}
	if r < 10 || (r > 90 && r < 100) {
		return strconv.FormatFloat(r, 'f', 1, 64) + "%"
	}
	return strconv.FormatFloat(round(v, 0), 'f', 0, 64) + "%"
}

// SignedPercent writes a relative difference: +262%, -12%, 0%.
func SignedPercent(v float64) string { return signed(v, Percent, false) }

// SignedPoints writes a difference of two percentages in points: +100 pts.
func SignedPoints(v float64) string {
	return signed(v, func(x float64) string {
		return strconv.FormatFloat(round(x, 1), 'f', -1, 64) + " pts"
	}, false)
}

// Ratio writes how many times larger one figure is: 1.21×.
func Ratio(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return "n/a"
	}
	return strconv.FormatFloat(round(v, 2), 'f', 2, 64) + "×"
}

// signed writes v with format and a sign, and no sign when format shows a
// zero. onlyMinus leaves positive values unsigned (for plain figures that
// happen to be negative).
func signed(v float64, format func(float64) string, onlyMinus bool) string {
	abs := math.Abs(v)
	s := format(abs)
	if isZero(s) {
		return s
	}
	if v < 0 {
		return Minus + s
	}
	if onlyMinus {
		return s
	}
	return "+" + s
}

// isZero reports whether a formatted figure shows nothing but zeros.
func isZero(s string) bool {
	digits := false
	for _, r := range s {
		switch {
		case r >= '1' && r <= '9':
			return false
		case r == '0':
			digits = true
		case r == '<':
			return false
		}
	}
	return digits
}

// Count writes a count with its noun, regular plural: 1 turn, 3 turns,
// 0 turns.
func Count(n int, noun string) string { return CountOf(n, noun, noun+"s") }

// CountOf writes a count with the right one of two nouns: 1 entry, 2 entries.
func CountOf(n int, one, many string) string {
	return strconv.Itoa(n) + " " + nounFor(int64(n), one, many)
}

// nounFor picks the singular for one (or minus one), else the plural.
func nounFor(n int64, one, many string) string {
	if n == 1 || n == -1 {
		return one
	}
	return many
}
