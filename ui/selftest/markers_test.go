package selftest

import (
	"maps"
	"strings"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
)

func markersIn(s string) map[int]int {
	got := map[int]int{}
	scanMarkers(s, func(r, k int) { got[r] = max(got[r], k) })
	return got
}

// The parser finds each route's largest marker across panes side by side,
// through styling that splits a word, and never reads a marker broken by
// wrapping or cut by truncation as a larger one.
func TestScanMarkersReadsPaintedFrames(t *testing.T) {
	for _, c := range []struct {
		name, frame string
		want        map[int]int
	}{
		{"plain", "tok r1m0003 tok r1m0013 tok", map[int]int{1: 13}},
		{"panes side by side", "│ tok r1m0041 tok │ │ r2m0007 tok │\n│ r1m0042 **x** │ │ tok r2m0008│", map[int]int{1: 42, 2: 8}},
		{"styled", "\x1b[1mr3m0099\x1b[m tok", map[int]int{3: 99}},
		{"split by escapes", "tok r3\x1b[38;2;1;2;3mm00\x1b[0m42 tok", map[int]int{3: 42}},
		{"split by OSC", "r4m\x1b]8;;http://x\x07012\x1b]8;;\x1b\\3 tok", map[int]int{4: 123}},
		{"wrapped", "│ tok r5m0010 r5m0 │\n│ 011 tok       │", map[int]int{5: 10}},
		{"truncated", "│ r6m0020 r6m002… │", map[int]int{6: 20}},
		{"more digits", "r7m12345", map[int]int{7: 12345}},
		{"not markers", "route-1 m1 r1m12 rm0042 xr1m0042 r1m0042x r1x0042 tok", map[int]int{}},
		{"bold marker", "**r8m0005** tok", map[int]int{8: 5}},
	} {
		if got := markersIn(c.frame); !maps.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

// Every route's script carries its own markers every markerEvery tokens and
// otherwise the answer as before.
func TestMarkerTokensKeepTheAnswer(t *testing.T) {
	var text strings.Builder
	for i := range 1000 {
		tok := markerToken(3, i)
		if i%markerEvery != markerOffset && tok != answerToken(i) {
			t.Fatalf("token %d: %q, want %q", i, tok, answerToken(i))
		}
		text.WriteString(tok)
	}
	got := 0
	scanMarkers(text.String(), func(r, k int) {
		if r != 3 || k != got {
			t.Fatalf("marker %d of route %d, want %d of route 3", k, r, got)
		}
		got++
	})
	if got != 1000/markerEvery {
		t.Fatalf("%d markers, want %d", got, 1000/markerEvery)
	}
}

// The display lag is the age of the newest marker on the painted frame,
// whatever the playground has taken; an unchanged frame is not read again.
func TestDisplayLagReadsThePaintedFrame(t *testing.T) {
	t0 := time.Now()
	rl := &relay{}
	mk := func() *relayRoute {
		rr := &relayRoute{out: make(chan backend.Event, 1), start: t0}
		for k := range 10 {
			at := time.Duration(k*10) * time.Millisecond
			rr.ats = append(rr.ats, at)
			rr.mark(backend.Event{Kind: backend.EventText, At: at, Text: markerToken(len(rl.routes)+1, k*markerEvery+markerOffset)})
		}
		rl.routes = append(rl.routes, rr)
		return rr
	}
	mk()
	second := mk()
	now := t0.Add(100 * time.Millisecond)
	if lag, _, _ := rl.intakeLag(now); lag != 10*time.Millisecond {
		t.Fatalf("intake lag %s, want 10ms: every event is taken", lag)
	}
	screen := &screenWatch{}
	frame := "│ tok r1m0002 r1m0003 │ │ r2m0008 tok │"
	screen.see(frame)
	if lag, live := rl.displayLag(now, screen); !live || lag != 70*time.Millisecond {
		t.Fatalf("display lag %s (live %v), want 70ms: route 1 shows marker 3, which arrived at 30 ms", lag, live)
	}
	screen.see(frame) // the same frame handed over again
	if screen.parses != 1 {
		t.Fatalf("%d parses, want 1: an unchanged frame is not read again", screen.parses)
	}
	screen.see("│ tok r1m0009 │ │ tok │")
	if lag, _ := rl.displayLag(now, screen); lag != 100*time.Millisecond {
		t.Fatalf("display lag %s, want 100ms: route 2 shows no marker, so it counts from its first", lag)
	}
	second.ended = true
	rl.routes[0].ended = true
	screen.see("│ tok r1m0009 │ │ r2m0009 │")
	if lag, live := rl.displayLag(now, screen); live {
		t.Fatalf("display lag %s while every route's last marker is on screen and its stream ended", lag)
	}
}
