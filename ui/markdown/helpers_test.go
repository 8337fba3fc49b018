package markdown

import (
	"strconv"
	"strings"
	"unsafe"

	"github.com/charmbracelet/x/ansi"
)

func itoa(i int) string     { return strconv.Itoa(i) }
func quote(s string) string { return strconv.Quote(s) }

func stripAll(s string) string {
	lines := strings.Split(ansi.Strip(s), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

// unsafeSame reports whether two strings share their bytes, i.e. one was
// returned from a cache rather than built again.
func unsafeSame(a, b string) bool {
	return len(a) == len(b) && (len(a) == 0 || unsafe.StringData(a) == unsafe.StringData(b))
}
