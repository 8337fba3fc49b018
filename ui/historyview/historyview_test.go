package historyview

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/routeplay/routeplay/backend/history"
)

// Golden frames of the history screen on a temp database filled through
// the storage API. Regenerate with: go test ./ui/historyview -update
var sizes = []struct{ w, h int }{{80, 24}, {120, 40}}

func TestGolden(t *testing.T) {
	scenarios := []struct {
		name  string
		build func(t *testing.T, w, h int) Model
	}{
		{"List", func(t *testing.T, w, h int) Model { return opened(t, filledDB(t), w, h) }},
		{"FilteredByRoute", func(t *testing.T, w, h int) Model {
			return typed(t, opened(t, filledDB(t), w, h), "route:openai")
		}},
		{"NoMatch", func(t *testing.T, w, h int) Model {
			return typed(t, opened(t, filledDB(t), w, h), "kangaroo")
		}},
		{"BadDate", func(t *testing.T, w, h int) Model {
			return typed(t, opened(t, filledDB(t), w, h), "since:someday")
		}},
		{"SessionOpen", func(t *testing.T, w, h int) Model {
			m := opened(t, filledDB(t), w, h)
			m, _ = press(t, m, keyOf(tea.KeyDown, 0), keyOf(tea.KeyDown, 0), keyOf(tea.KeyEnter, 0))
			return m
		}},
		{"Off", func(t *testing.T, w, h int) Model {
			m := New(Options{Off: "History is off (--no-history)."}, charm())
			m.SetSize(w, h)
			return m
		}},
	}
	for _, sc := range scenarios {
		for _, sz := range sizes {
			t.Run(fmt.Sprintf("%s/%dx%d", sc.name, sz.w, sz.h), func(t *testing.T) {
				m := sc.build(t, sz.w, sz.h)
				frame := plain(m)
				lines := strings.Split(frame, "\n")
				if len(lines) != sz.h {
					t.Fatalf("%d lines, want %d", len(lines), sz.h)
				}
				golden.RequireEqual(t, []byte(frame))
			})
		}
	}
}

func TestListIsNewestFirstWithItsFacts(t *testing.T) {
	m := opened(t, filledDB(t), 120, 40)
	if len(m.sessions) != 3 {
		t.Fatalf("%d sessions", len(m.sessions))
	}
	frame := plain(m)
	first := strings.Index(frame, "Explain TCP")
	last := strings.Index(frame, "Plan a trip")
	if first < 0 || last < 0 || first > last {
		t.Fatalf("not newest first:\n%s", frame)
	}
	for _, want := range []string{"2026-11-23 09:00", "tui", "openai, or-gpt", "3 sessions"} {
		if !strings.Contains(frame, want) {
			t.Errorf("list lacks %q:\n%s", want, frame)
		}
	}
}

func TestFilterFindsByTextRouteAndDate(t *testing.T) {
	cases := []struct {
		filter string
		want   []string
	}{
		{"tasca", []string{"Plan a trip to Lisbon"}},          // an answer's text
		{"LISBON", []string{"Plan a trip to Lisbon"}},         // a prompt, any case
		{"route:claude", []string{"Name a prime"}},            // a route that ran
		{"date:2026-11-24", []string{"Name a prime"}},         // one day
		{"since:1d", []string{"Explain TCP slow start in t"}}, // an age
		{"route:openai since:yesterday", []string{"Explain TCP slow start in t"}},
	}
	db := filledDB(t)
	for _, c := range cases {
		m := typed(t, opened(t, db, 120, 40), c.filter)
		var got []string
		for _, s := range m.sessions {
			got = append(got, s.Title)
		}
		if len(got) != len(c.want) || !strings.HasPrefix(got[0], c.want[0]) {
			t.Errorf("%q found %q, want %q", c.filter, got, c.want)
		}
	}
}

func TestParseFilter(t *testing.T) {
	f, err := ParseFilter("tram  route:openai since:7d http://x", now, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if f.Text != "tram http://x" || f.Route != "openai" || !f.Since.Equal(now.AddDate(0, 0, -7)) {
		t.Fatalf("%+v", f)
	}
	f, _ = ParseFilter("date:today", now, time.UTC)
	if want := time.Date(2026, 11, 25, 0, 0, 0, 0, time.UTC); !f.Since.Equal(want) || !f.Until.Equal(want.AddDate(0, 0, 1)) {
		t.Fatalf("today: %+v", f)
	}
	if _, err := ParseFilter("until:soon", now, time.UTC); err == nil || !strings.HasPrefix(err.Error(), "until:") {
		t.Fatalf("a bad date is named: %v", err)
	}
}

func TestContinueFromListAndFromOpenSession(t *testing.T) {
	db := filledDB(t)
	m := opened(t, db, 100, 30)
	m, out := press(t, m, keyOf(tea.KeyDown, 0), keyOf(tea.KeyDown, 0), keyOf('o', tea.ModCtrl))
	if len(out) != 1 {
		t.Fatalf("ctrl+o sent %v", out)
	}
	s := out[0].(ContinueMsg).Session
	if s.Title != "Plan a trip to Lisbon" || len(s.Turns) != 2 || len(s.Turns[1].Runs) != 2 {
		t.Fatalf("continued %+v", s)
	}
	if m.Showing() {
		t.Fatal("continuing from the list does not open the session")
	}
	m, _ = press(t, m, keyOf(tea.KeyEnter, 0))
	if !m.Showing() || m.Cursor() != nil {
		t.Fatal("enter opens the session read-only, without a cursor")
	}
	_, out = press(t, m, tea.KeyPressMsg{Code: 'c', Text: "c"})
	if len(out) != 1 || out[0].(ContinueMsg).Session.ID != s.ID {
		t.Fatalf("c sent %v", out)
	}
}

func TestEscClearsFilterThenBacksOutThenCloses(t *testing.T) {
	m := typed(t, opened(t, filledDB(t), 100, 30), "prime")
	if len(m.sessions) != 1 {
		t.Fatalf("%d sessions", len(m.sessions))
	}
	m, _ = press(t, m, keyOf(tea.KeyEnter, 0))
	esc := keyOf(tea.KeyEscape, 0)
	m, out := press(t, m, esc)
	if m.Showing() || len(out) != 0 || m.filter.Value() != "prime" {
		t.Fatal("esc leaves the open session for the list, filter kept")
	}
	m, _ = press(t, m, esc)
	if m.filter.Value() != "" || len(m.sessions) != 3 {
		t.Fatalf("esc clears the filter: %q, %d sessions", m.filter.Value(), len(m.sessions))
	}
	_, out = press(t, m, esc)
	if len(out) != 1 {
		t.Fatalf("esc on an empty filter closes: %v", out)
	}
	if _, ok := out[0].(CloseMsg); !ok {
		t.Fatalf("got %T", out[0])
	}
}

func TestStaleSearchIsDropped(t *testing.T) {
	m := opened(t, filledDB(t), 100, 30)
	old := SessionsMsg{seq: m.seq - 1, Sessions: nil}
	m, _ = m.Update(old)
	if len(m.sessions) != 3 {
		t.Fatal("an older search's answer must not replace the newer one")
	}
}

// failingStore fails every read, as a damaged database does.
type failingStore struct{}

var errDamaged = errors.New("history: database disk image is malformed")

func (failingStore) Sessions(context.Context, history.SessionFilter) ([]history.SessionSummary, error) {
	return nil, errDamaged
}
func (failingStore) Session(context.Context, history.SessionID) (*history.Session, error) {
	return nil, errDamaged
}
func (failingStore) RouteTrendBySettings(context.Context, string, time.Time, time.Duration) ([]history.SettingsTrend, error) {
	return nil, errDamaged
}

func TestReadErrorIsShownNotFatal(t *testing.T) {
	m := opened(t, failingStore{}, 80, 24)
	if !strings.Contains(plain(m), "Could not read the history: history: database disk image is malformed") {
		t.Fatalf("error not shown:\n%s", plain(m))
	}
}

// Each route's past comes split by the settings it ran with, in the order
// the routes were asked for, so sort=price and sort=latency read apart.
func TestLoadTrendForEachRouteAndSettings(t *testing.T) {
	db := filledDB(t)
	cmd := LoadTrend(context.Background(), db, []string{"or-gpt", "openai", "never-ran"}, now.AddDate(0, 0, -7), 24*time.Hour)
	msg := cmd().(TrendMsg)
	var got []string
	for _, r := range msg.Routes {
		got = append(got, r.Route+"|"+r.Settings)
	}
	want := "or-gpt|,or-gpt|temp 0.3 · sort=latency,or-gpt|temp 0.3 · sort=price,openai|,never-ran|"
	if msg.Err != nil || strings.Join(got, ",") != want {
		t.Fatalf("series %q (err %v), want %s", got, msg.Err, want)
	}
	if p := msg.Routes[0].Points; len(p) != 1 || p[0].FirstTokenMs == nil || p[0].FirstTokenMs.P50 != 420 {
		t.Fatalf("or-gpt without settings: %+v", p)
	}
	if msg.Routes[4].Points != nil {
		t.Fatalf("a route with no runs has no points: %+v", msg.Routes[4])
	}
	openai := msg.Routes[3]
	if len(openai.Points) != 2 || openai.Points[0].Errors != 1 {
		t.Fatalf("the failed run counts as an error: %+v", openai.Points)
	}
	if LoadTrend(context.Background(), nil, []string{"x"}, now, time.Hour) != nil {
		t.Fatal("no store, no command")
	}
	if msg := LoadTrend(context.Background(), failingStore{}, []string{"x"}, now, time.Hour)().(TrendMsg); msg.Err == nil {
		t.Fatal("a read error is reported")
	}
}

func TestWheelMovesTheSelectionAndScrollsASession(t *testing.T) {
	m := opened(t, filledDB(t), 80, 12)
	down := tea.MouseWheelMsg{Button: tea.MouseWheelDown}
	m, _ = m.Update(down)
	if m.selected != 2 {
		t.Fatalf("a notch moves three rows, clamped to the list: %d", m.selected)
	}
	m, _ = press(t, m, keyOf(tea.KeyEnter, 0))
	m, _ = m.Update(down)
	if m.detailBody.Offset() != 3 {
		t.Fatalf("a notch scrolls an open session three lines: %d", m.detailBody.Offset())
	}
}

// Two runs of one route with different settings read apart in an open
// session; on a narrow screen the settings are cut, not the model.
func TestSessionShowsEachRunsSettings(t *testing.T) {
	m := opened(t, filledDB(t), 120, 40)
	m, _ = press(t, m, keyOf(tea.KeyDown, 0), keyOf(tea.KeyDown, 0), keyOf(tea.KeyEnter, 0))
	frame := plain(m)
	for _, want := range []string{"or-gpt  openai/gpt-4o-mini · temp 0.3 · sort=latency",
		"or-gpt  openai/gpt-4o-mini · temp 0.3 · sort=price", "openai  gpt-4o-mini  "} {
		if !strings.Contains(frame, want) {
			t.Errorf("session lacks %q:\n%s", want, frame)
		}
	}
	m.SetSize(36, 20)
	if frame := plain(m); !strings.Contains(frame, "or-gpt  openai/gpt-4o-mini · temp 0…") {
		t.Fatalf("settings not cut to fit:\n%s", frame)
	}
}
