package simulated

import (
	"bytes"
	"encoding/json"
	"hash/fnv"

	"github.com/routeplay/routeplay/backend/demo"
	"github.com/routeplay/routeplay/backend/suite"
)

// The simulated models answer the built-in verify suite as a model would:
// the call a case expects when tools are offered, the example when a schema
// is asked, the one right answer of a short question. One simulated
// provider (Sloppy in its profile) is careless, as some real providers of
// one model are: for about three cases in ten, picked from the case's id so
// every run is the same, it skips the call, writes broken JSON arguments or
// leaves out required fields.

// Sloppy mistakes, by a case's hash modulo sloppyEvery.
const (
	sloppyEvery   = 10
	sloppySkip    = 0 // answer in words instead of calling the tool
	sloppyBadJSON = 1 // arguments cut short: not valid JSON
	sloppyMissing = 2 // arguments or answer without their fields
)

// sloppySkipText is what a careless route says instead of calling a tool.
const sloppySkipText = "I can't look that up right now."

// answerCase replaces the script's answer when the prompt is a built-in
// verify case. It reports whether it did.
func answerCase(req demo.Request, sc *demo.Script, sloppy bool) bool {
	c, ok := suite.BuiltinCase(req.Prompt)
	if !ok {
		return false
	}
	mistake := -1
	if sloppy {
		mistake = int(caseHash(c.ID) % sloppyEvery)
	}
	switch {
	case c.Call != nil && offersTools(req):
		sc.Text = ""
		args := string(c.Call.Arguments)
		switch mistake {
		case sloppySkip:
			sc.Text = sloppySkipText
			return true
		case sloppyBadJSON:
			args = args[:len(args)/2]
		case sloppyMissing:
			args = "{}"
		}
		sc.ToolCalls = []demo.ToolCall{{Name: c.Call.Name, Arguments: args}}
	case c.Schema != nil && len(c.Example) > 0:
		answer := string(compact(c.Example))
		if mistake == sloppyMissing || mistake == sloppyBadJSON {
			answer = "{}"
		}
		if name := forcedTool(req); name != "" {
			sc.Text, sc.ToolCalls = "", []demo.ToolCall{{Name: name, Arguments: answer}}
		} else {
			sc.Text = answer
		}
	case c.Answer != "":
		sc.Text = c.Answer
	default:
		return false
	}
	return true
}

// offersTools reports a request that declares function tools, in any
// wire's form, other than the forced tool that carries Anthropic's
// structured output.
func offersTools(req demo.Request) bool {
	list, _ := req.Body["tools"].([]any)
	return len(list) > 0 && forcedTool(req) == ""
}

// forcedTool names the tool an Anthropic request forces (how structured
// output travels on that wire), "" when none.
func forcedTool(req demo.Request) string {
	if req.Wire != demo.Anthropic {
		return ""
	}
	tc, _ := req.Body["tool_choice"].(map[string]any)
	if tc == nil || tc["type"] != "tool" {
		return ""
	}
	name, _ := tc["name"].(string)
	return name
}

func caseHash(id string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(id))
	return h.Sum64()
}

func compact(raw json.RawMessage) []byte {
	var buf bytes.Buffer
	if json.Compact(&buf, raw) != nil {
		return raw
	}
	return buf.Bytes()
}
