package sse

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend/internal/testkit"
)

// readAllEvents renders every event as one line until the reader stops.
func readAllEvents(r io.Reader) ([]string, error) {
	s := NewReader(r, testkit.ZeroClock)
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
		for _, mode := range testkit.SplitModes {
			t.Run(tt.name+"/"+mode.Name, func(t *testing.T) {
				got, err := readAllEvents(mode.Wrap([]byte(tt.in)))
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
	r := &testkit.ChunkReader{Chunks: []string{"data: {", "1}\n", "data: more\n\ndata: 2\n\n: k", "a\r", "\n", "event: x\n", "data: 3\n", "\n"}}
	clock := &testkit.StepClock{}
	s := NewReader(r, clock.Now)
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
	if clock.Calls != 8 {
		t.Errorf("clock called %d times, want once per read (8)", clock.Calls)
	}
}

func TestSSEReaderPendingEventAtEOFKeepsItsStamp(t *testing.T) {
	clock := &testkit.StepClock{}
	s := NewReader(&testkit.ChunkReader{Chunks: []string{"data: a\n", "data: b"}}, clock.Now)
	ev, err := s.Next()
	if err != nil || string(ev.Data) != "a\nb" || ev.At != time.Millisecond || !ev.Partial {
		t.Fatalf("got %q at %v partial=%v, %v; want \"a\\nb\" at 1ms, partial", ev.Data, ev.At, ev.Partial, err)
	}
	s = NewReader(strings.NewReader("data: whole\n\n"), testkit.ZeroClock)
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
	s := NewReader(r, testkit.ZeroClock)
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
	s := NewReader(strings.NewReader(strings.Repeat(line, 9)+"\n"), testkit.ZeroClock)
	if _, err := s.Next(); !errors.Is(err, ErrLineTooLong) {
		t.Fatalf("err = %v, want errLineTooLong for 9 MiB of data lines", err)
	}
}

func TestSSEReaderLineAtTheLimit(t *testing.T) {
	payload := strings.Repeat("y", maxSSELine-len("data: "))
	s := NewReader(strings.NewReader("data: "+payload+"\n\n"), testkit.ZeroClock)
	ev, err := s.Next()
	if err != nil || len(ev.Data) != len(payload) {
		t.Fatalf("got %d bytes, %v; want %d bytes", len(ev.Data), err, len(payload))
	}
}

func TestSSEReaderReadErrorAfterCompleteEvents(t *testing.T) {
	boom := errors.New("connection reset")
	s := NewReader(&testkit.ChunkReader{Chunks: []string{"data: 1\n\ndata: part"}, Err: boom}, testkit.ZeroClock)
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
	if _, err := NewReader(stuckReader{}, testkit.ZeroClock).Next(); !errors.Is(err, io.ErrNoProgress) {
		t.Fatalf("err = %v, want io.ErrNoProgress", err)
	}
}
