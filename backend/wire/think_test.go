package wire

import (
	"strings"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
)

// runThink feeds deltas stamped 1 ms, 2 ms, … and joins what comes out.
func runThink(deltas []string) (reasoning, text string, events []backend.Event) {
	var t thinkSplitter
	for i, d := range deltas {
		events = t.appendContent(events, time.Duration(i+1)*time.Millisecond, d)
	}
	events = t.flush(events, time.Duration(len(deltas)+1)*time.Millisecond)
	var r, x strings.Builder
	for _, ev := range events {
		if ev.Kind == backend.EventReasoning {
			r.WriteString(ev.Text)
		} else {
			x.WriteString(ev.Text)
		}
	}
	return r.String(), x.String(), events
}

func TestThinkSplitter(t *testing.T) {
	tests := []struct {
		name, in, reasoning, text string
	}{
		{"R1Block", "<think>\nLet me add.\n</think>\n\n391", "Let me add.\n", "391"},
		{"LeadingWhitespace", " \n<think>a</think>b", "a", "b"},
		{"NotClosedStaysReasoning", "<think>\nstill thinking", "still thinking", ""},
		{"TagLaterIsText", "Use <think> tags.</think>", "", "Use <think> tags.</think>"},
		{"SimilarTagIsText", "<thinking>x</thinking>", "", "<thinking>x</thinking>"},
		{"PartialTagAtEndIsText", "  <thi", "", "  <thi"},
		{"PartialCloseAtEndIsReasoning", "<think>a</thi", "a</thi", ""},
		{"SecondBlockStaysInAnswer", "<think>a</think>b<think>c</think>", "a", "b<think>c</think>"},
		{"EmptyBlock", "<think></think>\nanswer", "", "answer"},
		{"AnswerIndentKept", "<think>a</think>\n  code", "a", "  code"},
		{"PlainAnswer", "Hello\n\nworld", "", "Hello\n\nworld"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if r, x := SplitThink(tt.in); r != tt.reasoning || x != tt.text {
				t.Fatalf("reference split = %q, %q; want %q, %q", r, x, tt.reasoning, tt.text)
			}
			for i := 0; i <= len(tt.in); i++ {
				for j := i; j <= len(tt.in); j++ {
					r, x, _ := runThink([]string{tt.in[:i], tt.in[i:j], tt.in[j:]})
					if r != tt.reasoning || x != tt.text {
						t.Fatalf("split at %d,%d: reasoning %q text %q; want %q, %q", i, j, r, x, tt.reasoning, tt.text)
					}
				}
			}
		})
	}
}

// TestThinkSplitterFirstTokenStamp: the first event carries the stamp of the
// <think> tag, the model's first byte; later events their own.
func TestThinkSplitterFirstTokenStamp(t *testing.T) {
	_, _, events := runThink([]string{"<think>", "\n", "Okay", " so", "</think>", "\n\n", "Hi"})
	var got []string
	for _, ev := range events {
		got = append(got, ev.Kind.String()+"@"+ev.At.String())
	}
	want := "reasoning@1ms reasoning@4ms text@7ms"
	if strings.Join(got, " ") != want {
		t.Errorf("events %s, want %s", strings.Join(got, " "), want)
	}
}

// FuzzThinkSplitter: however an answer is cut into deltas, the split is the
// one made on the whole answer, and no byte outside the tags and the dropped
// newlines is lost.
func FuzzThinkSplitter(f *testing.F) {
	f.Add("<think>\nabc\n</think>\n\nanswer", uint64(0x0305))
	f.Add(" <thi", uint64(0x01))
	f.Add("<think>a</think", uint64(0x0a0b))
	f.Add("text <think>x</think>", uint64(0x070201))
	f.Fuzz(func(t *testing.T, s string, cuts uint64) {
		var deltas []string
		for rest := s; rest != ""; cuts >>= 4 {
			n := min(len(rest), int(cuts&0xf)+1)
			if cuts == 0 {
				n = len(rest)
			}
			deltas, rest = append(deltas, rest[:n]), rest[n:]
		}
		r, x, _ := runThink(deltas)
		wr, wx := SplitThink(s)
		if r != wr || x != wx {
			t.Fatalf("deltas %q: reasoning %q text %q; want %q, %q", deltas, r, x, wr, wx)
		}
	})
}
