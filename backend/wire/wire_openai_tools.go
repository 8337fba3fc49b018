package wire

import (
	"time"

	"github.com/routeplay/routeplay/backend"
)

// oaToolFrag is one entry of delta.tool_calls.
type oaToolFrag struct {
	index          int // -1 when the server sent none
	id, name, args string
}

// parseToolCalls reads delta.tool_calls: {index, id, type, function:{name,
// arguments}}, arguments arriving as string fragments.
func (d *openaiDecoder) parseToolCalls() {
	s, c := &d.scan, &d.chunk
	s.Array(func(int) {
		f := oaToolFrag{index: -1}
		s.Object(func(key []byte) {
			switch string(key) {
			case "index":
				if b := s.Peek(); b >= '0' && b <= '9' {
					f.index = s.Int()
				}
			case "id":
				f.id = s.Text()
			case "function":
				s.Object(func(key []byte) {
					switch string(key) {
					case "name":
						f.name = s.Text()
					case "arguments":
						f.args = s.Text()
					}
				})
			}
		})
		c.tools = append(c.tools, f)
	})
}

// appendTools turns the chunk's tool-call entries into events. An entry
// without an index (Mistral sends each call whole) starts a new call when it
// names one, else continues the latest.
func (d *openaiDecoder) appendTools(out []backend.Event, at time.Duration) []backend.Event {
	for _, f := range d.chunk.tools {
		var pos int
		var ok bool
		switch {
		case f.index >= 0:
			pos, ok = d.tools.pos(f.index)
		case f.id != "" || f.name != "":
			pos, ok = d.tools.add()
		default:
			pos = d.tools.last()
			ok = pos >= 0
		}
		if ok {
			out = append(out, toolEvent(at, backend.ToolDelta{Index: pos, ID: f.id, Name: f.name, Arguments: f.args}))
		}
	}
	return out
}
