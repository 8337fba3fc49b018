package wire

import (
	"bytes"
	"encoding/json"
	"testing"
	"testing/iotest"

	"github.com/routeplay/routeplay/backend/internal/testkit"
)

// TestRealStreamsSplitAtEveryByte decodes each recorded stream delivered one
// byte a read, and the small ones in two reads split at every byte, and
// checks the events equal those of a single read.
func TestRealStreamsSplitAtEveryByte(t *testing.T) {
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
		for i := 1; i < len(data); i++ {
			r := &testkit.ChunkReader{Chunks: []string{string(data[:i]), string(data[i:])}}
			if got := renderEvents(decodeStream(w, r, testkit.ZeroClock)); got != want {
				t.Errorf("%s split at byte %d:\n%s\nwant:\n%s", f.ID, i, got, want)
				break
			}
		}
	}
}
