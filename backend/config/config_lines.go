package config

import (
	"regexp"
	"strings"
)

// tableHeader matches a [routes.x.y] sub-table header; [[routes]] starts a
// new route and is found by routeLines.
var tableHeader = regexp.MustCompile(`^\s*\[\s*routes\.([A-Za-z0-9_.]+)\s*\]`)

// fieldLine is the 1-based line of route i's field (a dotted path such as
// "openrouter.provider.sort"), written in its table or in an inline table
// of a parent; the route's [[routes]] line when it cannot be found, e.g. a
// field left out.
func (c *Config) fieldLine(i int, field string) int {
	start := c.routeLines[i]
	end := len(c.lines)
	if i+1 < len(c.routeLines) {
		end = c.routeLines[i+1] - 1
	}
	parent, key := "", field
	if j := strings.LastIndex(field, "."); j >= 0 {
		parent, key = field[:j], field[j+1:]
	}
	assign := regexp.MustCompile(`(^|[{,\s])` + regexp.QuoteMeta(key) + `\s*=`)
	table := ""
	for n := start; n < end && n < len(c.lines); n++ { // c.lines[start] is the line after the header
		line := c.lines[n]
		if m := tableHeader.FindStringSubmatch(line); m != nil {
			table = m[1]
			continue
		}
		if strings.HasPrefix(strings.TrimSpace(line), "[") {
			break // another top-level table ends the route
		}
		inTable := table == parent || (table == "" && parent == "") ||
			(parent != "" && (table == "" || strings.HasPrefix(parent, table+".")))
		if inTable && assign.MatchString(stripComment(line)) {
			return n + 1
		}
	}
	return start
}

// stripComment drops a # comment that is not inside a string.
func stripComment(line string) string {
	inString := byte(0)
	for i := 0; i < len(line); i++ {
		switch ch := line[i]; {
		case inString != 0 && ch == '\\' && inString == '"':
			i++
		case inString != 0 && ch == inString:
			inString = 0
		case inString == 0 && (ch == '"' || ch == '\''):
			inString = ch
		case inString == 0 && ch == '#':
			return line[:i]
		}
	}
	return line
}
