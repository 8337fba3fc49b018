package history

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend"
)

// openTemp opens a fresh database in a temp dir.
func openTemp(t testing.TB) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "routeplay", FileName), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// filled returns v with every field set to a distinct non-zero value, so a
// field the database forgets shows up as a difference. Strings get prefix.
func filled[T any](prefix string) T {
	var v T
	n := 0
	fill(reflect.ValueOf(&v).Elem(), prefix, &n)
	return v
}

func fill(v reflect.Value, prefix string, n *int) {
	*n++
	if v.Type() == reflect.TypeFor[json.RawMessage]() {
		v.SetBytes(fmt.Appendf(nil, `{"n":%d}`, *n)) // stored as JSON, so it must be JSON
		return
	}
	switch v.Kind() {
	case reflect.String:
		v.SetString(fmt.Sprintf("%s-%d", prefix, *n))
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int64, reflect.Int32:
		v.SetInt(int64(*n))
	case reflect.Float64:
		v.SetFloat(float64(*n) + 0.25)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), prefix, n)
	case reflect.Struct:
		for i := range v.NumField() {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), prefix, n)
			}
		}
	case reflect.Slice:
		s := reflect.MakeSlice(v.Type(), 2, 2)
		for i := range 2 {
			fill(s.Index(i), prefix, n)
		}
		v.Set(s)
	default:
		panic("filled: unhandled kind " + v.Kind().String())
	}
}

// sampleReport is a plausible finished run.
func sampleReport(route string, firstTokenMs, tps float64, failed bool) backend.RouteReport {
	ft, total := firstTokenMs, firstTokenMs+900
	cost, src := 0.000125, "provider"
	rep := backend.RouteReport{Route: route, Provider: "openrouter", Model: "openai/gpt-4o-mini",
		Text: "answer", TimingMs: backend.TimingReport{FirstToken: &ft, Total: &total},
		Usage:   backend.UsageReport{InputTokens: 12, OutputTokens: 40, Source: "provider"},
		CostUSD: &cost, CostSource: &src, Attempts: []backend.AttemptReport{}}
	if tps > 0 {
		rep.TokensPerS = &tps
	}
	if failed {
		st := 503
		rep.Error = &backend.ErrorReport{Kind: "upstream", Status: &st, Message: "overloaded"}
	}
	return rep
}

// day is a fixed instant for tests that need stable times.
var day = time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC)

// StartBench records a bench on its own, for tests that add its runs one by one.
func (r *Recorder) StartBench(workload string, at time.Time) BenchID {
	id := BenchID(newID())
	r.enqueue(benchOp{id: id, workload: workload, at: at})
	return id
}

// RecordBench is RecordBenchWorkload with a workload given only as text.
func (r *Recorder) RecordBench(workload, prompt, system string, started time.Time, runs []Run) BenchID {
	return r.RecordBenchWorkload(Workload{Text: workload}, prompt, system, started, runs)
}
