package ui

import (
	"strings"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/history"
	"github.com/routeplay/routeplay/ui/pane"
)

// toolTurnOf is the turn of a run that answered tool calls: its own turn,
// so a continued session sends the results again, not a prompt after
// unanswered calls; a retry answers the same calls and joins it.
func (h *historyLog) toolTurnOf(t *pane.Turn, system string) history.TurnID {
	key := toolTurnKey(t.ToolResults())
	if id, ok := h.byPrompt[key]; ok {
		return id
	}
	if h.session == 0 {
		h.session = h.rec.StartSession(history.SourceTUI, history.Title(t.Prompt()), t.Start())
	}
	id := h.rec.AddToolResultTurn(h.session, t.ToolResults(), system, t.Start())
	h.byPrompt[key] = id
	return id
}

// toolTurnKey names the calls a tool-result turn answered; a NUL can be in
// no prompt, so the key never meets one.
func toolTurnKey(results []backend.ToolResult) string {
	ids := make([]string, len(results))
	for i, r := range results {
		ids[i] = r.CallID
	}
	return "\x00tool\x00" + strings.Join(ids, "\x00")
}

// promptTurns counts the turns of a session the user asked, leaving out
// those that answered tool calls.
func promptTurns(s *history.Session) int {
	n := 0
	for _, t := range s.Turns {
		if t.ToolResults == nil {
			n++
		}
	}
	return n
}
