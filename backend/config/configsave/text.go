package configsave

import (
	"errors"
	"reflect"
	"regexp"
	"strings"

	toml "github.com/pelletier/go-toml/v2"
)

// errCannotEdit says the routes' text has a shape the line editor does not
// follow (inline tables, dotted keys, routes = [...]); the caller then
// writes those tables afresh.
var errCannotEdit = errors.New("routes table not editable line by line")

var (
	arrayHeader = regexp.MustCompile(`^\s*\[\[\s*routes\s*\]\]`)
)

// fileBlock is one [[routes]] table in the file's lines: from lead (the
// comments just above its header) to end (the next table's lead).
type fileBlock struct{ lead, header, end int }

// routeBlocks finds the [[routes]] tables, their sub-tables included.
func routeBlocks(lines []string) []fileBlock {
	var blocks []fileBlock
	cur, run := -1, -1
	for i, line := range lines {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "#") {
			if run < 0 {
				run = i
			}
			continue
		}
		if anyHeader.MatchString(line) {
			lead := i
			if run >= 0 {
				lead = run
			}
			switch {
			case arrayHeader.MatchString(line):
				if cur >= 0 {
					blocks[cur].end = lead
				}
				blocks = append(blocks, fileBlock{lead: lead, header: i, end: len(lines)})
				cur = len(blocks) - 1
			case routeHeader.MatchString(line): // a sub-table of this route
			default:
				if cur >= 0 {
					blocks[cur].end = lead
					cur = -1
				}
			}
		}
		run = -1
	}
	return blocks
}

// editBlock changes, in one [[routes]] table's lines, only the keys whose
// value differs between was and now; every other line stays as written.
func editBlock(lines []string, was, now flatRoute) ([]string, error) {
	out := append([]string(nil), lines...)
	keys := keyOrder(union(was, now))
	for _, k := range keys {
		v, keep := now[k]
		if reflect.DeepEqual(was[k], v) && keep == hasKey(was, k) {
			continue
		}
		var err error
		if out, err = setKey(out, k, v, keep); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func union(a, b flatRoute) flatRoute {
	u := flatRoute{}
	for k, v := range a {
		u[k] = v
	}
	for k, v := range b {
		u[k] = v
	}
	return u
}

func hasKey(f flatRoute, k string) bool { _, ok := f[k]; return ok }

// setKey replaces, inserts or (keep false) deletes one key's line.
func setKey(lines []string, k string, v any, keep bool) ([]string, error) {
	table, key := splitKey(k)
	start, end, found := section(lines, table)
	if !found {
		if !keep {
			return lines, nil
		}
		if table != "" && setInline(lines, table) {
			return nil, errCannotEdit
		}
		return appendTable(lines, table, key, v), nil
	}
	i, j, ok, err := findKey(lines, start, end, key)
	if err != nil {
		return nil, err
	}
	switch {
	case ok && !keep:
		return append(lines[:i:i], lines[j+1:]...), nil
	case ok:
		repl := replaceValue(lines[i:j+1], v)
		return append(append(lines[:i:i], repl), lines[j+1:]...), nil
	case keep:
		at := lastKeyLine(lines, start, end) + 1
		line := tomlKey(key) + " = " + encodeValue(v) + "\n"
		return append(append(lines[:at:at], line), lines[at:]...), nil
	}
	return lines, nil
}

// section is the range of key lines of the main table (table "") or of
// [routes.<table>] within a block whose first line is its header.
func section(lines []string, table string) (start, end int, ok bool) {
	start = -1
	for i, line := range lines {
		if !anyHeader.MatchString(line) {
			continue
		}
		if start >= 0 {
			return start, i, true
		}
		if table == "" && arrayHeader.MatchString(line) {
			start = i + 1
		} else if table != "" && subTableHeader(table).MatchString(line) {
			start = i + 1
		}
	}
	if start < 0 {
		return 0, 0, false
	}
	return start, len(lines), true
}

// subTableHeader matches the header of [routes.<table>], table dotted.
func subTableHeader(table string) *regexp.Regexp {
	var parts []string
	for p := range strings.SplitSeq(table, ".") {
		parts = append(parts, `"?`+regexp.QuoteMeta(p)+`"?`)
	}
	return regexp.MustCompile(`^\s*\[\s*routes\s*\.\s*` + strings.Join(parts, `\s*\.\s*`) + `\s*\]`)
}

// setInline says whether a table the block lacks is set some other way:
// as an inline table or with dotted keys in a parent table. Those are left
// to a full rewrite.
func setInline(lines []string, table string) bool {
	parts := strings.Split(table, ".")
	for k := range parts {
		start, end, ok := section(lines, strings.Join(parts[:k], "."))
		if !ok {
			continue
		}
		re := regexp.MustCompile(`^\s*"?` + regexp.QuoteMeta(parts[k]) + `"?\s*[=.]`)
		for _, line := range lines[start:end] {
			if re.MatchString(line) {
				return true
			}
		}
	}
	return false
}

// findKey finds key's line in [start, end) and how far its value runs: a
// multi-line array or string ends at the first line where it parses.
func findKey(lines []string, start, end int, key string) (i, j int, ok bool, err error) {
	re := regexp.MustCompile(`^\s*(` + regexp.QuoteMeta(key) + `|"` + regexp.QuoteMeta(key) + `")\s*=`)
	for i = start; i < end; i++ {
		if !re.MatchString(lines[i]) {
			continue
		}
		for j = i; j < end; j++ {
			var m map[string]any
			if toml.Unmarshal([]byte(strings.Join(lines[i:j+1], "")), &m) == nil {
				return i, j, true, nil
			}
		}
		return 0, 0, false, errCannotEdit
	}
	return 0, 0, false, nil
}

// replaceValue writes v after the key as written ("name   =" keeps its
// spacing) and keeps a comment at the end of a one-line value.
func replaceValue(old []string, v any) string {
	first := strings.TrimRight(old[0], "\r\n")
	eq := strings.Index(first, "=")
	comment := ""
	if len(old) == 1 {
		comment = trailingComment(first)
	}
	return first[:eq+1] + " " + encodeValue(v) + comment + "\n"
}

// trailingComment is the "  # ..." after a one-line value: the first #
// before which the line parses on its own.
func trailingComment(line string) string {
	for p := strings.Index(line, "#"); p >= 0; {
		var m map[string]any
		if toml.Unmarshal([]byte(line[:p]), &m) == nil {
			q := len(strings.TrimRight(line[:p], " \t"))
			return line[q:]
		}
		next := strings.Index(line[p+1:], "#")
		if next < 0 {
			break
		}
		p += next + 1
	}
	return ""
}

func lastKeyLine(lines []string, start, end int) int {
	last := start - 1
	for i := start; i < end; i++ {
		t := strings.TrimSpace(lines[i])
		if t != "" && !strings.HasPrefix(t, "#") {
			last = i
		}
	}
	return last
}

// appendTable adds [routes.<table>] with one key at the block's end,
// before its trailing blank lines.
func appendTable(lines []string, table, key string, v any) []string {
	at := len(lines)
	for at > 0 && strings.TrimSpace(lines[at-1]) == "" {
		at--
	}
	add := []string{"\n", "[" + tablePath(table) + "]\n", tomlKey(key) + " = " + encodeValue(v) + "\n"}
	return append(append(lines[:at:at], add...), lines[at:]...)
}
