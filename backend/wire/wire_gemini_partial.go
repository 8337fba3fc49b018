package wire

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/routeplay/routeplay/backend"
)

// Vertex AI can stream a call's arguments: a functionCall part with the name
// and willContinue, then parts with partialArgs ({jsonPath, stringValue |
// numberValue | boolValue | nullValue, willContinue}; string pieces of one
// path concatenate), then a functionCall part without willContinue that ends
// the call. The arguments are assembled into one JSON object when it ends.

// gmPartialArg is one partialArgs entry.
type gmPartialArg struct {
	path         string
	leaf         string // the value as JSON text; for strings, the unquoted piece
	isString     bool
	willContinue bool
}

// gmStreamedCall is a call whose arguments are still arriving.
type gmStreamedCall struct {
	pos  int
	args []gmPartialArg // merged: one entry per value
	// grow holds the last entry's string while its pieces keep coming, so a
	// value streamed in many pieces is built in linear time.
	grow strings.Builder
}

// maxPartialArgs, maxPartialIndex and maxPartialNodes bound what a hostile
// stream can make the decoder keep and build.
const (
	maxPartialArgs  = 1024
	maxPartialIndex = 1024
	maxPartialNodes = 8192
)

func (d *geminiDecoder) parsePartialArgs(c *gmCall) {
	s := &d.scan
	s.Array(func(int) {
		var p gmPartialArg
		s.Object(func(key []byte) {
			switch string(key) {
			case "jsonPath":
				p.path = s.Text()
			case "stringValue":
				p.leaf, p.isString = s.Text(), true
			case "numberValue":
				p.leaf = string(s.Number())
			case "boolValue":
				p.leaf = strconv.FormatBool(s.Boolean())
			case "nullValue":
				p.leaf = "null"
			case "willContinue":
				p.willContinue = s.Boolean()
			}
		})
		if p.path != "" && (p.leaf != "" || p.isString) {
			c.partial = append(c.partial, p)
		}
	})
}

// add merges pieces: a string piece continues the previous one of the same
// path when that said it would.
func (sc *gmStreamedCall) add(parts []gmPartialArg) {
	for _, p := range parts {
		if n := len(sc.args); n > 0 {
			last := &sc.args[n-1]
			if last.willContinue && last.isString && p.isString && last.path == p.path {
				if sc.grow.Len() == 0 {
					sc.grow.WriteString(last.leaf)
				}
				sc.grow.WriteString(p.leaf)
				last.leaf = sc.grow.String()
				last.willContinue = p.willContinue
				continue
			}
		}
		if len(sc.args) < maxPartialArgs {
			sc.args = append(sc.args, p)
			sc.grow.Reset() // it belongs to the last entry only
		}
	}
}

// closeCall ends the streamed call, if any, with its assembled arguments.
func (d *geminiDecoder) closeCall(out []backend.Event, at time.Duration) []backend.Event {
	sc := d.open
	if sc == nil {
		return out
	}
	d.open = nil
	if args := sc.json(); args != "" {
		out = append(out, toolEvent(at, backend.ToolDelta{Index: sc.pos, Arguments: args}))
	}
	return out
}

// jsonNode is a value being built from paths: an object (ordered keys), an
// array, or a leaf holding JSON text.
type jsonNode struct {
	keys  []string
	kids  []*jsonNode
	elems []*jsonNode
	isArr bool
	leaf  string
}

// json builds the arguments object; "" when no path could be read.
func (sc *gmStreamedCall) json() string {
	root := &jsonNode{}
	ok, budget := false, maxPartialNodes
	for _, a := range sc.args {
		leaf := a.leaf
		if a.isString {
			b, _ := json.Marshal(a.leaf)
			leaf = string(b)
		}
		ok = root.set(a.path, leaf, &budget) || ok
	}
	if !ok {
		return ""
	}
	var b strings.Builder
	root.write(&b)
	return b.String()
}

// pathSeg is one step of a JSON path: a member key, or an index when idx >= 0.
type pathSeg struct {
	key string
	idx int
}

// parsePath reads a path such as $.a.b[2] or $['a']; false if it cannot.
func parsePath(path string) ([]pathSeg, bool) {
	rest, ok := strings.CutPrefix(path, "$")
	if !ok || rest == "" {
		return nil, false
	}
	var segs []pathSeg
	for rest != "" {
		seg := pathSeg{idx: -1}
		switch {
		case strings.HasPrefix(rest, "['") || strings.HasPrefix(rest, `["`):
			end := strings.Index(rest[2:], rest[1:2]+"]")
			if end < 0 {
				return nil, false
			}
			seg.key, rest = rest[2:2+end], rest[2+end+2:]
		case rest[0] == '[':
			end := strings.IndexByte(rest, ']')
			i, err := strconv.Atoi(rest[1:max(end, 1)])
			if end < 0 || err != nil || i < 0 || i >= maxPartialIndex {
				return nil, false
			}
			seg.idx, rest = i, rest[end+1:]
		case rest[0] == '.':
			end := strings.IndexAny(rest[1:], ".[")
			if end < 0 {
				end = len(rest) - 1
			}
			seg.key, rest = rest[1:1+end], rest[1+end:]
		default:
			return nil, false
		}
		segs = append(segs, seg)
	}
	return segs, true
}

// set places leaf at path; false, changing nothing, if the path cannot be
// read or could take more nodes than budget has left.
func (n *jsonNode) set(path, leaf string, budget *int) bool {
	segs, ok := parsePath(path)
	if !ok {
		return false
	}
	cost := 0
	for _, sg := range segs {
		cost += max(1, sg.idx+1) // at most this many new nodes
	}
	if cost > *budget {
		return false
	}
	*budget -= cost
	for _, sg := range segs {
		n = n.child(sg.key, sg.idx)
	}
	n.keys, n.kids, n.elems, n.isArr, n.leaf = nil, nil, nil, false, leaf
	return true
}

// child returns the member key (idx < 0) or element idx, creating it.
func (n *jsonNode) child(key string, idx int) *jsonNode {
	n.leaf = ""
	if idx >= 0 {
		n.isArr, n.keys, n.kids = true, nil, nil
		for len(n.elems) <= idx {
			n.elems = append(n.elems, &jsonNode{leaf: "null"})
		}
		if n.elems[idx].leaf == "null" {
			n.elems[idx].leaf = ""
		}
		return n.elems[idx]
	}
	n.isArr, n.elems = false, nil
	for i, k := range n.keys {
		if k == key {
			return n.kids[i]
		}
	}
	c := &jsonNode{}
	n.keys, n.kids = append(n.keys, key), append(n.kids, c)
	return c
}

func (n *jsonNode) write(b *strings.Builder) {
	switch {
	case n.leaf != "":
		b.WriteString(n.leaf)
	case n.isArr:
		b.WriteByte('[')
		for i, e := range n.elems {
			if i > 0 {
				b.WriteByte(',')
			}
			e.write(b)
		}
		b.WriteByte(']')
	default:
		b.WriteByte('{')
		for i, k := range n.keys {
			if i > 0 {
				b.WriteByte(',')
			}
			kj, _ := json.Marshal(k)
			b.Write(kj)
			b.WriteByte(':')
			n.kids[i].write(b)
		}
		b.WriteByte('}')
	}
}
