// Package jsonscan is the allocation-free JSON pull parser the stream
// decoders use on every chunk.
package jsonscan

import (
	"fmt"
	"strconv"
)

// Scanner is a small pull parser for the stream's hot path: it walks one
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
type Scanner struct {
	data    []byte
	pos     int
	depth   int
	err     error
	scratch []byte // unescaped text, reused
}

// Err is the first syntax error so far, nil if none.
func (s *Scanner) Err() error { return s.err }

// maxJSONDepth bounds nesting so hostile input cannot exhaust the stack.
const maxJSONDepth = 512

// SyntaxError reports where a document stopped being JSON.
type SyntaxError struct{ Offset int64 }

func (e *SyntaxError) Error() string { return fmt.Sprintf("invalid JSON at byte %d", e.Offset) }

// Reset starts a new document.
func (s *Scanner) Reset(data []byte) {
	s.data, s.pos, s.depth, s.err = data, 0, 0, nil
}

// Fail marks the document invalid at the current position.
func (s *Scanner) Fail() {
	if s.err == nil {
		s.err = &SyntaxError{Offset: int64(s.pos)}
	}
}

// End reports the first syntax error, or trailing bytes after the document.
func (s *Scanner) End() error {
	if !s.AtEnd() {
		s.Fail()
	}
	return s.err
}

// AtEnd reports whether only whitespace remains (or the scan failed).
func (s *Scanner) AtEnd() bool {
	s.Peek()
	return s.err != nil || s.pos >= len(s.data)
}

// Peek skips whitespace and returns the next byte, 0 at the end or after an error.
func (s *Scanner) Peek() byte {
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

func (s *Scanner) enter() bool {
	s.depth++
	if s.depth > maxJSONDepth {
		s.Fail()
		return false
	}
	return true
}

// Object walks an object, calling member for each key (raw, escapes not
// decoded). member reads the value with one call, or leaves it to be skipped.
// A value that is not an object is skipped.
func (s *Scanner) Object(member func(key []byte)) {
	if s.Peek() != '{' {
		s.Skip()
		return
	}
	s.pos++
	if !s.enter() {
		return
	}
	if s.Peek() == '}' {
		s.pos++
		s.depth--
		return
	}
	for s.err == nil {
		key, _ := s.rawString()
		if s.Peek() != ':' {
			s.Fail()
			return
		}
		s.pos++
		start := s.valueStart()
		member(key)
		if s.pos == start {
			s.Skip()
		}
		if !s.next('}') {
			return
		}
	}
}

// next consumes a comma (true: another member follows) or the closing byte.
func (s *Scanner) next(closing byte) bool {
	switch s.Peek() {
	case ',':
		s.pos++
		return true
	case closing:
		s.pos++
		s.depth--
	default:
		s.Fail()
	}
	return false
}

// Array walks an array, calling elem with each index; like member, elem
// reads the value or leaves it to be skipped. Other values are skipped.
func (s *Scanner) Array(elem func(i int)) {
	if s.Peek() != '[' {
		s.Skip()
		return
	}
	s.pos++
	if !s.enter() {
		return
	}
	if s.Peek() == ']' {
		s.pos++
		s.depth--
		return
	}
	for i := 0; s.err == nil; i++ {
		start := s.valueStart()
		elem(i)
		if s.pos == start {
			s.Skip()
		}
		if !s.next(']') {
			return
		}
	}
}

// valueStart skips whitespace before a value and returns where it starts,
// so a callback that read nothing can be told from one that read the value.
func (s *Scanner) valueStart() int {
	s.Peek()
	return s.pos
}

// rawString consumes a string and returns its bytes between the quotes,
// escapes undecoded, and whether it has any.
func (s *Scanner) rawString() (raw []byte, escaped bool) {
	if s.Peek() != '"' {
		s.Fail()
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
				s.Fail()
				return nil, false
			}
		case c < 0x20:
			s.pos = i
			s.Fail()
			return nil, false
		}
	}
	s.pos = len(s.data)
	s.Fail()
	return nil, false
}

// Str appends a string value, unescaped, to dst. null and other types leave dst as is.
func (s *Scanner) Str(dst []byte) []byte {
	if s.Peek() != '"' {
		s.Skip()
		return dst
	}
	raw, escaped := s.rawString()
	if !escaped {
		return append(dst, raw...)
	}
	return s.unescape(dst, raw)
}

// Text returns a string value ("" for null or another type).
func (s *Scanner) Text() string {
	if s.Peek() != '"' {
		s.Skip()
		return ""
	}
	raw, escaped := s.rawString()
	if !escaped {
		return string(raw)
	}
	s.scratch = s.unescape(s.scratch[:0], raw)
	return string(s.scratch)
}

// Number consumes a number and returns its text; other values give nil.
func (s *Scanner) Number() []byte {
	if c := s.Peek(); c != '-' && (c < '0' || c > '9') {
		s.Skip()
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
		s.Fail()
		return nil
	}
	if i < len(s.data) && s.data[i] == '.' {
		i++
		if digits() == 0 {
			s.pos = i
			s.Fail()
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
			s.Fail()
			return nil
		}
	}
	s.pos = i
	return s.data[start:i]
}

// Int reads a token count; other values, negatives, fractions and
// implausibly large numbers give 0.
func (s *Scanner) Int() int {
	b := s.Number()
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

// Float reads a number; ok is false for other values.
func (s *Scanner) Float() (float64, bool) {
	b := s.Number()
	if b == nil {
		return 0, false
	}
	v, err := strconv.ParseFloat(string(b), 64)
	if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
		return v, true // ±Inf or 0: the caller judges the value (a cost of 1e999 is refused, not absent)
	}
	return v, err == nil
}

// Boolean reads true or false; other values give false.
func (s *Scanner) Boolean() bool {
	if s.Peek() == 't' {
		return s.literal("true")
	}
	s.Skip()
	return false
}

func (s *Scanner) literal(word string) bool {
	if len(s.data)-s.pos >= len(word) && string(s.data[s.pos:s.pos+len(word)]) == word {
		s.pos += len(word)
		return true
	}
	s.Fail()
	return false
}

// Span consumes any value and returns its bytes (for the rare error object).
func (s *Scanner) Span() []byte {
	s.Peek()
	start := s.pos
	s.Skip()
	return s.data[start:s.pos]
}

// Skip consumes one value of any type, checking its syntax.
func (s *Scanner) Skip() {
	switch c := s.Peek(); {
	case c == '{':
		s.Object(func([]byte) {})
	case c == '[':
		s.Array(func(int) {})
	case c == '"':
		s.rawString()
	case c == '-' || ('0' <= c && c <= '9'):
		s.Number()
	case c == 't':
		s.literal("true")
	case c == 'f':
		s.literal("false")
	case c == 'n':
		s.literal("null")
	default:
		s.Fail()
	}
}
