package historyview

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/history"
	"github.com/routeplay/routeplay/themes"
)

// now is the fixed instant the screen's clock reads in tests.
var now = time.Date(2026, 11, 25, 16, 0, 0, 0, time.UTC)

func init() { filterDelay = time.Millisecond }

func charm() *themes.Styles {
	p, _ := themes.Get("charm", true)
	return themes.New(p)
}

func f64(v float64) *float64 { return &v }
func str(s string) *string   { return &s }

// report is a finished run as the playground records it.
func report(route, model, text string, first, total, tps float64, out int) backend.RouteReport {
	return backend.RouteReport{Route: route, Provider: "openai", Model: model, Text: text,
		TimingMs:   backend.TimingReport{FirstToken: f64(first), Total: f64(total)},
		TokensPerS: f64(tps), Usage: backend.UsageReport{InputTokens: 12, OutputTokens: out, Source: "provider"},
		CostUSD: f64(0.000042), FinishReason: str("stop")}
}

// filledDB is a temp database holding three sessions over three days,
// written through the recorder as the app writes them.
func filledDB(t *testing.T) *history.DB {
	t.Helper()
	db, err := history.Open(context.Background(), filepath.Join(t.TempDir(), history.FileName), history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	rec := history.NewRecorder(db, history.RecorderOptions{})
	day := func(d int, h int) time.Time { return now.AddDate(0, 0, -d).Add(time.Duration(h-16) * time.Hour) }

	lisbon := rec.StartSession(history.SourceTUI, "Plan a trip to Lisbon", day(2, 9))
	t1 := rec.AddTurn(lisbon, "Plan a trip to Lisbon", "", day(2, 9))
	rec.AddRun(history.Run{SessionID: lisbon, TurnID: t1, Source: history.SourceTUI, StartedAt: day(2, 9),
		Report:   report("or-gpt", "openai/gpt-4o-mini", "Day 1: Alfama and the castle.\nDay 2: Belém.", 412, 1830, 88.5, 140),
		Settings: "temp 0.3 · sort=latency"})
	direct := report("openai", "gpt-4o-mini", "Start in Baixa, then ride tram 28.", 380, 1500, 95, 120)
	direct.ServedModel = str("gpt-4o-mini-2024-07-18")
	rec.AddRun(history.Run{SessionID: lisbon, TurnID: t1, Source: history.SourceTUI, StartedAt: day(2, 9), Report: direct})
	t2 := rec.AddTurn(lisbon, "Where should I eat?", "Be brief.", day(2, 9).Add(3*time.Minute))
	// Between the turns the user switched or-gpt to the cheapest provider.
	rec.AddRun(history.Run{SessionID: lisbon, TurnID: t2, Source: history.SourceTUI, StartedAt: day(2, 9),
		Report:   report("or-gpt", "openai/gpt-4o-mini", "Try a tasca in Mouraria.", 350, 900, 70, 40),
		Settings: "temp 0.3 · sort=price"})
	failed := backend.RouteReport{Route: "openai", Provider: "openai", Model: "gpt-4o-mini",
		Error: &backend.ErrorReport{Kind: "rate_limit", Status: intp(429), Message: "Rate limit reached"}}
	rec.AddRun(history.Run{SessionID: lisbon, TurnID: t2, Source: history.SourceTUI, StartedAt: day(2, 9), Report: failed})

	rec.RecordAsk("Name a prime", "", day(1, 14), []backend.RouteReport{report("claude", "claude-3-5-haiku", "7", 290, 400, 40, 2)})
	rec.RecordAsk("Explain TCP slow start in two sentences.", "", day(0, 11), []backend.RouteReport{
		report("or-gpt", "openai/gpt-4o-mini", "It doubles cwnd each RTT.", 420, 1200, 80, 60),
		report("openai", "gpt-4o-mini", "Exponential growth until ssthresh.", 390, 1100, 90, 55)})
	if err := rec.Close(); err != nil {
		t.Fatal(err)
	}
	return db
}

func intp(v int) *int { return &v }

// opened is a sized screen on store with its list loaded.
func opened(t *testing.T, store Store, w, h int) Model {
	t.Helper()
	m := New(Options{Store: store, Now: func() time.Time { return now }, Location: time.UTC}, charm())
	m.SetSize(w, h)
	cmd := m.Open()
	m, _ = drive(t, m, cmd)
	return m
}

// drive runs cmd and every command that follows from it, handing the
// screen's own messages back to Update; it returns the messages meant for
// the root (ContinueMsg, CloseMsg).
func drive(t *testing.T, m Model, cmd tea.Cmd) (Model, []tea.Msg) {
	t.Helper()
	var out []tea.Msg
	queue := []tea.Cmd{cmd}
	for steps := 0; len(queue) > 0; steps++ {
		if steps > 100 {
			t.Fatal("commands never settle")
		}
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case Msg:
			var next tea.Cmd
			m, next = m.Update(msg)
			queue = append(queue, next)
		case ContinueMsg, CloseMsg:
			out = append(out, msg)
		}
	}
	return m, out
}

// press sends keys and runs what they start.
func press(t *testing.T, m Model, keys ...tea.KeyPressMsg) (Model, []tea.Msg) {
	t.Helper()
	var out []tea.Msg
	for _, k := range keys {
		var cmd tea.Cmd
		m, cmd = m.Update(k)
		var got []tea.Msg
		m, got = drive(t, m, cmd)
		out = append(out, got...)
	}
	return m, out
}

func typed(t *testing.T, m Model, s string) Model {
	t.Helper()
	for _, r := range s {
		m, _ = press(t, m, tea.KeyPressMsg{Code: r, Text: string(r)})
	}
	return m
}

func keyOf(code rune, mod tea.KeyMod) tea.KeyPressMsg { return tea.KeyPressMsg{Code: code, Mod: mod} }

func plain(m Model) string { return ansi.Strip(m.View()) }
