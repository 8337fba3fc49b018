package history

import (
	"context"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
)

// A route that changed settings in the period has a trend per settings,
// the one without settings first, each bucketed like RouteTrend; settings
// whose runs were all canceled are left out.
func TestRouteTrendBySettings(t *testing.T) {
	db := openTemp(t)
	rec := NewRecorder(db, RecorderOptions{})
	const route = "or-mini"
	add := func(at time.Time, settings string, rep backend.RouteReport) {
		rec.AddRun(Run{Source: SourceTUI, StartedAt: at, Report: rep, Settings: settings})
	}
	add(day, "sort=price", sampleReport(route, 700, 60, false))
	add(day.Add(time.Hour), "sort=price", sampleReport(route, 900, 50, false))
	add(day.Add(50*time.Hour), "sort=price", sampleReport(route, 0, 0, true))
	add(day.Add(2*time.Hour), "sort=latency", sampleReport(route, 300, 90, false))
	add(day.Add(3*time.Hour), "", sampleReport(route, 500, 80, false))
	canceled := sampleReport(route, 0, 0, false)
	canceled.Error = &backend.ErrorReport{Kind: "canceled", Message: "canceled"}
	add(day, "max 64", canceled)
	add(day, "sort=price", sampleReport("other", 1, 1, false))
	add(day.Add(-time.Hour), "temp 0", sampleReport(route, 1, 1, false)) // before the period
	if err := rec.Close(); err != nil {
		t.Fatal(err)
	}
	got, err := db.RouteTrendBySettings(context.Background(), route, day, 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got[0].Settings != "" || got[1].Settings != "sort=latency" || got[2].Settings != "sort=price" {
		t.Fatalf("trends %+v", got)
	}
	if p := got[1].Points; len(p) != 1 || p[0].Runs != 1 || p[0].FirstTokenMs.P50 != 300 {
		t.Fatalf("sort=latency %+v", p)
	}
	price := got[2].Points
	if len(price) != 2 || !price[0].Start.Equal(day) || price[0].Runs != 2 || price[0].FirstTokenMs.P50 != 800 ||
		price[0].TokensPerS.N != 2 || !price[1].Start.Equal(day.Add(48*time.Hour)) || price[1].Errors != 1 ||
		price[1].FirstTokenMs != nil {
		t.Fatalf("sort=price %+v", price)
	}
}
