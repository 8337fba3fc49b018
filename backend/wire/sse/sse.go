// Package sse splits a text/event-stream into events, stamping each with
// the arrival time of the read that delivered it.
package sse

import (
	"bytes"
	"errors"
	"io"
	"time"
)

// maxSSELine bounds one SSE line and one event's joined data. Real chunks are
// far smaller; the bound keeps memory fixed when a server misbehaves.
const maxSSELine = 8 << 20

var ErrLineTooLong = errors.New("the stream sent a line or event longer than 8 MiB")

var utf8BOM = []byte("\uFEFF")

// sseReadSize is the read buffer; most providers flush far less per write.
const sseReadSize = 32 << 10

// Event is one dispatched server-sent event or one comment line.
type Event struct {
	Name    string        // value of the "event:" field, "" if none
	Data    []byte        // data lines joined with "\n"; valid until the next Next call
	Comment bool          // a ":" comment line (keep-alive); Data holds its text
	At      time.Duration // stamp of the read that completed the first data line (or the comment line)
	// Partial marks an event dispatched at EOF without its closing blank
	// line; if its data does not decode, the stream was cut off mid-event.
	Partial bool
}

// Reader splits a text/event-stream into events. It is hand-rolled rather
// than built on bufio.Scanner because routeplay needs things Scanner cannot
// give: the arrival stamp of the read that delivered each line (timing is
// measured here, before any decoding), a large but bounded line limit, lone-CR
// line ends, and no allocation per line or event once its buffers have grown.
type Reader struct {
	r     io.Reader
	clock func() time.Duration

	buf        []byte        // bytes of the latest read
	start, end int           // unconsumed window of buf
	stamp      time.Duration // clock() right after the read that filled buf
	readErr    error         // error of the underlying reader, returned once buf drains
	fatal      error         // sticky error (line too long)
	skipLF     bool          // the previous line ended in a CR at the end of a read
	started    bool          // the first line has been read

	line []byte // a line that spans reads, accumulated

	data    []byte // the pending event's joined data
	hasData bool   // at least one data line since the last dispatch
	dataAt  time.Duration
	name    string   // the pending event's name
	names   []string // names seen so far, so repeated names cost no allocation
}

func NewReader(r io.Reader, clock func() time.Duration) *Reader {
	return &Reader{r: r, clock: clock, buf: make([]byte, sseReadSize)}
}

// Next returns the next event or comment. At a clean end it first dispatches
// a pending event that lacks its final blank line (its data may still be a
// complete document), then returns io.EOF.
func (s *Reader) Next() (Event, error) {
	if s.fatal != nil {
		return Event{}, s.fatal
	}
	for {
		line, at, err := s.readLine()
		if err != nil {
			if err == io.EOF && s.hasData && len(s.data) > 0 {
				ev := s.dispatch()
				ev.Partial = true
				return ev, nil
			}
			s.resetEvent()
			if err == ErrLineTooLong {
				s.fatal = err
			}
			return Event{}, err
		}
		if !s.started {
			// The SSE spec allows one byte order mark before the first line.
			s.started = true
			line = bytes.TrimPrefix(line, utf8BOM)
		}
		ev, ok, err := s.field(line, at)
		if err != nil {
			s.fatal = err
			return Event{}, err
		}
		if ok {
			return ev, nil
		}
	}
}

// field interprets one line per the SSE rules: a blank line dispatches, a
// leading colon marks a comment, otherwise "name: value" with one optional
// space after the colon. Only data and event matter; id, retry and unknown
// fields are ignored.
func (s *Reader) field(line []byte, at time.Duration) (Event, bool, error) {
	if len(line) == 0 {
		if s.hasData && len(s.data) > 0 {
			return s.dispatch(), true, nil
		}
		s.resetEvent()
		return Event{}, false, nil
	}
	if line[0] == ':' {
		return Event{Comment: true, Data: trimOneSpace(line[1:]), At: at}, true, nil
	}
	name, value := line, []byte(nil)
	if i := bytes.IndexByte(line, ':'); i >= 0 {
		name, value = line[:i], trimOneSpace(line[i+1:])
	}
	switch string(name) {
	case "data":
		if len(s.data)+len(value)+1 > maxSSELine {
			return Event{}, false, ErrLineTooLong
		}
		if s.hasData {
			s.data = append(s.data, '\n')
		} else {
			s.hasData, s.dataAt = true, at
		}
		s.data = append(s.data, value...)
	case "event":
		s.name = s.intern(value)
	}
	return Event{}, false, nil
}

// intern returns name as a string, reusing an earlier copy. Streams use a
// handful of event names, so the table stays tiny.
func (s *Reader) intern(name []byte) string {
	for _, n := range s.names {
		if n == string(name) {
			return n
		}
	}
	n := string(name)
	if len(s.names) < 32 {
		s.names = append(s.names, n)
	}
	return n
}

func (s *Reader) dispatch() Event {
	ev := Event{Name: s.name, Data: s.data, At: s.dataAt}
	s.resetEvent()
	return ev
}

// resetEvent clears the pending event but keeps the data buffer's capacity;
// the returned Data aliases it until the next call.
func (s *Reader) resetEvent() {
	s.data = s.data[:0]
	s.hasData = false
	s.name = ""
}

// readLine returns the next line without its terminator (\n, \r\n or a lone
// \r) and the stamp of the read that completed it. A line inside one read is
// returned in place; one spanning reads is accumulated in s.line. The final
// unterminated line is returned at the end of input.
func (s *Reader) readLine() ([]byte, time.Duration, error) {
	s.line = s.line[:0]
	for {
		if s.start < s.end {
			seg := s.buf[s.start:s.end]
			if s.skipLF {
				s.skipLF = false
				if seg[0] == '\n' {
					s.start++
					continue
				}
			}
			if i := indexLineEnd(seg); i >= 0 {
				s.consumeTerminator(seg, i)
				if len(s.line) == 0 {
					return seg[:i], s.stamp, nil
				}
				if len(s.line)+i > maxSSELine {
					return nil, 0, ErrLineTooLong
				}
				s.line = append(s.line, seg[:i]...)
				return s.line, s.stamp, nil
			}
			if len(s.line)+len(seg) > maxSSELine {
				return nil, 0, ErrLineTooLong
			}
			s.line = append(s.line, seg...)
			s.start = s.end
		}
		if s.readErr != nil {
			if len(s.line) > 0 {
				return s.line, s.stamp, nil
			}
			return nil, 0, s.readErr
		}
		s.fill()
	}
}

// consumeTerminator advances past the line end at seg[i]. A CR that is the
// last byte of a read may be the first half of a CRLF split across reads.
func (s *Reader) consumeTerminator(seg []byte, i int) {
	n := i + 1
	if seg[i] == '\r' {
		if i+1 < len(seg) {
			if seg[i+1] == '\n' {
				n++
			}
		} else {
			s.skipLF = true
		}
	}
	s.start += n
}

// indexLineEnd returns the index of the first \n or \r in seg, or -1.
func indexLineEnd(seg []byte) int {
	lf := bytes.IndexByte(seg, '\n')
	limit := seg
	if lf >= 0 {
		limit = seg[:lf]
	}
	if cr := bytes.IndexByte(limit, '\r'); cr >= 0 {
		return cr
	}
	return lf
}

// fill reads once into buf and stamps the read the moment it returns bytes.
func (s *Reader) fill() {
	for range 100 {
		n, err := s.r.Read(s.buf)
		if n > 0 {
			s.stamp = s.clock()
			s.start, s.end = 0, n
			s.readErr = err
			return
		}
		if err != nil {
			s.readErr = err
			return
		}
	}
	s.readErr = io.ErrNoProgress
}

func trimOneSpace(b []byte) []byte {
	if len(b) > 0 && b[0] == ' ' {
		return b[1:]
	}
	return b
}
