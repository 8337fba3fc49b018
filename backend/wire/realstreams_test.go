package wire

import (
	"bytes"
	"encoding/json"
	"testing"
	"testing/iotest"

	"github.com/routeplay/routeplay/backend/internal/testkit"
)

// TestRealStreamsSplitAtEveryLineEnd decodes each recorded stream delivered
// one byte a read, and the small ones in two reads split at every line end
// (see splitPoints), and checks the events equal those of a single read.
func TestRealStreamsSplitAtEveryLineEnd(t *testing.T) {
	dir, raw := testkit.RealStreams(t)
	var m struct {
		Fixtures []struct{ ID, API string } `json:"fixtures"`
	}
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	const everySplitMax = 4 << 10 // n² work: only the small streams
	for _, f := range m.Fixtures {
		data, w := testkit.RealStream(t, dir, f.ID), testkit.RealStreamWire(f.API)
		want := renderEvents(decodeStream(w, bytes.NewReader(data), testkit.ZeroClock))
		if got := renderEvents(decodeStream(w, iotest.OneByteReader(bytes.NewReader(data)), testkit.ZeroClock)); got != want {
			t.Errorf("%s read one byte at a time:\n%s\nwant:\n%s", f.ID, got, want)
			continue
		}
		if len(data) > everySplitMax {
			continue
		}
		for _, i := range splitPoints(data) {
			r := &testkit.ChunkReader{Chunks: []string{string(data[:i]), string(data[i:])}}
			if got := renderEvents(decodeStream(w, r, testkit.ZeroClock)); got != want {
				t.Errorf("%s split at byte %d:\n%s\nwant:\n%s", f.ID, i, got, want)
				break
			}
		}
	}
}

// splitPoints are the places worth splitting data in two reads: every byte
// next to a line end (before a CR or LF, between CR and LF, after them),
// and every 61st byte elsewhere. The SSE reader looks only for line ends
// and hands the decoders whole lines, so a split anywhere inside a line's
// bytes leaves it in the same state as any other split there; splitting at
// all of them cost n² decodes (about 9 s) and proved nothing more. Reading
// one byte at a time still puts a read boundary at every byte.
func splitPoints(data []byte) []int {
	var out []int
	for i := 1; i < len(data); i++ {
		if i%61 == 0 || nearLineEnd(data, i) {
			out = append(out, i)
		}
	}
	return out
}

// nearLineEnd reports whether a split before data[i] falls within two bytes
// of a CR or LF.
func nearLineEnd(data []byte, i int) bool {
	for j := max(0, i-2); j <= min(len(data)-1, i+1); j++ {
		if data[j] == '\r' || data[j] == '\n' {
			return true
		}
	}
	return false
}
