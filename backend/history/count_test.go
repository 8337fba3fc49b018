package history

import (
	"context"
	"testing"
	"time"
)

func TestCountRunsIgnoresTheLimit(t *testing.T) {
	db := openTemp(t)
	rec := NewRecorder(db, RecorderOptions{})
	for i := range 5 {
		rec.AddRun(Run{Source: SourceTUI, StartedAt: day.Add(time.Duration(i) * time.Hour), Report: sampleReport("or-mini", 300, 90, false)})
	}
	if err := rec.Close(); err != nil {
		t.Fatal(err)
	}
	n, err := db.CountRuns(context.Background(), Filter{Limit: 2, Since: day.Add(time.Hour)})
	if err != nil || n != 4 {
		t.Fatalf("CountRuns = %d, %v; want 4", n, err)
	}
}
