package historycmd

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/history"
	"github.com/routeplay/routeplay/ui/cli/cmdenv"
)

// pagedDeps is a terminal of w×h whose $PAGER is pager, writing to out.
func pagedDeps(out *bytes.Buffer, tty bool, w, h int, pager string) *cmdenv.Deps {
	return &cmdenv.Deps{IO: cmdenv.IO{Out: out, Err: out, OutTTY: tty},
		TermSize:  func() (int, int, bool) { return w, h, true },
		LookupEnv: func(k string) (string, bool) { return pager, k == "PAGER" }}
}

func TestHistoryPagesOnATerminalOnly(t *testing.T) {
	t.Parallel()
	const upper = "tr a-z A-Z"
	text := strings.Repeat("run\n", 10)
	var piped bytes.Buffer
	if err := writePaged(pagedDeps(&piped, false, 80, 5, upper), text); err != nil || piped.String() != text {
		t.Fatalf("piped output went through the pager: %q %v", piped.String(), err)
	}
	var tty bytes.Buffer
	if err := writePaged(pagedDeps(&tty, true, 80, 5, upper), text); err != nil || tty.String() != strings.ToUpper(text) {
		t.Fatalf("terminal output did not go through $PAGER: %q %v", tty.String(), err)
	}
	var short bytes.Buffer
	if err := writePaged(pagedDeps(&short, true, 80, 5, upper), "run\n"); err != nil || short.String() != "run\n" {
		t.Fatalf("one screen went through the pager: %q", short.String())
	}
	var broken bytes.Buffer
	if err := writePaged(pagedDeps(&broken, true, 80, 5, "/nonexistent/pager"), text); err != nil || broken.String() != text {
		t.Fatalf("a pager that cannot start lost the text: %q %v", broken.String(), err)
	}
}

func historyRow(route string) history.RunRow {
	return history.RunRow{Run: history.Run{StartedAt: time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC),
		Report: backend.RouteReport{Route: route}}, Prompt: "Name a prime"}
}

func TestHistorySaysHowManyOfHowManyAndUsesTheWidth(t *testing.T) {
	t.Parallel()
	long := "openrouter:meta-llama/llama-3.3-70b-instruct-via-a-long-named-gateway"
	rows := []history.RunRow{historyRow(long), historyRow("direct")}
	var piped strings.Builder
	writeHistoryRuns(&piped, rows, 79, 0)
	if !strings.Contains(piped.String(), "2 of 79 runs, newest first (--limit 0 shows all)") {
		t.Fatalf("no count:\n%s", piped.String())
	}
	if strings.Contains(piped.String(), long) {
		t.Fatalf("piped, the route should keep its 40 columns:\n%s", piped.String())
	}
	var wide strings.Builder
	writeHistoryRuns(&wide, rows, 2, 200)
	if !strings.Contains(wide.String(), long) || strings.Contains(wide.String(), " of ") {
		t.Fatalf("a 200-column terminal cut the route, or counted runs all shown:\n%s", wide.String())
	}
	var narrow strings.Builder
	writeHistoryRuns(&narrow, rows, 2, 140)
	for _, line := range strings.Split(strings.TrimSpace(narrow.String()), "\n") {
		if n := len([]rune(line)); n > 140 {
			t.Errorf("line of %d columns on a 140-column terminal: %q", n, line)
		}
	}
}
