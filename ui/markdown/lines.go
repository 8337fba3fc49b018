package markdown

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// blankRendered reports whether a rendered line shows nothing: only spaces once
// escape sequences are removed (glamour's blank lines carry a margin and,
// styled, a few no-op sequences).
func blankRendered(line string) bool {
	if strings.IndexByte(line, '\x1b') >= 0 {
		line = ansi.Strip(line)
	}
	return strings.Trim(line, " ") == ""
}

// trimLeadingBlank drops the blank lines at the start of s, including a blank
// unterminated last line.
func trimLeadingBlank(s string) string {
	for s != "" {
		line, rest, found := strings.Cut(s, "\n")
		if !blankRendered(line) {
			return s
		}
		if !found {
			return ""
		}
		s = rest
	}
	return s
}

// trimTrailingBlank drops the blank lines at the end of s and its final newline,
// so the result ends with visible text. It only looks at the lines it removes.
func trimTrailingBlank(s string) string {
	for s != "" {
		s = strings.TrimSuffix(s, "\n")
		start := strings.LastIndexByte(s, '\n') + 1
		if !blankRendered(s[start:]) {
			return s
		}
		s = s[:max(start-1, 0)]
	}
	return s
}

// join returns what follows the rendered text before next when that text
// ends with the unterminated line partial (glamour writes some blocks' closing
// escape sequences, and a code block's margin, after their last newline): a
// whole document continues that line with next's first line, so next's copy
// of the left margin goes and the joined line, once terminated, is brought to
// the normal form of every other line (see stripPadding).
func (t *term) join(partial, next string) string {
	if partial == "" {
		return next
	}
	indent := len(partial) - len(strings.TrimLeft(partial, " "))
	if t.base != "" {
		// A canonical partial line's spaces run on past the document
		// margin, which is all the continuation repeats.
		indent = min(indent, t.margin)
	}
	if indent > 0 && len(next) >= indent && strings.Trim(next[:indent], " ") == "" {
		next = next[indent:]
	}
	first, rest, found := strings.Cut(next, "\n")
	if !found {
		return partial + first
	}
	return t.trimLineEnd(partial+first) + "\n" + rest
}

// joinLine is first continuing the unterminated line partial, as join
// makes it.
func (t *term) joinLine(partial, first string) string {
	return strings.TrimSuffix(t.join(partial, first+"\n"), "\n")
}

// estimate guesses how many lines md renders to at wrap width w: each
// source line wrapped, a blank line kept.
func estimate(md string, w int) int {
	n := 0
	for md != "" {
		line, rest, _ := strings.Cut(md, "\n")
		n += max(1, (len(line)+w-1)/w)
		md = rest
	}
	return n
}

// runJoiner concatenates rendered groups as a document's groups join: each
// continues the unterminated line the one before leaves (see join).
type runJoiner struct {
	b       strings.Builder // whole lines
	partial string          // the unterminated last line
}

func (j *runJoiner) add(t *term, out string) {
	out = t.join(j.partial, out)
	whole := strings.LastIndexByte(out, '\n') + 1
	j.b.WriteString(out[:whole])
	j.partial = out[whole:]
}

func (j *runJoiner) empty() bool { return j.b.Len() == 0 && j.partial == "" }

func (j *runJoiner) String() string { return j.b.String() + j.partial }
