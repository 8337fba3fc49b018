package history

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
)

func TestStatsPerRouteAndPairDelta(t *testing.T) {
	db := openTemp(t)
	rec := NewRecorder(db, RecorderOptions{})
	gw := func(ft, tps float64, failed bool) backend.RouteReport {
		r := sampleReport("openrouter:openai/gpt-4o-mini", ft, tps, failed)
		return r
	}
	direct := func(ft, tps float64) backend.RouteReport {
		r := sampleReport("openai:gpt-4o-mini", ft, tps, false)
		r.Provider, r.Model = "openai", "gpt-4o-mini"
		return r
	}
	canceled := direct(0, 0)
	canceled.Error = &backend.ErrorReport{Kind: "canceled", Message: "canceled"}
	canceled.TimingMs.FirstToken = nil
	for i, rep := range []backend.RouteReport{
		gw(400, 80, false), gw(500, 90, false), gw(600, 100, false), gw(0, 0, true),
		direct(300, 100), direct(350, 110), direct(400, 120), canceled,
	} {
		rec.AddRun(Run{Source: SourceAsk, StartedAt: day.Add(time.Duration(i) * time.Minute), Report: rep})
	}
	rec.AddRun(Run{Source: SourceAsk, StartedAt: day.Add(-48 * time.Hour), Report: gw(9999, 1, false)}) // outside the period
	if err := rec.Close(); err != nil {
		t.Fatal(err)
	}
	st, err := db.Stats(context.Background(), Filter{Since: day.Add(-time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	if st.Runs != 8 || len(st.Routes) != 2 || len(st.Pairs) != 1 {
		t.Fatalf("stats %+v", st)
	}
	d, g := st.Routes[0], st.Routes[1] // sorted by name
	if g.Route != "openrouter:openai/gpt-4o-mini" || g.Runs != 4 || g.Errors != 1 || g.ErrorRate != 0.25 ||
		g.FirstTokenMs.P50 != 500 || g.FirstTokenMs.N != 3 || g.TokensPerS.P50 != 90 || g.CostedRuns != 4 {
		t.Fatalf("gateway %+v %+v", g, g.FirstTokenMs)
	}
	if d.Runs != 4 || d.Canceled != 1 || d.Errors != 0 || d.ErrorRate != 0 || d.FirstTokenMs.P50 != 350 {
		t.Fatalf("direct %+v", d)
	}
	p := st.Pairs[0]
	if p.Gateway != g.Route || p.Direct != d.Route || *p.FirstTokenP50Ms != 150 || *p.TokensPerSP50 != -20 ||
		p.ErrorRate != 0.25 || *p.MeanCostUSD != 0 {
		t.Fatalf("pair %+v", p)
	}
	only, _ := db.Stats(context.Background(), Filter{Route: d.Route})
	if len(only.Routes) != 1 || only.Routes[0].Route != d.Route {
		t.Fatalf("route filter: %+v", only.Routes)
	}
}

// A route that ran with two settings is two rows, each with its own runs
// and figures, the one without settings first; pairs list every gateway
// settings against every direct settings, naming both.
func TestStatsSplitsARouteBySettings(t *testing.T) {
	db := openTemp(t)
	rec := NewRecorder(db, RecorderOptions{})
	add := func(i int, route, settings string, ft float64, failed bool) {
		rep := sampleReport(route, ft, 80, failed)
		if route == "direct" {
			rep.Provider, rep.Model = "openai", "gpt-4o-mini"
		}
		rec.AddRun(Run{Source: SourceTUI, StartedAt: day.Add(time.Duration(i) * time.Minute), Report: rep, Settings: settings})
	}
	for i, ft := range []float64{300, 320, 340} {
		add(i, "or-mini", "sort=latency", ft, false)
	}
	add(3, "or-mini", "sort=price", 700, false)
	add(4, "or-mini", "sort=price", 0, true)
	add(5, "or-mini", "", 500, false)
	add(6, "direct", "", 400, false)
	add(7, "direct", "temp 0.3", 420, false)
	if err := rec.Close(); err != nil {
		t.Fatal(err)
	}
	st, err := db.Stats(context.Background(), Filter{})
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		route, settings   string
		runs, errs, timed int
		firstTokenP50     float64
	}
	var got []row
	for _, rs := range st.Routes {
		r := row{route: rs.Route, settings: rs.Settings, runs: rs.Runs, errs: rs.Errors}
		if rs.FirstTokenMs != nil {
			r.timed, r.firstTokenP50 = rs.FirstTokenMs.N, rs.FirstTokenMs.P50
		}
		got = append(got, r)
	}
	want := []row{{"direct", "", 1, 0, 1, 400}, {"direct", "temp 0.3", 1, 0, 1, 420},
		{"or-mini", "", 1, 0, 1, 500}, {"or-mini", "sort=latency", 3, 0, 3, 320}, {"or-mini", "sort=price", 2, 1, 1, 700}}
	if st.Runs != 8 || fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("rows\n got %v\nwant %v", got, want)
	}
	if price := st.Routes[4]; price.ErrorRate != 0.5 || price.CostedRuns != 2 {
		t.Fatalf("sort=price row %+v", price)
	}
	var pairs []string
	for _, p := range st.Pairs {
		pairs = append(pairs, fmt.Sprintf("%s[%s]-%s[%s] %+.0f", p.Gateway, p.GatewaySettings, p.Direct, p.DirectSettings,
			*p.FirstTokenP50Ms))
	}
	wantPairs := []string{"or-mini[]-direct[] +100", "or-mini[]-direct[temp 0.3] +80",
		"or-mini[sort=latency]-direct[] -80", "or-mini[sort=latency]-direct[temp 0.3] -100",
		"or-mini[sort=price]-direct[] +300", "or-mini[sort=price]-direct[temp 0.3] +280"}
	if fmt.Sprint(pairs) != fmt.Sprint(wantPairs) {
		t.Fatalf("pairs\n got %q\nwant %q", pairs, wantPairs)
	}
}

// Stats must read the covering index only, in group order: a plan that
// touches the table would read every stored answer, and one that sorts the
// runs to group them would spill 100,000 rows to a temp file. Sorting the
// few groups for the listing is fine.
func TestStatsReadsOnlyTheIndex(t *testing.T) {
	db := openTemp(t)
	for _, f := range []Filter{{Since: day, Route: "r"}, {Since: day}} {
		where, args := f.where()
		plan := queryPlan(t, db, statsQuery+where+statsGroup+statsOrder, args...)
		if !strings.Contains(plan, "COVERING INDEX runs_stats") || strings.Contains(plan, "FOR GROUP BY") {
			t.Fatalf("plan %q", plan)
		}
	}
}

func queryPlan(t *testing.T, db *DB, q string, args ...any) string {
	t.Helper()
	rows, err := db.sql.Query(`EXPLAIN QUERY PLAN `+q, args...)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var plan strings.Builder
	for rows.Next() {
		var id, parent, unused int
		var detail string
		rows.Scan(&id, &parent, &unused, &detail)
		plan.WriteString(detail + "; ")
	}
	return plan.String()
}

// seedRuns writes n runs over the 30 days before now straight into the
// database, spread over six routes including two OpenRouter/direct pairs;
// the OpenRouter routes alternate between two settings.
func seedRuns(t testing.TB, db *DB, n int) {
	t.Helper()
	routes := []struct{ name, kind, model string }{
		{"openrouter:openai/gpt-4o-mini", "openrouter", "openai/gpt-4o-mini"},
		{"openai:gpt-4o-mini", "openai", "gpt-4o-mini"},
		{"openrouter:anthropic/claude-haiku-4.5", "openrouter", "anthropic/claude-haiku-4.5"},
		{"anthropic:claude-haiku-4-5", "anthropic", "claude-haiku-4-5"},
		{"gemini:gemini-2.5-flash", "gemini", "gemini-2.5-flash"},
		{"groq:llama-3.1-8b-instant", "groq", "llama-3.1-8b-instant"},
	}
	answer := strings.Repeat("A measured answer of moderate length. ", 8)
	now := time.Now()
	var ops []op
	for i := range n {
		rt := routes[i%len(routes)]
		rep := sampleReport(rt.name, float64(200+i%700), float64(40+i%90), i%37 == 0)
		rep.Provider, rep.Model, rep.Text = rt.kind, rt.model, answer
		at := now.Add(-time.Duration(i%(30*24*60)) * time.Minute)
		settings := ""
		if rt.kind == "openrouter" {
			settings = []string{"sort=price", "sort=latency"}[i/len(routes)%2]
		}
		ops = append(ops, runOp{run: Run{Source: SourceBench, StartedAt: at, Report: rep, Settings: settings}})
		if len(ops) == 5000 || i == n-1 {
			if err := db.writeOps(ops, func(s string) string { return s }); err != nil {
				t.Fatal(err)
			}
			ops = ops[:0]
		}
	}
}

func BenchmarkStats100kRuns(b *testing.B) {
	db := openTemp(b)
	seedRuns(b, db, 100_000)
	ctx := context.Background()
	since := time.Now().Add(-30 * 24 * time.Hour)
	for b.Loop() {
		st, err := db.Stats(ctx, Filter{Since: since})
		if err != nil || st.Runs != 100_000 || len(st.Routes) != 8 || len(st.Pairs) != 4 {
			b.Fatalf("runs %d routes %d pairs %d err %v", st.Runs, len(st.Routes), len(st.Pairs), err)
		}
	}
}

// discardingRecorder is a Recorder whose writer drops every write, so a
// benchmark measures only what recording costs the caller.
func discardingRecorder() *Recorder {
	r := &Recorder{queue: make(chan op, defaultQueueSize), stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(r.done)
		for {
			select {
			case <-r.queue:
			case <-r.stop:
				return
			}
		}
	}()
	return r
}

// BenchmarkRecordRun is what the streaming path pays to record a finished
// run: "caller" against a writer that discards, "with-writer" against the
// real SQLite writer competing for the same cores.
func BenchmarkRecordRun(b *testing.B) {
	rep := sampleReport("openrouter:openai/gpt-4o-mini", 420, 95, false)
	rep.Text = strings.Repeat("streamed answer ", 100)
	run := Run{Source: SourceTUI, StartedAt: time.Now(), Report: rep}
	b.Run("caller", func(b *testing.B) {
		rec := discardingRecorder()
		b.ReportAllocs()
		for b.Loop() {
			rec.AddRun(run)
		}
		b.StopTimer()
		rec.Close()
	})
	b.Run("with-writer", func(b *testing.B) {
		rec := NewRecorder(openTemp(b), RecorderOptions{})
		b.ReportAllocs()
		for b.Loop() {
			rec.AddRun(run)
		}
		b.StopTimer()
		rec.Close()
		b.ReportMetric(float64(rec.Dropped())/float64(b.N), "dropped/op")
	})
}

// BenchmarkRecordAsk is what `routeplay ask` pays to record four routes' runs.
func BenchmarkRecordAsk(b *testing.B) {
	reps := make([]backend.RouteReport, 4)
	for i := range reps {
		reps[i] = sampleReport(fmt.Sprintf("route-%d", i), 420, 95, false)
	}
	rec := discardingRecorder()
	b.ReportAllocs()
	for b.Loop() {
		rec.RecordAsk("Explain HTTP/2 in two sentences", "", time.Now(), reps)
	}
	b.StopTimer()
	rec.Close()
}

// BenchmarkWriterThroughput is how many runs a second the writer commits,
// in batches of defaultBatchSize.
func BenchmarkWriterThroughput(b *testing.B) {
	db := openTemp(b)
	conn, err := db.sql.Conn(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	c := &stmtCache{conn: conn, stmts: map[string]*sql.Stmt{}}
	defer c.close()
	batch := make([]op, defaultBatchSize)
	for i := range batch {
		batch[i] = runOp{run: Run{Source: SourceBench, StartedAt: time.Now(), Report: sampleReport("r", 420, 95, i%20 == 0)}}
	}
	keep := func(s string) string { return s }
	for b.Loop() {
		if err := db.writeOpsOn(c, batch, keep); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(batch))/b.Elapsed().Seconds(), "runs/s")
}

func TestRouteTrendByDay(t *testing.T) {
	db := openTemp(t)
	rec := NewRecorder(db, RecorderOptions{})
	const route = "openrouter:openai/gpt-4o-mini"
	for i, ft := range []float64{300, 500, 700} { // day 0: two runs, day 2: one, plus a failure
		at := day.Add(time.Duration(i) * time.Hour)
		if i == 2 {
			at = day.Add(50 * time.Hour)
		}
		rec.AddRun(Run{Source: SourceAsk, StartedAt: at, Report: sampleReport(route, ft, 80, false)})
	}
	rec.AddRun(Run{Source: SourceAsk, StartedAt: day.Add(51 * time.Hour), Report: sampleReport(route, 0, 0, true)})
	rec.AddRun(Run{Source: SourceAsk, StartedAt: day, Report: sampleReport("other", 1, 1, false)})
	rec.Close()
	pts, err := db.RouteTrend(context.Background(), route, day, 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if len(pts) != 2 || !pts[0].Start.Equal(day) || pts[0].Runs != 2 || pts[0].FirstTokenMs.P50 != 400 ||
		!pts[1].Start.Equal(day.Add(48*time.Hour)) || pts[1].Runs != 2 || pts[1].Errors != 1 || pts[1].FirstTokenMs.N != 1 {
		t.Fatalf("trend %+v", pts)
	}
}
