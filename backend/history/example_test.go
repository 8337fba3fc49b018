package history_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/history"
)

// A playground session as the TUI records it: open once, record as turns
// and runs finish (never blocking), close on quit. Later, find the chat
// again and load it to show or continue.
func Example() {
	dir, _ := os.MkdirTemp("", "history-example-")
	defer os.RemoveAll(dir)
	ctx := context.Background()

	db, err := history.Open(ctx, filepath.Join(dir, history.FileName), history.Options{})
	if err != nil {
		fmt.Println("continuing without history:", err) // show once, carry on
		return
	}
	defer db.Close()
	rec := history.NewRecorder(db, history.RecorderOptions{Retention: 90 * 24 * time.Hour})

	start := time.Now()
	session := rec.StartSession(history.SourceTUI, "Plan a trip to Lisbon", start)
	turn := rec.AddTurn(session, "Plan a trip to Lisbon", "", start)
	ft := 412.5
	rec.AddRun(history.Run{SessionID: session, TurnID: turn, Source: history.SourceTUI, StartedAt: start,
		Report: backend.RouteReport{Route: "openai:gpt-4o-mini", Provider: "openai", Model: "gpt-4o-mini",
			Text: "Day 1: Alfama.", TimingMs: backend.TimingReport{FirstToken: &ft}}})
	if err := rec.Close(); err != nil {
		fmt.Println("not kept:", err)
	}

	found, _ := db.Sessions(ctx, history.SessionFilter{Text: "lisbon"})
	s, _ := db.Session(ctx, found[0].ID)
	run := s.Turns[0].Runs[0]
	fmt.Printf("%s: %d turn, %s answered %q, first token %.1f ms\n",
		s.Title, s.TurnCount, run.Report.Route, run.Report.Text, *run.Report.TimingMs.FirstToken)
	// Output:
	// Plan a trip to Lisbon: 1 turn, openai:gpt-4o-mini answered "Day 1: Alfama.", first token 412.5 ms
}
