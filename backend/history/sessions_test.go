package history

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
)

// A playground chat: two turns, two routes each, found again by text,
// route and date, and loaded whole so it can be shown or continued.
func TestSessionsFindAndReopenAChat(t *testing.T) {
	db := openTemp(t)
	rec := NewRecorder(db, RecorderOptions{})
	chat := rec.StartSession(SourceTUI, "Plan a trip to Lisbon", day)
	for i, prompt := range []string{"Plan a trip to Lisbon", "Add a day in Sintra"} {
		at := day.Add(time.Duration(i) * time.Minute)
		turn := rec.AddTurn(chat, prompt, "You are a travel agent.", at)
		for _, route := range []string{"openrouter:openai/gpt-4o-mini", "openai:gpt-4o-mini"} {
			rep := sampleReport(route, 300, 80, false)
			rep.Text = route + " answers turn " + prompt
			rec.AddRun(Run{SessionID: chat, TurnID: turn, Source: SourceTUI, StartedAt: at, Report: rep})
		}
	}
	other := rec.RecordAsk("Name 100% of primes_below 10", "", day.Add(48*time.Hour), []backend.RouteReport{sampleReport("groq:llama", 90, 400, false)})
	if err := rec.Close(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for name, tc := range map[string]struct {
		f    SessionFilter
		want []SessionID
	}{
		"all, newest first":  {SessionFilter{}, []SessionID{other, chat}},
		"prompt text":        {SessionFilter{Text: "sintra"}, []SessionID{chat}},
		"answer text":        {SessionFilter{Text: "ANSWERS TURN"}, []SessionID{chat}},
		"percent is literal": {SessionFilter{Text: "100% of primes_"}, []SessionID{other}},
		"route":              {SessionFilter{Route: "groq:llama"}, []SessionID{other}},
		"date":               {SessionFilter{Since: day.Add(24 * time.Hour)}, []SessionID{other}},
		"nothing":            {SessionFilter{Text: "madrid"}, nil},
	} {
		got, err := db.Sessions(ctx, tc.f)
		if err != nil {
			t.Fatal(err)
		}
		var ids []SessionID
		for _, s := range got {
			ids = append(ids, s.ID)
		}
		if len(ids) != len(tc.want) || (len(ids) > 0 && ids[0] != tc.want[0]) {
			t.Errorf("%s: got %v want %v", name, ids, tc.want)
		}
	}
	list, _ := db.Sessions(ctx, SessionFilter{Route: "openai:gpt-4o-mini"})
	if s := list[0]; s.Title != "Plan a trip to Lisbon" || s.TurnCount != 2 || s.RunCount != 4 || len(s.Routes) != 2 || s.Source != SourceTUI {
		t.Fatalf("summary %+v", s)
	}
	s, err := db.Session(ctx, chat)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Turns) != 2 || s.Turns[1].Seq != 2 || s.Turns[1].Prompt != "Add a day in Sintra" ||
		s.Turns[0].System != "You are a travel agent." || len(s.Turns[1].Runs) != 2 ||
		s.Turns[1].Runs[1].Report.Text != "openai:gpt-4o-mini answers turn Add a day in Sintra" || s.RunCount != 4 {
		t.Fatalf("session %+v", s)
	}
	if _, err := db.Session(ctx, 12345); !errors.Is(err, ErrNoSession) {
		t.Fatalf("missing session: %v", err)
	}
}
