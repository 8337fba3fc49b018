package backend

import "time"

// gmCall is a functionCall part: Gemini sends each call whole, its args as
// a JSON object.
type gmCall struct {
	id, name, args string
}

func (d *geminiDecoder) parseFunctionCall() *gmCall {
	s := &d.scan
	var c gmCall
	s.object(func(key []byte) {
		switch string(key) {
		case "name":
			c.name = s.text()
		case "id":
			c.id = s.text()
		case "args":
			if s.peek() != 'n' {
				c.args = string(s.span())
			}
		}
	})
	return &c
}

// appendCall starts a call for a functionCall part that names one. Vertex's
// streamed calls continue in parts without a name (partialArgs, then an
// empty functionCall); those are not assembled, so such a call shows its
// name with no arguments.
func (d *geminiDecoder) appendCall(out []Event, at time.Duration, c *gmCall) []Event {
	if c.name == "" {
		return out
	}
	pos, ok := d.tools.add()
	if !ok {
		return out
	}
	return append(out, toolEvent(at, ToolDelta{Index: pos, ID: c.id, Name: c.name, Arguments: c.args}))
}
