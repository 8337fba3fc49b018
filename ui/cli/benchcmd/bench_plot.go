package benchcmd

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// plotWidth is the longest bar of a sweep plot, in columns.
const plotWidth = 30

// eighths draw a bar's last partial column.
var eighths = []string{"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"}

// bar is a horizontal bar of v on a scale where top fills width columns.
func bar(v, top float64, width int) string {
	if top <= 0 || v <= 0 {
		return ""
	}
	n := int(v/top*float64(width*8) + 0.5)
	n = min(n, width*8)
	return strings.Repeat("█", n/8) + eighths[n%8]
}

// sweepPlot draws one figure per route and level as bars on one scale, so
// routes and levels compare at a glance. value returns the figure, its
// text and whether it exists.
func sweepPlot(title string, names []string, points [][]sweepPoint, value func(sweepPoint) (float64, string, bool)) string {
	top := 0.0
	for _, ps := range points {
		for _, p := range ps {
			if v, _, ok := value(p); ok {
				top = max(top, v)
			}
		}
	}
	nameW := 0
	for _, n := range names {
		nameW = max(nameW, utf8.RuneCountInString(plotName(n)))
	}
	var b strings.Builder
	b.WriteString(title + ", by requests in flight\n")
	for i, ps := range points {
		for j, p := range ps {
			label := ""
			if j == 0 {
				label = plotName(names[i])
			}
			text := "–"
			v, t, ok := value(p)
			if ok {
				text = t
			}
			bs := bar(v, top, plotWidth)
			pad := plotWidth - utf8.RuneCountInString(bs)
			fmt.Fprintf(&b, "  %-*s %4d │%s%s %s\n", nameW, label, p.level, bs, strings.Repeat(" ", pad), text)
		}
	}
	return b.String()
}

// plotName keeps a route's name short enough for the plot's line.
func plotName(name string) string {
	const most = 24
	if utf8.RuneCountInString(name) <= most {
		return name
	}
	r := []rune(name)
	return string(r[:most-1]) + "…"
}
