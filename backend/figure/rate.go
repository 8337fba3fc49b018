package figure

import (
	"math"
	"strconv"
)

// Rate writes a rate of something other than tokens: 0.42 req/s,
// 3.2 req/s, 18 req/s. Small rates keep two decimals so a slow route does
// not read as zero.
func Rate(v float64, unit string) string {
	switch r := round(v, 1); {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return "n/a"
	case v < 0 && round(-v, 2) > 0: // a tiny negative reads "0", never "-0"
		return Minus + Rate(-v, unit)
	case v < 0:
		return Rate(0, unit)
	case round(v, 2) < 1:
		return zeroless(strconv.FormatFloat(round(v, 2), 'f', 2, 64)) + " " + unit + "/s"
	case r < 10:
		return strconv.FormatFloat(r, 'f', 1, 64) + " " + unit + "/s"
	default:
		return strconv.FormatFloat(round(v, 0), 'f', 0, 64) + " " + unit + "/s"
	}
}
