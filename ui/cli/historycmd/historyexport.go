package historycmd

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/export"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/backend/history"
	"github.com/routeplay/routeplay/backend/safetext"
)

// historyExportDoc is the `history export --json` document: sessions, their
// turns, and each turn's runs as `ask --json` route objects.
type historyExportDoc struct {
	ExportedAt time.Time        `json:"exported_at"`
	Sessions   []historySession `json:"sessions"`
}

type historySession struct {
	ID        *int64        `json:"id"` // null for runs recorded outside a session (bench)
	Source    string        `json:"source"`
	StartedAt time.Time     `json:"started_at"`
	Title     string        `json:"title"`
	Turns     []historyTurn `json:"turns"`
}

type historyTurn struct {
	ID        *int64       `json:"id"`
	StartedAt time.Time    `json:"started_at"`
	Prompt    string       `json:"prompt"`
	System    string       `json:"system"`
	Runs      []historyRun `json:"runs"`
}

type historyRun struct {
	StartedAt time.Time `json:"started_at"`
	BenchID   *int64    `json:"bench_id"`
	Settings  string    `json:"settings"` // as in `history --json`
	backend.RouteReport
}

// groupHistorySessions turns newest-first runs into oldest-first sessions and turns.
func groupHistorySessions(rows []history.RunRow) []historySession {
	type turnKey struct {
		s history.SessionID
		t history.TurnID
	}
	sessions := []historySession{}
	sIndex := map[history.SessionID]int{}
	tIndex := map[turnKey]int{} // runs recorded without a turn share one per session
	for i := len(rows) - 1; i >= 0; i-- {
		r := rows[i]
		si, ok := sIndex[r.SessionID]
		if !ok {
			si = len(sessions)
			sIndex[r.SessionID] = si
			sessions = append(sessions, historySession{ID: histID(int64(r.SessionID)), Source: string(r.Source),
				StartedAt: r.StartedAt.UTC(), Title: safetext.Sanitize(history.Title(r.Prompt))})
		}
		s := &sessions[si]
		k := turnKey{r.SessionID, r.TurnID}
		ti, ok := tIndex[k]
		if !ok {
			ti = len(s.Turns)
			tIndex[k] = ti
			s.Turns = append(s.Turns, historyTurn{ID: histID(int64(r.TurnID)), StartedAt: r.StartedAt.UTC(),
				Prompt: safetext.Sanitize(r.Prompt), System: safetext.Sanitize(r.System)})
		}
		t := &s.Turns[ti]
		t.Runs = append(t.Runs, historyRun{StartedAt: r.StartedAt.UTC(), BenchID: histID(int64(r.BenchID)),
			Settings: safetext.Sanitize(r.Settings), RouteReport: r.Report})
	}
	return sessions
}

func writeHistoryMarkdown(w io.Writer, sessions []historySession) error {
	var b strings.Builder
	b.WriteString("# routeplay history\n\n")
	if len(sessions) == 0 {
		b.WriteString("No runs in this period.\n")
	}
	for _, s := range sessions {
		title := s.Title
		if title == "" {
			title = "(no prompt)"
		}
		fmt.Fprintf(&b, "## %s — %s (%s)\n\n", s.StartedAt.Local().Format("2006-01-02 15:04"), export.MarkdownCell(title), s.Source)
		for _, t := range s.Turns {
			if t.System != "" {
				b.WriteString("System:\n\n")
				export.WriteFenced(&b, t.System)
			}
			b.WriteString("Prompt:\n\n")
			export.WriteFenced(&b, t.Prompt)
			for _, r := range t.Runs {
				writeHistoryRunMarkdown(&b, r)
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func writeHistoryRunMarkdown(b *strings.Builder, r historyRun) {
	rep := r.RouteReport
	fmt.Fprintf(b, "### %s\n\n", export.MarkdownCell(rep.Route))
	fmt.Fprintf(b, "- model: %s", export.MarkdownCell(rep.Model))
	if rep.ServedModel != nil || rep.ServedBy != nil {
		fmt.Fprintf(b, " (served: %s by %s)", export.MarkdownCell(histStr(rep.ServedModel)), export.MarkdownCell(histStr(rep.ServedBy)))
	}
	if r.Settings != "" {
		fmt.Fprintf(b, "\n- settings: %s", export.MarkdownCell(r.Settings))
	}
	fmt.Fprintf(b, "\n- first token %s, total %s, %s tok/s, %s → %s tokens (%s), cost %s\n",
		figure.MsPtr(rep.TimingMs.FirstToken), figure.MsPtr(rep.TimingMs.Total), histRate(rep),
		figure.Tokens(rep.Usage.InputTokens), figure.Tokens(rep.Usage.OutputTokens), export.MarkdownCell(rep.Usage.Source), histCost(rep))
	if u := rep.Usage; u.CachedTokens > 0 || u.CacheWriteTokens > 0 {
		fmt.Fprintf(b, "- prompt cache: %s of the input tokens read from it, %s written to it\n", figure.Tokens(u.CachedTokens), figure.Tokens(u.CacheWriteTokens))
	}
	if rep.Error != nil {
		fmt.Fprintf(b, "- error: %s: %s\n", export.MarkdownCell(histResult(rep)), export.MarkdownCell(rep.Error.Message))
	}
	b.WriteString("\n")
	if rep.Reasoning != "" {
		b.WriteString("Reasoning:\n\n")
		export.WriteFenced(b, rep.Reasoning)
	}
	if rep.Text != "" {
		export.WriteFenced(b, rep.Text)
	}
}
