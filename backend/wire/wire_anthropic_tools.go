package wire

import (
	"time"

	"github.com/routeplay/routeplay/backend"
)

// anTool holds the tool-call members of an Anthropic event.
type anTool struct {
	index               int
	blockType, id, name []byte
	partial             string // input_json_delta.partial_json
}

// parseBlock reads content_block_start's content_block.
func (d *anthropicDecoder) parseBlock() {
	s, t := &d.scan, &d.ev.tool
	s.Object(func(key []byte) {
		switch string(key) {
		case "type":
			t.blockType = s.Str(t.blockType)
		case "id":
			t.id = s.Str(t.id)
		case "name":
			t.name = s.Str(t.name)
		}
	})
}

// startBlock opens a call for a tool_use block (or a server_tool_use block,
// a tool Anthropic runs itself). Its arguments follow as input_json_delta;
// the block's own "input" is always {} when streaming and is not read.
func (d *anthropicDecoder) startBlock(out []backend.Event, at time.Duration) []backend.Event {
	t := &d.ev.tool
	server := string(t.blockType) == "server_tool_use"
	if !server && string(t.blockType) != "tool_use" {
		return out
	}
	pos, ok := d.tools.pos(t.index)
	if !ok {
		return out
	}
	return append(out, toolEvent(at, backend.ToolDelta{Index: pos, ID: string(t.id), Name: string(t.name), Server: server}))
}

// toolArgs appends an input_json_delta to the call its block opened; a delta
// for a block that opened no call is ignored.
func (d *anthropicDecoder) toolArgs(out []backend.Event, at time.Duration) []backend.Event {
	t := &d.ev.tool
	pos, ok := d.tools.find(t.index)
	if !ok || t.partial == "" {
		return out
	}
	return append(out, toolEvent(at, backend.ToolDelta{Index: pos, Arguments: t.partial}))
}
