package markdown

import "testing"

func TestScannerBoundaries(t *testing.T) {
	tests := []struct {
		name string
		text string
		want int // the last stable boundary
	}{
		{"no blank line", "one\ntwo\n", 0},
		{"paragraphs", "one\n\ntwo\n", 5},
		{"several blank lines", "one\n\n\n\ntwo\n", 7},
		{"blank with spaces", "one\n  \t\ntwo\n", 8},
		{"next line unknown yet", "one\n\nt", 0},
		{"long unfinished next line", "one\n\nthis line is long enough", 5},
		{"blank inside backtick fence", "```go\na\n\nb\n", 0},
		{"after closed fence", "```go\na\n\nb\n```\n\nafter\n", 16},
		{"tilde fence ignores backticks", "~~~\n```\n\nx\n", 0},
		{"tilde closes tilde", "~~~\n```\n\nx\n~~~\n\ny\n", 16},
		{"longer fence needs longer close", "````\n```\n\nx\n", 0},
		{"longer fence closed", "````\n```\n\nx\n`````\n\ny\n", 19},
		{"close may not carry text", "```\na\n``` x\n\nb\n", 0},
		{"indented fence up to three spaces", "   ```\na\n\nb\n", 0},
		{"four spaces is code, not a fence", "    ```\n\nb\n", 9},
		{"backtick in info string is no fence", "```a`b\n\nc\n", 8},
		{"indented next line continues", "- a\n\n  more\n", 0},
		{"list continues across blank", "- a\n\n- b\n", 0},
		{"ordered list continues", "1. a\n\n2. b\n", 0},
		{"paragraph after list", "- a\n\nend\n", 5},
		{"list after paragraph", "intro\n\n- a\n", 7},
		{"fence inside list item", "- a\n\n  ```\n  x\n\n  y\n  ```\n\n- b\n\nend\n", 32},
		{"fence in a nested item stays open until closed", "- a\n  - b\n\n      ```\n      x\n\nend\n", 0},
		{"heading", "# Title\n\ntext\n", 9},
		{"definition after blank line", "Term\n\n: definition\n", 0},
		{"definition list may go on", "Term\n: def\n\nOther term\n: def\n", 0},
		{"heading ends a definition list", "Term\n: def\n\n# Next\n", 12},
		{"blank lines inside an HTML comment", "<!--\n\nnote\n\n-->\n\nafter\n", 17},
		{"one-line comment closes itself", "<!-- note -->\n\nafter\n", 15},
		{"pre keeps blank lines", "<pre>\na\n\nb\n", 0},
		{"a space before a paragraph", "one\n\n two\n", 5},
		{"three spaces before a paragraph", "one\n\n   two\n", 5},
		{"a tab is code", "one\n\n\ttwo\n", 0},
		{"an indented line may continue a list item", "1. a\n\n   more\n", 0},
		{"an indented line may continue a definition", "Term\n: def\n\n  more\n", 0},
		{"an indented definition", "Term\n\n : definition\n", 0},
		{"an indented fence", "one\n\n  ```\nx\n\ny\n", 5},
		{"an indented list after a paragraph", "intro\n\n - a\n\n - b\n", 7},
		{"an indented comment", "one\n\n  <!--\n\nx\n", 5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var s scanner
			if got := s.advance(tc.text); got != tc.want {
				t.Fatalf("boundary of %q = %d, want %d", tc.text, got, tc.want)
			}
			// Feeding the same text byte by byte must end in the same place.
			var inc scanner
			for i := 1; i <= len(tc.text); i++ {
				inc.advance(tc.text[:i])
			}
			if inc.boundary != tc.want {
				t.Fatalf("incremental boundary of %q = %d, want %d", tc.text, inc.boundary, tc.want)
			}
		})
	}
}

func TestIsListItem(t *testing.T) {
	for line, want := range map[string]bool{
		"- a": true, "* a": true, "+ a": true, "-": true, "1. a": true, "12) a": true, "   3. x": true,
		"-a": false, "1.a": false, "1": false, "a. b": false, "1234567890. x": false, "": false, "text": false,
	} {
		if got := isListItem(line); got != want {
			t.Errorf("isListItem(%q) = %v, want %v", line, got, want)
		}
	}
}
