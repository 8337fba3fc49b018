package jsonscan

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/routeplay/routeplay/backend/internal/testkit"
)

func TestJSONScanAcceptsWhatEncodingJSONAccepts(t *testing.T) {
	tests := []struct {
		in    string
		valid bool
	}{
		{`{}`, true}, {` { "a" : [ 1 , -2.5e+3 , true , false , null , "x\u00e9\"\\\/\b\f\n\r\t" ] } `, true},
		{`[[],[{}]]`, true}, {`"\ud83d\ude00"`, true}, {`0`, true}, {`-0.0E-0`, true},
		{``, false}, {`{`, false}, {`{"a"}`, false}, {`{"a":}`, false}, {`{"a":1,}`, false}, {`[1,]`, false},
		{`{"a":1}}`, false}, {`01`, false}, {`1.`, false}, {`.5`, false}, {`-`, false}, {`1e`, false},
		{`tru`, false}, {`nul`, false}, {`"abc`, false}, {`"a\x"`, false}, {`"\u12g4"`, false},
		{"\"a\x01\"", false}, {`{"a":1} x`, false}, {"{}\x00", false}, {`{1:2}`, false}, {`+1`, false},
	}
	for _, tt := range tests {
		var s Scanner
		s.Reset([]byte(tt.in))
		s.Skip()
		err := s.End()
		if (err == nil) != tt.valid {
			t.Errorf("%q: err = %v, want valid=%v", tt.in, err, tt.valid)
		}
		if tt.valid != json.Valid([]byte(tt.in)) {
			t.Errorf("%q: the table disagrees with encoding/json", tt.in)
		}
	}
}

func TestJSONScanStrings(t *testing.T) {
	tests := map[string]string{
		`"plain"`:               "plain",
		`"a\"b\\c\/d"`:          `a"b\c/d`,
		`"\n\t\r\b\f"`:          "\n\t\r\b\f",
		`"\u00e9\u4e16"`:        "é世",
		`"\ud83d\ude00"`:        "😀",
		`"\ud83d"`:              "\uFFFD",
		`"\ud83dx"`:             "\uFFFDx",
		`"\ude00\ud83d\ude00"`:  "\uFFFD😀",
		"\"raw \xff bytes\"":    "raw \xff bytes", // kept for the sanitiser
		`null`:                  "",
		`123`:                   "",
		`{"not":"a string"}`:    "",
		`"\u0000 nul is legal"`: "\x00 nul is legal",
	}
	for in, want := range tests {
		var s Scanner
		s.Reset([]byte(in))
		if got := s.Text(); got != want || s.End() != nil {
			t.Errorf("text(%s) = %q, %v; want %q", in, got, s.err, want)
		}
		s.Reset([]byte(in))
		if got := string(s.Str([]byte("keep:"))); got != "keep:"+want {
			t.Errorf("str(%s) = %q, want %q", in, got, "keep:"+want)
		}
	}
}

func TestJSONScanNumbers(t *testing.T) {
	ints := map[string]int{`0`: 0, `42`: 42, `-3`: 0, `1.5`: 0, `1e3`: 0, `"7"`: 0, `null`: 0, `1234567890123456`: 0, `123456789012345`: 123456789012345}
	for in, want := range ints {
		var s Scanner
		s.Reset([]byte(in))
		if got := s.Int(); got != want || s.End() != nil {
			t.Errorf("int(%s) = %d, %v; want %d", in, got, s.err, want)
		}
	}
	var s Scanner
	s.Reset([]byte(`0.00066`))
	if v, ok := s.Float(); !ok || v != 0.00066 {
		t.Errorf("float = %v, %v", v, ok)
	}
	s.Reset([]byte(`null`))
	if _, ok := s.Float(); ok || s.End() != nil {
		t.Errorf("float(null) ok=%v err=%v", ok, s.err)
	}
}

func TestJSONScanDepthIsBounded(t *testing.T) {
	deep := strings.Repeat("[", maxJSONDepth+1) + strings.Repeat("]", maxJSONDepth+1)
	var s Scanner
	s.Reset([]byte(deep))
	s.Skip()
	if s.End() == nil {
		t.Error("nesting beyond the bound was accepted")
	}
	ok := strings.Repeat("[", maxJSONDepth) + strings.Repeat("]", maxJSONDepth)
	s.Reset([]byte(ok))
	s.Skip()
	if err := s.End(); err != nil {
		t.Errorf("nesting at the bound: %v", err)
	}
}

// FuzzJSONScan checks the scanner against encoding/json: the same documents
// are valid, and strings decode alike wherever the input is valid UTF-8.
func FuzzJSONScan(f *testing.F) {
	for _, seed := range []string{`{"a":[1,"b\n",{"c":null}]}`, `"\ud83d\ude00"`, `-1.5e3`, `[true,false]`, `{"a":"\u00e9"}`} {
		f.Add([]byte(seed))
	}
	testkit.AddSeeds(f, "../testdata/sse/*.sse", "openai_", "gemini_")
	f.Fuzz(func(t *testing.T, data []byte) {
		if bytes.Count(data, []byte("["))+bytes.Count(data, []byte("{")) >= maxJSONDepth {
			return // encoding/json allows deeper nesting than the scanner
		}
		var s Scanner
		s.Reset(data)
		s.Skip()
		if got, want := s.End() == nil, json.Valid(data); got != want {
			t.Fatalf("scanner valid=%v, encoding/json valid=%v for %q", got, want, data)
		}
		var want string
		if utf8.Valid(data) && json.Unmarshal(data, &want) == nil {
			s.Reset(data)
			if got := s.Text(); got != want {
				t.Fatalf("text = %q, encoding/json = %q", got, want)
			}
		}
	})
}
