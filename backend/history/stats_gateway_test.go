package history

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// A Portkey route's history pairs with the direct route, and never as the
// direct side of OpenRouter's pair (issue 20).
func TestStatsPairPortkeyWithDirect(t *testing.T) {
	db := openTemp(t)
	rec := NewRecorder(db, RecorderOptions{})
	runs := []struct{ name, provider, model string }{
		{"pk-mini", "portkey", "gpt-4o-mini"},
		{"or-mini", "openrouter", "openai/gpt-4o-mini"},
		{"direct-mini", "openai", "gpt-4o-mini"},
	}
	for i, r := range runs {
		rep := sampleReport(r.name, float64(300+10*i), 80, false)
		rep.Provider, rep.Model = r.provider, r.model
		rec.AddRun(Run{Source: SourceAsk, StartedAt: day.Add(time.Duration(i) * time.Minute), Report: rep})
	}
	if err := rec.Close(); err != nil {
		t.Fatal(err)
	}
	st, err := db.Stats(context.Background(), Filter{Since: day.Add(-time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range st.Pairs {
		got = append(got, p.Gateway+"="+p.Direct)
	}
	if fmt.Sprint(got) != "[or-mini=direct-mini pk-mini=direct-mini]" {
		t.Fatalf("pairs %v", got)
	}
}
