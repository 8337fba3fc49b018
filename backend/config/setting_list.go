package config

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ParseList reads a comma-separated list as typed on one line: values are
// trimmed, and a value in double quotes (with Go escapes such as \n) keeps
// its commas, spaces and line breaks. Blank text is an empty list.
func ParseList(text string) ([]string, error) {
	var out []string
	rest := strings.TrimSpace(text)
	for rest != "" {
		var item string
		if rest[0] == '"' {
			quoted, err := strconv.QuotedPrefix(rest)
			if err != nil {
				return nil, fmt.Errorf("unclosed or invalid quoted value: %s", rest)
			}
			item, _ = strconv.Unquote(quoted)
			rest = strings.TrimSpace(rest[len(quoted):])
			if rest != "" && rest[0] != ',' {
				return nil, fmt.Errorf("expected a comma after %s", quoted)
			}
		} else {
			end := strings.IndexByte(rest, ',')
			if end < 0 {
				end = len(rest)
			}
			item = strings.TrimSpace(rest[:end])
			rest = rest[end:]
			if item == "" {
				return nil, fmt.Errorf("a value between commas is empty")
			}
		}
		if item == "" {
			return nil, fmt.Errorf("a quoted value is empty")
		}
		out = append(out, item)
		rest = strings.TrimSpace(strings.TrimPrefix(rest, ","))
	}
	return out, nil
}

// FormatList writes a list so ParseList reads it back: plain values as they
// are, others quoted.
func FormatList(items []string) string {
	parts := make([]string, len(items))
	for i, s := range items {
		parts[i] = s
		if needsQuotes(s) {
			parts[i] = strconv.Quote(s)
		}
	}
	return strings.Join(parts, ", ")
}

func needsQuotes(s string) bool {
	if s == "" || strings.TrimSpace(s) != s || strings.ContainsAny(s, `,"`) || !utf8.ValidString(s) {
		return true
	}
	return strings.IndexFunc(s, func(r rune) bool { return !unicode.IsPrint(r) && r != ' ' }) >= 0
}
