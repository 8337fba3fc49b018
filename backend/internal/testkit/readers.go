package testkit

import (
	"bytes"
	"io"
	"math/rand/v2"
	"testing/iotest"
	"time"
)

// SplitMode feeds a stream to the reader in different read sizes; every
// mode must give the same events.
type SplitMode struct {
	Name string
	Wrap func(data []byte) io.Reader
}

// SplitModes are whole, one byte at a time and three seeded random splits.
var SplitModes = []SplitMode{
	{"whole", func(b []byte) io.Reader { return bytes.NewReader(b) }},
	{"one_byte", func(b []byte) io.Reader { return iotest.OneByteReader(bytes.NewReader(b)) }},
	{"random_1", func(b []byte) io.Reader { return NewRandomSplitReader(b, 1) }},
	{"random_2", func(b []byte) io.Reader { return NewRandomSplitReader(b, 2) }},
	{"random_3", func(b []byte) io.Reader { return NewRandomSplitReader(b, 3) }},
}

// RandomSplitReader returns the data in reads of random sizes (1..64 bytes).
type RandomSplitReader struct {
	data []byte
	rng  *rand.Rand
}

// NewRandomSplitReader seeds the read sizes, so a failure repeats.
func NewRandomSplitReader(data []byte, seed uint64) *RandomSplitReader {
	return &RandomSplitReader{data: data, rng: rand.New(rand.NewPCG(seed, seed*7919))}
}

func (r *RandomSplitReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, io.EOF
	}
	n := min(1+r.rng.IntN(64), len(r.data), len(p))
	copy(p, r.data[:n])
	r.data = r.data[n:]
	return n, nil
}

// ChunkReader returns one scripted chunk per Read, then err (io.EOF if nil).
type ChunkReader struct {
	Chunks []string
	Err    error
}

func (r *ChunkReader) Read(p []byte) (int, error) {
	if len(r.Chunks) == 0 {
		if r.Err != nil {
			return 0, r.Err
		}
		return 0, io.EOF
	}
	n := copy(p, r.Chunks[0])
	if n == len(r.Chunks[0]) {
		r.Chunks = r.Chunks[1:]
	} else {
		r.Chunks[0] = r.Chunks[0][n:]
	}
	return n, nil
}

// StepClock returns 1ms, 2ms, ... on successive calls and counts them.
type StepClock struct{ Calls int }

// Now is the clock function.
func (c *StepClock) Now() time.Duration {
	c.Calls++
	return time.Duration(c.Calls) * time.Millisecond
}

// ZeroClock stamps every read at 0, for tests that do not look at time.
func ZeroClock() time.Duration { return 0 }
