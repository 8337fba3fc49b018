package markdown

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
)

func itoa(i int) string    { return strconv.Itoa(i) }
func quote(s string) string { return strconv.Quote(s) }

func stripAll(s string) string {
	lines := strings.Split(ansi.Strip(s), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}
