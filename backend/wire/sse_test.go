package wire

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

// splitMode feeds a stream to the reader in different read sizes; every
// mode must give the same events.
type splitMode struct {
	name string
	wrap func(data []byte) io.Reader
}

var splitModes = []splitMode{
	{"whole", func(b []byte) io.Reader { return bytes.NewReader(b) }},
	{"one_byte", func(b []byte) io.Reader { return iotest.OneByteReader(bytes.NewReader(b)) }},
	{"random_1", func(b []byte) io.Reader { return newRandomSplitReader(b, 1) }},
	{"random_2", func(b []byte) io.Reader { return newRandomSplitReader(b, 2) }},
	{"random_3", func(b []byte) io.Reader { return newRandomSplitReader(b, 3) }},
}

// randomSplitReader returns the data in reads of random sizes (1..64 bytes).
type randomSplitReader struct {
	data []byte
	rng  *rand.Rand
}

func newRandomSplitReader(data []byte, seed uint64) *randomSplitReader {
	return &randomSplitReader{data: data, rng: rand.New(rand.NewPCG(seed, seed*7919))}
}

func (r *randomSplitReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, io.EOF
	}
	n := min(1+r.rng.IntN(64), len(r.data), len(p))
	copy(p, r.data[:n])
	r.data = r.data[n:]
	return n, nil
}

// chunkReader returns one scripted chunk per Read, then err (io.EOF if nil).
type chunkReader struct {
	chunks []string
	err    error
}

func (r *chunkReader) Read(p []byte) (int, error) {
	if len(r.chunks) == 0 {
		if r.err != nil {
			return 0, r.err
		}
		return 0, io.EOF
	}
	n := copy(p, r.chunks[0])
	if n == len(r.chunks[0]) {
		r.chunks = r.chunks[1:]
	} else {
		r.chunks[0] = r.chunks[0][n:]
	}
	return n, nil
}

// stepClock returns 1ms, 2ms, ... on successive calls and counts them.
type stepClock struct{ calls int }

func (c *stepClock) now() time.Duration {
	c.calls++
	return time.Duration(c.calls) * time.Millisecond
}

func zeroClock() time.Duration { return 0 }

// readAllEvents renders every event as one line until the reader stops.
func readAllEvents(r io.Reader) ([]string, error) {
	s := NewSSEReader(r, zeroClock)
	var out []string
	for {
		ev, err := s.Next()
		if err != nil {
			if err == io.EOF {
				return out, nil
			}
			return out, err
		}
		if ev.Comment {
			out = append(out, fmt.Sprintf("comment %q", ev.Data))
			continue
		}
		out = append(out, fmt.Sprintf("event %q %q", ev.Name, ev.Data))
	}
}

func TestSSEReaderFields(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string
	}{
		{"Basic", "data: a\n\n", []string{`event "" "a"`}},
		{"NoSpaceAfterColon", "data:a\n\n", []string{`event "" "a"`}},
		{"OnlyOneSpaceRemoved", "data:  a\n\n", []string{`event "" " a"`}},
		{"ColonInValue", "data: a:b\n\n", []string{`event "" "a:b"`}},
		{"MultiLineDataJoined", "data: a\ndata: b\n\n", []string{`event "" "a\nb"`}},
		{"EventName", "event: ping\ndata: {}\n\n", []string{`event "ping" "{}"`}},
		{"NameResetsAfterDispatch", "event: x\ndata: 1\n\ndata: 2\n\n", []string{`event "x" "1"`, `event "" "2"`}},
		{"CRLF", "data: a\r\n\r\ndata: b\r\n\r\n", []string{`event "" "a"`, `event "" "b"`}},
		{"LoneCR", "data: a\r\rdata: b\r\r", []string{`event "" "a"`, `event "" "b"`}},
		{"MixedLineEnds", "data: a\r\n\ndata: b\r\r\n", []string{`event "" "a"`, `event "" "b"`}},
		{"CommentsAreEvents", ": OPENROUTER PROCESSING\n\ndata: x\n\n",
			[]string{`comment "OPENROUTER PROCESSING"`, `event "" "x"`}},
		{"EmptyComment", ":\n", []string{`comment ""`}},
		{"CommentBetweenDataLines", "data: a\n: ka\ndata: b\n\n", []string{`comment "ka"`, `event "" "a\nb"`}},
		{"IgnoredFields", "id: 1\nretry: 10\nfoo: bar\nDATA: no\ndata: x\n\n", []string{`event "" "x"`}},
		{"FieldWithoutColonIsEmptyValue", "data\ndata\n\n", []string{`event "" "\n"`}},
		{"EmptyDataSkipped", "data:\n\nevent: e\n\ndata\n\n", nil},
		{"BlankLinesOnly", "\n\n\r\n\r", nil},
		{"PendingEventAtEOF", "data: x\n", []string{`event "" "x"`}},
		{"NoFinalNewline", "data: x", []string{`event "" "x"`}},
		{"NoFinalNewlineCR", "data: x\r", []string{`event "" "x"`}},
		{"InvalidUTF8PassesThrough", "data: \xff\xfe\n\n", []string{`event "" "\xff\xfe"`}},
		{"LeadingBOM", "\uFEFFdata: x\n\n", []string{`event "" "x"`}},
		{"BOMOnlyAtStart", "data: a\n\n\uFEFFdata: b\n\n", []string{`event "" "a"`}},
		{"SeveralEventsOneRead", "data: 1\n\ndata: 2\n\ndata: 3\n\n",
			[]string{`event "" "1"`, `event "" "2"`, `event "" "3"`}},
	}
	for _, tt := range tests {
		for _, mode := range splitModes {
			t.Run(tt.name+"/"+mode.name, func(t *testing.T) {
				got, err := readAllEvents(mode.wrap([]byte(tt.in)))
				if err != nil {
					t.Fatalf("error: %v", err)
				}
				if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
					t.Errorf("events:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
				}
			})
		}
	}
}

func TestSSEReaderStampsEachReadOnce(t *testing.T) {
	// Read k is stamped k ms. An event takes the stamp of the read that
	// completed its first data line; a comment the read that completed it;
	// the LF after a CR ending read 4 belongs to that CR.
	r := &chunkReader{chunks: []string{"data: {", "1}\n", "data: more\n\ndata: 2\n\n: k", "a\r", "\n", "event: x\n", "data: 3\n", "\n"}}
	clock := &stepClock{}
	s := NewSSEReader(r, clock.now)
	want := []struct {
		data    string
		comment bool
		at      time.Duration
	}{
		{"{1}\nmore", false, 2 * time.Millisecond},
		{"2", false, 3 * time.Millisecond},
		{"ka", true, 4 * time.Millisecond},
		{"3", false, 7 * time.Millisecond},
	}
	for i, w := range want {
		ev, err := s.Next()
		if err != nil {
			t.Fatalf("event %d: %v", i, err)
		}
		if string(ev.Data) != w.data || ev.Comment != w.comment || ev.At != w.at {
			t.Errorf("event %d = {%q comment=%v at=%v}, want {%q comment=%v at=%v}", i, ev.Data, ev.Comment, ev.At, w.data, w.comment, w.at)
		}
	}
	if _, err := s.Next(); err != io.EOF {
		t.Fatalf("after the last event: %v, want io.EOF", err)
	}
	if clock.calls != 8 {
		t.Errorf("clock called %d times, want once per read (8)", clock.calls)
	}
}

func TestSSEReaderPendingEventAtEOFKeepsItsStamp(t *testing.T) {
	clock := &stepClock{}
	s := NewSSEReader(&chunkReader{chunks: []string{"data: a\n", "data: b"}}, clock.now)
	ev, err := s.Next()
	if err != nil || string(ev.Data) != "a\nb" || ev.At != time.Millisecond || !ev.Partial {
		t.Fatalf("got %q at %v partial=%v, %v; want \"a\\nb\" at 1ms, partial", ev.Data, ev.At, ev.Partial, err)
	}
	s = NewSSEReader(strings.NewReader("data: whole\n\n"), zeroClock)
	if ev, err := s.Next(); err != nil || ev.Partial {
		t.Errorf("a complete event is marked partial (%v)", err)
	}
}

// endlessReader yields the same byte forever and counts what it gave.
type endlessReader struct {
	b    byte
	read int
}

func (r *endlessReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = r.b
	}
	r.read += len(p)
	return len(p), nil
}

func TestSSEReaderLineTooLongStaysBounded(t *testing.T) {
	r := &endlessReader{b: 'a'}
	s := NewSSEReader(r, zeroClock)
	if _, err := s.Next(); !errors.Is(err, ErrLineTooLong) {
		t.Fatalf("err = %v, want errLineTooLong", err)
	}
	if r.read > maxSSELine+2*sseReadSize {
		t.Errorf("read %d bytes before failing, want at most about %d", r.read, maxSSELine)
	}
	if cap(s.line) > 2*maxSSELine {
		t.Errorf("line buffer grew to %d bytes", cap(s.line))
	}
	if _, err := s.Next(); !errors.Is(err, ErrLineTooLong) {
		t.Errorf("second Next = %v, want the same error", err)
	}
}

func TestSSEReaderEventTooLong(t *testing.T) {
	line := "data: " + strings.Repeat("x", 1<<20) + "\n"
	s := NewSSEReader(strings.NewReader(strings.Repeat(line, 9)+"\n"), zeroClock)
	if _, err := s.Next(); !errors.Is(err, ErrLineTooLong) {
		t.Fatalf("err = %v, want errLineTooLong for 9 MiB of data lines", err)
	}
}

func TestSSEReaderLineAtTheLimit(t *testing.T) {
	payload := strings.Repeat("y", maxSSELine-len("data: "))
	s := NewSSEReader(strings.NewReader("data: "+payload+"\n\n"), zeroClock)
	ev, err := s.Next()
	if err != nil || len(ev.Data) != len(payload) {
		t.Fatalf("got %d bytes, %v; want %d bytes", len(ev.Data), err, len(payload))
	}
}

func TestSSEReaderReadErrorAfterCompleteEvents(t *testing.T) {
	boom := errors.New("connection reset")
	s := NewSSEReader(&chunkReader{chunks: []string{"data: 1\n\ndata: part"}, err: boom}, zeroClock)
	ev, err := s.Next()
	if err != nil || string(ev.Data) != "1" {
		t.Fatalf("first event = %q, %v", ev.Data, err)
	}
	if _, err := s.Next(); !errors.Is(err, boom) {
		t.Fatalf("err = %v, want the read error (the partial event is dropped)", err)
	}
}

type stuckReader struct{}

func (stuckReader) Read([]byte) (int, error) { return 0, nil }

func TestSSEReaderNoProgress(t *testing.T) {
	if _, err := NewSSEReader(stuckReader{}, zeroClock).Next(); !errors.Is(err, io.ErrNoProgress) {
		t.Fatalf("err = %v, want io.ErrNoProgress", err)
	}
}
