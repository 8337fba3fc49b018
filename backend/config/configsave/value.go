package configsave

import (
	"fmt"
	"math"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	toml "github.com/pelletier/go-toml/v2"
)

// flatRoute is a saved route as "key" and "table.key" → value, the form
// the text editor compares and writes one line at a time.
type flatRoute map[string]any

// flatten encodes s with go-toml and reads it back as plain values, so
// what is compared is what would be written.
func flatten(s savedRoute) (flatRoute, error) {
	data, err := toml.Marshal(s)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	if err := toml.Unmarshal(data, &m); err != nil {
		return nil, err
	}
	out := flatRoute{}
	flattenInto(out, "", m)
	return out, nil
}

// flattenInto puts tables' keys under their dotted path: a nested table
// such as [routes.openrouter.provider] is a table of its own in the file.
func flattenInto(out flatRoute, prefix string, m map[string]any) {
	for k, v := range m {
		if sub, ok := v.(map[string]any); ok {
			flattenInto(out, prefix+k+".", sub)
			continue
		}
		out[prefix+k] = v
	}
}

// keyOrder lists a flat route's keys in the order of savedRoute's fields,
// top-level keys before sub-table ones, so a new table reads as before.
func keyOrder(f flatRoute) []string {
	rank := map[string]int{}
	t := reflect.TypeFor[savedRoute]()
	for i := range t.NumField() {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("toml"), ",")
		rank[name] = i
		ft := t.Field(i).Type
		if ft.Kind() == reflect.Pointer && ft.Elem().Kind() == reflect.Struct {
			for j := range ft.Elem().NumField() {
				sub, _, _ := strings.Cut(ft.Elem().Field(j).Tag.Get("toml"), ",")
				rank[name+"."+sub] = 100*(i+1) + j
			}
		}
	}
	keys := make([]string, 0, len(f))
	for k := range f {
		keys = append(keys, k)
	}
	sort.SliceStable(keys, func(a, b int) bool {
		da, db := strings.Count(keys[a], "."), strings.Count(keys[b], ".")
		if da != db {
			return da < db
		}
		ra, oka := rank[keys[a]]
		rb, okb := rank[keys[b]]
		if oka != okb {
			return oka
		}
		if ra != rb {
			return ra < rb
		}
		return keys[a] < keys[b]
	})
	return keys
}

// encodeBlock writes a whole [[routes]] table, for a route the file did
// not have (or one whose table the line editor cannot follow).
func encodeBlock(f flatRoute) string {
	var b strings.Builder
	b.WriteString("[[routes]]\n")
	table := ""
	for _, k := range keyOrder(f) {
		sub, key := splitKey(k)
		if sub != table {
			table = sub
			fmt.Fprintf(&b, "\n[%s]\n", tablePath(sub))
		}
		fmt.Fprintf(&b, "%s = %s\n", tomlKey(key), encodeValue(f[k]))
	}
	return b.String()
}

// splitKey parts "openrouter.provider.sort" into its table and key.
func splitKey(k string) (table, key string) {
	if i := strings.LastIndex(k, "."); i >= 0 {
		return k[:i], k[i+1:]
	}
	return "", k
}

// tablePath is a sub-table's header name: routes.openrouter.provider.
func tablePath(table string) string {
	parts := []string{"routes"}
	for p := range strings.SplitSeq(table, ".") {
		parts = append(parts, tomlKey(p))
	}
	return strings.Join(parts, ".")
}

var bareKey = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

func tomlKey(k string) string {
	if bareKey.MatchString(k) {
		return k
	}
	return basicString(k)
}

// encodeValue writes v as TOML, with "double-quoted" strings: the style
// init writes and most people type.
func encodeValue(v any) string {
	switch x := v.(type) {
	case string:
		return basicString(x)
	case bool:
		return strconv.FormatBool(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return encodeFloat(x)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = encodeValue(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = tomlKey(k) + " = " + encodeValue(x[k])
		}
		return "{ " + strings.Join(parts, ", ") + " }"
	}
	data, err := toml.Marshal(map[string]any{"v": v})
	if err != nil {
		return `""`
	}
	_, val, _ := strings.Cut(strings.TrimSpace(string(data)), "= ")
	return val
}

func encodeFloat(f float64) string {
	switch {
	case math.IsNaN(f):
		return "nan"
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	}
	s := strconv.FormatFloat(f, 'g', -1, 64)
	if !strings.ContainsAny(s, ".e") {
		s += ".0"
	}
	return s
}

func basicString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString(`\"`)
		case '\\':
			b.WriteString(`\\`)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		default:
			if r < 0x20 || r == 0x7f {
				fmt.Fprintf(&b, `\u%04X`, r)
				continue
			}
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
