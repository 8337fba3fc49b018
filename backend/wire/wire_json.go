package wire

import (
	"fmt"
	"strconv"
)

// jsonScan is a small pull parser for the stream's hot path: it walks one
// JSON document, hands the decoder the members it asks for and skips the
// rest, allocating nothing but the text it returns. encoding/json spends
// about 4 µs and 7–11 allocations on a typical 250-byte chunk; with eight
// routes streaming thousands of chunks a second that would be most of
// routeplay's CPU, and the measurements share the machine with it. Error
// bodies and requests, which are rare, still use encoding/json.
//
// Unlike encoding/json it keeps invalid UTF-8 in strings as it is (the
// terminal sanitiser deals with it) and ignores members of an unexpected
// type instead of failing the whole chunk.
type jsonScan struct {
	data    []byte
	pos     int
	depth   int
	err     error
	scratch []byte // unescaped text, reused
}

// maxJSONDepth bounds nesting so hostile input cannot exhaust the stack.
const maxJSONDepth = 512

// jsonSyntaxError reports where a document stopped being JSON.
type jsonSyntaxError struct{ Offset int64 }

func (e *jsonSyntaxError) Error() string { return fmt.Sprintf("invalid JSON at byte %d", e.Offset) }

func (s *jsonScan) reset(data []byte) {
	s.data, s.pos, s.depth, s.err = data, 0, 0, nil
}

func (s *jsonScan) fail() {
	if s.err == nil {
		s.err = &jsonSyntaxError{Offset: int64(s.pos)}
	}
}

// end reports the first syntax error, or trailing bytes after the document.
func (s *jsonScan) end() error {
	if !s.atEnd() {
		s.fail()
	}
	return s.err
}

// atEnd reports whether only whitespace remains (or the scan failed).
func (s *jsonScan) atEnd() bool {
	s.peek()
	return s.err != nil || s.pos >= len(s.data)
}

// peek skips whitespace and returns the next byte, 0 at the end or after an error.
func (s *jsonScan) peek() byte {
	for s.err == nil && s.pos < len(s.data) {
		switch c := s.data[s.pos]; c {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return c
		}
	}
	return 0
}

func (s *jsonScan) enter() bool {
	s.depth++
	if s.depth > maxJSONDepth {
		s.fail()
		return false
	}
	return true
}

// object walks an object, calling member for each key (raw, escapes not
// decoded). member reads the value with one call, or leaves it to be skipped.
// A value that is not an object is skipped.
func (s *jsonScan) object(member func(key []byte)) {
	if s.peek() != '{' {
		s.skip()
		return
	}
	s.pos++
	if !s.enter() {
		return
	}
	if s.peek() == '}' {
		s.pos++
		s.depth--
		return
	}
	for s.err == nil {
		key, _ := s.rawString()
		if s.peek() != ':' {
			s.fail()
			return
		}
		s.pos++
		start := s.valueStart()
		member(key)
		if s.pos == start {
			s.skip()
		}
		if !s.next('}') {
			return
		}
	}
}

// next consumes a comma (true: another member follows) or the closing byte.
func (s *jsonScan) next(closing byte) bool {
	switch s.peek() {
	case ',':
		s.pos++
		return true
	case closing:
		s.pos++
		s.depth--
	default:
		s.fail()
	}
	return false
}

// array walks an array, calling elem with each index; like member, elem
// reads the value or leaves it to be skipped. Other values are skipped.
func (s *jsonScan) array(elem func(i int)) {
	if s.peek() != '[' {
		s.skip()
		return
	}
	s.pos++
	if !s.enter() {
		return
	}
	if s.peek() == ']' {
		s.pos++
		s.depth--
		return
	}
	for i := 0; s.err == nil; i++ {
		start := s.valueStart()
		elem(i)
		if s.pos == start {
			s.skip()
		}
		if !s.next(']') {
			return
		}
	}
}

// valueStart skips whitespace before a value and returns where it starts,
// so a callback that read nothing can be told from one that read the value.
func (s *jsonScan) valueStart() int {
	s.peek()
	return s.pos
}

// rawString consumes a string and returns its bytes between the quotes,
// escapes undecoded, and whether it has any.
func (s *jsonScan) rawString() (raw []byte, escaped bool) {
	if s.peek() != '"' {
		s.fail()
		return nil, false
	}
	start := s.pos + 1
	for i := start; i < len(s.data); i++ {
		switch c := s.data[i]; {
		case c == '"':
			s.pos = i + 1
			return s.data[start:i], escaped
		case c == '\\':
			escaped = true
			i++
			if !validEscape(s.data[i:]) {
				s.pos = i
				s.fail()
				return nil, false
			}
		case c < 0x20:
			s.pos = i
			s.fail()
			return nil, false
		}
	}
	s.pos = len(s.data)
	s.fail()
	return nil, false
}

// str appends a string value, unescaped, to dst. null and other types leave dst as is.
func (s *jsonScan) str(dst []byte) []byte {
	if s.peek() != '"' {
		s.skip()
		return dst
	}
	raw, escaped := s.rawString()
	if !escaped {
		return append(dst, raw...)
	}
	return s.unescape(dst, raw)
}

// text returns a string value ("" for null or another type).
func (s *jsonScan) text() string {
	if s.peek() != '"' {
		s.skip()
		return ""
	}
	raw, escaped := s.rawString()
	if !escaped {
		return string(raw)
	}
	s.scratch = s.unescape(s.scratch[:0], raw)
	return string(s.scratch)
}

// number consumes a number and returns its text; other values give nil.
func (s *jsonScan) number() []byte {
	if c := s.peek(); c != '-' && (c < '0' || c > '9') {
		s.skip()
		return nil
	}
	start := s.pos
	i := start
	if s.data[i] == '-' {
		i++
	}
	digits := func() int {
		n := 0
		for i < len(s.data) && s.data[i] >= '0' && s.data[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if n := digits(); n == 0 || (n > 1 && s.data[i-n] == '0') {
		s.pos = i
		s.fail()
		return nil
	}
	if i < len(s.data) && s.data[i] == '.' {
		i++
		if digits() == 0 {
			s.pos = i
			s.fail()
			return nil
		}
	}
	if i < len(s.data) && (s.data[i] == 'e' || s.data[i] == 'E') {
		i++
		if i < len(s.data) && (s.data[i] == '+' || s.data[i] == '-') {
			i++
		}
		if digits() == 0 {
			s.pos = i
			s.fail()
			return nil
		}
	}
	s.pos = i
	return s.data[start:i]
}

// int reads a token count; other values, negatives, fractions and
// implausibly large numbers give 0.
func (s *jsonScan) int() int {
	b := s.number()
	if len(b) == 0 || len(b) > 15 {
		return 0
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0
		}
		n = n*10 + int(c-'0')
	}
	return n
}

// float reads a number; ok is false for other values.
func (s *jsonScan) float() (float64, bool) {
	b := s.number()
	if b == nil {
		return 0, false
	}
	v, err := strconv.ParseFloat(string(b), 64)
	if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
		return v, true // ±Inf or 0: the caller judges the value (a cost of 1e999 is refused, not absent)
	}
	return v, err == nil
}

// boolean reads true or false; other values give false.
func (s *jsonScan) boolean() bool {
	if s.peek() == 't' {
		return s.literal("true")
	}
	s.skip()
	return false
}

func (s *jsonScan) literal(word string) bool {
	if len(s.data)-s.pos >= len(word) && string(s.data[s.pos:s.pos+len(word)]) == word {
		s.pos += len(word)
		return true
	}
	s.fail()
	return false
}

// span consumes any value and returns its bytes (for the rare error object).
func (s *jsonScan) span() []byte {
	s.peek()
	start := s.pos
	s.skip()
	return s.data[start:s.pos]
}

// skip consumes one value of any type, checking its syntax.
func (s *jsonScan) skip() {
	switch c := s.peek(); {
	case c == '{':
		s.object(func([]byte) {})
	case c == '[':
		s.array(func(int) {})
	case c == '"':
		s.rawString()
	case c == '-' || ('0' <= c && c <= '9'):
		s.number()
	case c == 't':
		s.literal("true")
	case c == 'f':
		s.literal("false")
	case c == 'n':
		s.literal("null")
	default:
		s.fail()
	}
}
