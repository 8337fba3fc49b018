package historycmd

import (
	"strings"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend/history"
	"github.com/routeplay/routeplay/ui/cli/internal/clitest"
)

// The run reads as it does on the screens in `history` and the history export.
func TestOneRunReadsTheSameInHistory(t *testing.T) {
	t.Parallel()
	res := clitest.OneRun(t)
	var runs strings.Builder
	row := history.RunRow{Run: history.Run{StartedAt: time.Date(2026, 1, 2, 3, 4, 0, 0, time.UTC), Report: res.Report()},
		Prompt: "Explain TCP slow start in two sentences."}
	writeHistoryRuns(&runs, []history.RunRow{row}, 1, 0)
	var md strings.Builder
	writeHistoryRunMarkdown(&md, historyRun{RouteReport: res.Report()})
	clitest.CheckOneRun(t, res, map[string]string{"history": runs.String(), "history export": md.String()})
}
