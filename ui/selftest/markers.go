package selftest

import (
	"fmt"
	"runtime"
	"time"
	"unsafe"

	"github.com/routeplay/routeplay/ui/cells"
)

// The live run's answers carry markers so that what is on screen can be
// told apart from what was merely taken: route r's script has the plain word
// "r<r>m<k>" (k zero-padded to markerDigits) as its token markerEvery·k +
// markerOffset. At 5,000 tokens/s a marker arrives every 2 ms, the
// resolution of the display lag.
const (
	markerEvery  = 10
	markerOffset = 5
	markerDigits = 4 // at least; more when a run has more markers
)

// markerToken is token i of route's answer: answerToken's text with every
// markerEvery-th plain word (or bold word) replaced by the marker word.
func markerToken(route, i int) string {
	tok := answerToken(i)
	if i%markerEvery != markerOffset || (tok != " tok" && tok != " **bold**") {
		return tok
	}
	word := fmt.Sprintf("r%dm%0*d", route, markerDigits, i/markerEvery)
	if tok == " tok" {
		return " " + word
	}
	return " **" + word + "**"
}

// scanMarkers calls found for each marker word in s, skipping escape
// sequences (a word split by styling is still one word). A word is ended by
// anything but a letter or digit, so a marker broken by wrapping or cut by
// truncation is never read as a larger one.
func scanMarkers(s string, found func(route, k int)) {
	var word [24]byte
	n := 0 // bytes of the current word; > len(word) when too long to be a marker
	end := func() {
		if n > 0 && n <= len(word) {
			if r, k, ok := parseMarker(word[:n]); ok {
				found(r, k)
			}
		}
		n = 0
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == 0x1b:
			i += cells.EscapeLen(s[i:]) - 1
		case c >= '0' && c <= '9', c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z':
			if n < len(word) {
				word[n] = c
			}
			n++
		default:
			end()
		}
	}
	end()
}

// parseMarker reads "r<route>m<k>" with k of at least markerDigits digits.
func parseMarker(w []byte) (route, k int, ok bool) {
	if len(w) < 3+markerDigits || w[0] != 'r' {
		return 0, 0, false
	}
	i := 1
	route, i = digits(w, i)
	if i == 1 || i >= len(w) || w[i] != 'm' {
		return 0, 0, false
	}
	start := i + 1
	k, i = digits(w, start)
	if i != len(w) || i-start < markerDigits {
		return 0, 0, false
	}
	return route, k, true
}

func digits(w []byte, i int) (int, int) {
	v := 0
	for ; i < len(w) && w[i] >= '0' && w[i] <= '9'; i++ {
		v = v*10 + int(w[i]-'0')
	}
	return v, i
}

// screenWatch follows the painted screen: the latest View content that
// differs from the one before. Bubble Tea's renderer writes that content on
// its next tick (60 fps: within 16.7 ms); the lag is taken at the View.
type screenWatch struct {
	data   *byte // the last content's string header, to tell a new frame
	size   int   // from the same one handed over again without reading it
	shown  []int // per route number, the largest marker on screen; -1 none
	parses int
	cpu    time.Duration // the event loop's CPU spent parsing
}

// see takes a View's content and, when it is a new frame, reads the
// largest marker of each route from it.
func (w *screenWatch) see(content string) {
	if unsafe.StringData(content) == w.data && len(content) == w.size {
		return
	}
	w.data, w.size = unsafe.StringData(content), len(content)
	// The thread's CPU clock reads this parse only if the goroutine stays
	// on one thread throughout; a move would subtract two threads' clocks.
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	c0 := threadCPU()
	for i := range w.shown {
		w.shown[i] = -1
	}
	scanMarkers(content, func(r, k int) {
		for len(w.shown) <= r {
			w.shown = append(w.shown, -1)
		}
		w.shown[r] = max(w.shown[r], k)
	})
	w.cpu += threadCPU() - c0
	w.parses++
}

// newest is the largest marker of route on the painted screen, -1 if none.
func (w *screenWatch) newest(route int) int {
	if route < 0 || route >= len(w.shown) {
		return -1
	}
	return w.shown[route]
}
