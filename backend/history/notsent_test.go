package history

import (
	"context"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
)

// A run with no key never reached the provider: the trend counts it
// neither as a run nor as an error, and stats keep it apart.
func TestRunsWithNoKeyAreNoErrors(t *testing.T) {
	db := openTemp(t)
	rec := NewRecorder(db, RecorderOptions{})
	const route = "or-mini"
	rec.AddRun(Run{Source: SourceTUI, StartedAt: day, Report: sampleReport(route, 300, 90, false)})
	noKey := sampleReport(route, 0, 0, false)
	noKey.Error = &backend.ErrorReport{Kind: "no_key", Message: "no key"}
	rec.AddRun(Run{Source: SourceTUI, StartedAt: day.Add(time.Hour), Report: noKey})
	if err := rec.Close(); err != nil {
		t.Fatal(err)
	}
	got, err := db.RouteTrendBySettings(context.Background(), route, day, 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || len(got[0].Points) != 1 || got[0].Points[0].Runs != 1 || got[0].Points[0].Errors != 0 {
		t.Fatalf("trend %+v", got)
	}
	st, err := db.Stats(context.Background(), Filter{})
	if err != nil {
		t.Fatal(err)
	}
	if rs := st.Routes[0]; rs.Runs != 2 || rs.NoKey != 1 || rs.Errors != 0 || rs.ErrorRate != 0 {
		t.Fatalf("stats %+v", rs)
	}
}
