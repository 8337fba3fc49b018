package simulated

import (
	"testing"

	"github.com/routeplay/routeplay/backend/demo"
	"github.com/routeplay/routeplay/backend/suite"
	"github.com/routeplay/routeplay/backend/tooldef"
)

// TestSloppyProviderDiffers: on the built-in suite the careful simulated
// models make every expected call; the sloppy one skips a call, breaks the
// JSON of another and leaves out required fields of a third, every time.
func TestSloppyProviderDiffers(t *testing.T) {
	var skipped, broken, careless int
	for _, c := range suite.Builtin().Cases {
		if c.Call == nil {
			continue
		}
		body := map[string]any{"tools": []any{map[string]any{"type": "function"}}}
		req := demo.Request{Wire: demo.OpenAI, Prompt: c.Prompt, Body: body}
		var good, sloppy demo.Script
		answerCase(req, &good, false)
		answerCase(req, &sloppy, true)
		if len(good.ToolCalls) != 1 || good.ToolCalls[0].Name != c.Call.Name {
			t.Errorf("%s: careful model calls %+v", c.ID, good.ToolCalls)
		}
		if tool, ok := tooldef.FindTool(c.Tools, c.Call.Name); !ok || tool.CheckArguments(string(c.Call.Arguments)) != nil {
			t.Errorf("%s: the expected call does not follow its schema", c.ID)
		}
		switch {
		case len(sloppy.ToolCalls) == 0:
			skipped++
		case sloppy.ToolCalls[0].Arguments == "{}":
			careless++
		case sloppy.ToolCalls[0].Arguments != good.ToolCalls[0].Arguments:
			broken++
		}
	}
	if skipped == 0 || broken == 0 || careless == 0 {
		t.Errorf("sloppy provider: %d skipped, %d broken JSON, %d missing fields; want some of each", skipped, broken, careless)
	}
	var again demo.Script
	c := suite.Builtin().Cases[0]
	answerCase(demo.Request{Wire: demo.OpenAI, Prompt: c.Prompt, Body: map[string]any{"tools": []any{map[string]any{}}}}, &again, true)
	var first demo.Script
	answerCase(demo.Request{Wire: demo.OpenAI, Prompt: c.Prompt, Body: map[string]any{"tools": []any{map[string]any{}}}}, &first, true)
	if len(again.ToolCalls) != len(first.ToolCalls) || again.Text != first.Text {
		t.Error("the sloppy provider is not deterministic")
	}
}

// TestOtherPromptsUnchanged: prompts outside the suite keep the demo answer.
func TestOtherPromptsUnchanged(t *testing.T) {
	var sc demo.Script
	if answerCase(demo.Request{Wire: demo.OpenAI, Prompt: "Explain HTTP/2"}, &sc, true) || sc.Text != "" || sc.ToolCalls != nil {
		t.Errorf("a free prompt was answered as a case: %+v", sc)
	}
}
