package figure

import "strconv"

// Grouped writes a whole number with thousands separated by commas, for
// volumes a reader must take in at a glance: 1,000,000.
func Grouped(n int64) string {
	s := strconv.FormatInt(n, 10)
	sign := ""
	if n < 0 {
		sign, s = Minus, s[1:]
	}
	out := make([]byte, 0, len(s)+len(s)/3)
	for i := range len(s) {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, s[i])
	}
	return sign + string(out)
}

// GroupedCount writes a count with its noun, the number grouped:
// 1 request, 100,000 requests.
func GroupedCount(n int64, noun string) string {
	return Grouped(n) + " " + nounFor(n, noun, noun+"s")
}
