package backend

import "testing"

func TestToolResultsText(t *testing.T) {
	got := ToolResultsText([]ToolResult{{CallID: "a", Name: "get_weather", Content: "18°C\x1b[2J"},
		{CallID: "b", Name: "get_time", Content: "18°C\x1b[2J"}})
	if want := "↩ get_weather, get_time: 18°C"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
