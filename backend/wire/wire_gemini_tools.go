package wire

import (
	"time"

	"github.com/routeplay/routeplay/backend"
)

// gmCall is a functionCall part: Gemini sends each call whole, its args as
// a JSON object; Vertex may stream them (see wire_gemini_partial.go).
type gmCall struct {
	id, name, args string
	signature      string // the part's thoughtSignature
	partial        []gmPartialArg
	willContinue   bool
}

func (d *geminiDecoder) parseFunctionCall() *gmCall {
	s := &d.scan
	var c gmCall
	s.Object(func(key []byte) {
		switch string(key) {
		case "name":
			c.name = s.Text()
		case "id":
			c.id = s.Text()
		case "args":
			if s.Peek() != 'n' {
				c.args = string(s.Span())
			}
		case "partialArgs":
			d.parsePartialArgs(&c)
		case "willContinue":
			c.willContinue = s.Boolean()
		}
	})
	return &c
}

// appendCall starts a call for a functionCall part that names one, at once
// so that its first byte counts as the first token. A part without a name
// continues a streamed call (Vertex), which ends with a part that does not
// say willContinue.
func (d *geminiDecoder) appendCall(out []backend.Event, at time.Duration, c *gmCall) []backend.Event {
	if c.name == "" {
		if d.open == nil {
			return out
		}
		d.open.add(c.partial)
		if !c.willContinue {
			out = d.closeCall(out, at)
		}
		return out
	}
	out = d.closeCall(out, at) // a new call ends a streamed one left open
	pos, ok := d.tools.add()
	if !ok {
		return out
	}
	out = append(out, toolEvent(at, backend.ToolDelta{Index: pos, ID: c.id, Name: c.name, Arguments: c.args, Signature: c.signature}))
	if c.willContinue || len(c.partial) > 0 {
		d.open = &gmStreamedCall{pos: pos}
		d.open.add(c.partial)
		if !c.willContinue {
			out = d.closeCall(out, at)
		}
	}
	return out
}
