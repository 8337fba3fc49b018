package sse

import (
	"bytes"
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend/internal/testkit"
)

// FuzzSSEReader: any byte stream yields the same events whether it arrives
// whole or in random pieces, and no event exceeds the line bound.
func FuzzSSEReader(f *testing.F) {
	testkit.AddSeeds(f, "../testdata/sse/*.sse", "")
	f.Add([]byte("data: a\r\r\n\rdata:b\r\n: c\ndata\n\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		whole, errWhole := readAllEvents(bytes.NewReader(data))
		split, errSplit := readAllEvents(testkit.NewRandomSplitReader(data, uint64(len(data))))
		if (errWhole == nil) != (errSplit == nil) || strings.Join(whole, "\n") != strings.Join(split, "\n") {
			t.Fatalf("split reads changed the events:\n%q (%v)\nvs\n%q (%v)", whole, errWhole, split, errSplit)
		}
		if len(whole) > len(data) {
			t.Fatalf("%d events from %d bytes", len(whole), len(data))
		}
	})
}
