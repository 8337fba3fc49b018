package history

import (
	"context"
	"database/sql"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/routeplay/routeplay/backend"
)

// Source says which command produced a run.
type Source string

const (
	SourceAsk   Source = "ask"
	SourceBench Source = "bench"
	SourceTUI   Source = "tui"
)

// IDs are assigned by the caller, so recording never waits for the database.
// They are random 53-bit numbers: unique in practice across processes, and
// exact in JSON.
type (
	SessionID int64
	TurnID    int64
	BenchID   int64
)

func newID() int64 { return rand.Int64N(1<<53-1) + 1 }

// Run is one route's run as recorded.
type Run struct {
	ID        int64
	SessionID SessionID
	TurnID    TurnID
	BenchID   BenchID // zero when the run is not part of a bench
	Source    Source
	StartedAt time.Time
	Report    backend.RouteReport
	// Settings are what the route ran with, in short form
	// (backend.DescribeSettings of the result's Route: the user may change a
	// route's settings between runs); "" for a route on its provider's
	// defaults and for runs recorded before settings were kept.
	Settings string
	// ITL summarises the gaps between the run's streamed chunks; nil when
	// it streamed fewer than two or was recorded without them.
	ITL *GapSummary
}

// RecorderOptions tune a Recorder; zero values pick the defaults.
type RecorderOptions struct {
	// QueueSize bounds the writes waiting for the writer; more are dropped and counted.
	QueueSize int
	// BatchSize bounds the writes committed in one transaction.
	BatchSize int
	// Retention deletes runs older than this when the recorder closes; zero keeps everything.
	Retention time.Duration
	// Redact is applied to every stored string, on the writer goroutine, so a
	// known key that leaked into a prompt or a provider message is never stored.
	Redact func(string) string
	// OnError is told about the first failed write (on the writer goroutine).
	OnError func(error)
}

const (
	defaultQueueSize = 4096
	defaultBatchSize = 256
)

// lockPause is how long writes pause after finding the database locked.
var lockPause = 30 * time.Second

// Recorder writes history on its own goroutine. Its methods never block and
// never fail: when the queue is full a write is dropped and counted, and a
// failed write is counted and kept as Err. Once the database is full or
// damaged, later writes are counted as failed without trying; after a write
// found it locked, writes fail the same way for lockPause, and at Close. A
// nil *Recorder records nothing, so callers without history need no branches.
type Recorder struct {
	db      *DB
	opts    RecorderOptions
	queue   chan op
	stop    chan struct{}
	done    chan struct{}
	closed  atomic.Bool
	once    sync.Once
	dropped atomic.Int64
	failed  atomic.Int64
	written atomic.Int64
	broken  atomic.Bool // the database refused a write for a reason no retry fixes
	// lockedUntil (Unix ns) pauses writing after a write found the database
	// locked; another program's lock is usually brief, so writing resumes.
	lockedUntil atomic.Int64
	stmts       *stmtCache // the writer goroutine's own connection; nil falls back to the pool
	errMu       sync.Mutex
	err         error
}

// NewRecorder starts a recorder writing to db. Close it to flush.
func NewRecorder(db *DB, opts RecorderOptions) *Recorder {
	if opts.QueueSize <= 0 {
		opts.QueueSize = defaultQueueSize
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = defaultBatchSize
	}
	if opts.Redact == nil {
		opts.Redact = func(s string) string { return s }
	}
	r := &Recorder{db: db, opts: opts, queue: make(chan op, opts.QueueSize),
		stop: make(chan struct{}), done: make(chan struct{})}
	go r.loop()
	return r
}

// StartSession records a new session and returns its id at once.
func (r *Recorder) StartSession(source Source, title string, at time.Time) SessionID {
	id := SessionID(newID())
	r.enqueue(sessionOp{id: id, source: source, title: title, at: at})
	return id
}

// AddTurn records a user turn of a session and returns its id at once.
func (r *Recorder) AddTurn(session SessionID, prompt, system string, at time.Time) TurnID {
	id := TurnID(newID())
	r.enqueue(turnOp{id: id, session: session, prompt: prompt, system: system, at: at})
	return id
}

// AddToolResultTurn records a turn that answered tool calls with result
// instead of asking, so a continued session sends the calls their results
// again rather than a prompt after unanswered calls.
func (r *Recorder) AddToolResultTurn(session SessionID, results []backend.ToolResult, system string, at time.Time) TurnID {
	id := TurnID(newID())
	op := turnOp{id: id, session: session, system: system, at: at, answered: []answeredCall{}}
	for _, res := range results {
		op.answered = append(op.answered, answeredCall{CallID: res.CallID, Name: res.Name})
		op.prompt = res.Content
	}
	r.enqueue(op)
	return id
}

// answeredCall is one call a tool-result turn answered, as stored.
type answeredCall struct {
	CallID string `json:"call_id"`
	Name   string `json:"name"`
}

// AddRun records one route's finished run.
func (r *Recorder) AddRun(run Run) { r.enqueue(runOp{run: run}) }

// RecordAsk records a one-prompt session (what `routeplay ask` runs) as one
// write: the session, its turn and every route's report.
func (r *Recorder) RecordAsk(prompt, system string, started time.Time, reports []backend.RouteReport) SessionID {
	runs := make([]Run, len(reports))
	for i, rep := range reports {
		runs[i].Report = rep
	}
	return r.RecordAskRuns(prompt, system, started, runs)
}

// RecordAskRuns is RecordAsk for runs that carry their settings; each run's
// session, turn, source and start are the ask's.
func (r *Recorder) RecordAskRuns(prompt, system string, started time.Time, runs []Run) SessionID {
	s := SessionID(newID())
	t := TurnID(newID())
	ops := []op{
		sessionOp{id: s, source: SourceAsk, title: Title(prompt), at: started},
		turnOp{id: t, session: s, prompt: prompt, system: system, at: started},
	}
	for _, run := range runs {
		run.SessionID, run.TurnID, run.Source, run.StartedAt = s, t, SourceAsk, started
		ops = append(ops, runOp{run: run})
	}
	r.enqueue(groupOp(ops))
	return s
}

// RecordBenchWorkload records a bench as one write: a session holding the
// bench's prompt as its one turn, the bench with its workload (as text and
// JSON), and every measured run. A run without a start time gets the
// bench's.
func (r *Recorder) RecordBenchWorkload(w Workload, prompt, system string, started time.Time, runs []Run) BenchID {
	s, t, b := SessionID(newID()), TurnID(newID()), BenchID(newID())
	ops := []op{
		sessionOp{id: s, source: SourceBench, title: Title(prompt), at: started},
		turnOp{id: t, session: s, prompt: prompt, system: system, at: started},
		benchOp{id: b, workload: w.Text, workloadJSON: w.JSON, at: started},
	}
	for _, run := range runs {
		run.SessionID, run.TurnID, run.BenchID, run.Source = s, t, b, SourceBench
		if run.StartedAt.IsZero() {
			run.StartedAt = started
		}
		ops = append(ops, runOp{run: run})
	}
	r.enqueue(groupOp(ops))
	return b
}

// Title is a session's title: the prompt's first line, shortened.
func Title(prompt string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(prompt), "\n")
	line = strings.TrimSpace(line)
	if r := []rune(line); len(r) > 80 {
		line = string(r[:79]) + "…"
	}
	return line
}

func (r *Recorder) enqueue(o op) {
	if r == nil {
		return
	}
	if r.closed.Load() {
		r.dropped.Add(1)
		return
	}
	select {
	case r.queue <- o:
	default:
		r.dropped.Add(1)
	}
}

// Dropped counts writes dropped because the queue was full or the recorder closed.
func (r *Recorder) Dropped() int64 {
	if r == nil {
		return 0
	}
	return r.dropped.Load()
}

// Failed counts writes the database refused.
func (r *Recorder) Failed() int64 {
	if r == nil {
		return 0
	}
	return r.failed.Load()
}

// Written counts writes committed.
func (r *Recorder) Written() int64 {
	if r == nil {
		return 0
	}
	return r.written.Load()
}

// Err is the first write error, if any.
func (r *Recorder) Err() error {
	if r == nil {
		return nil
	}
	r.errMu.Lock()
	defer r.errMu.Unlock()
	return r.err
}

// Close stops accepting writes, flushes the queue and waits for the writer.
// It returns the first write error, if any; the database stays open.
func (r *Recorder) Close() error {
	if r == nil {
		return nil
	}
	r.once.Do(func() {
		r.closed.Store(true)
		close(r.stop)
	})
	<-r.done
	return r.Err()
}

func (r *Recorder) loop() {
	defer close(r.done)
	if conn, err := r.db.sql.Conn(context.Background()); err == nil {
		r.stmts = &stmtCache{conn: conn, stmts: map[string]*sql.Stmt{}}
		defer r.stmts.close()
	}
	batch := make([]op, 0, r.opts.BatchSize)
	for {
		select {
		case o := <-r.queue:
			batch = r.fill(append(batch[:0], o))
			r.flush(batch, false)
		case <-r.stop:
			for len(r.queue) > 0 {
				batch = r.fill(batch[:0])
				r.flush(batch, true)
			}
			r.prune()
			return
		}
	}
}

// fill takes what is already queued, up to a batch, without waiting.
func (r *Recorder) fill(batch []op) []op {
	for len(batch) < r.opts.BatchSize {
		select {
		case o := <-r.queue:
			batch = append(batch, o)
		default:
			return batch
		}
	}
	return batch
}

// flush commits a batch in one transaction. When the batch fails, each write
// is retried alone so one bad write does not lose its neighbours.
func (r *Recorder) flush(batch []op, closing bool) {
	if len(batch) == 0 {
		return
	}
	if r.refusing(closing) {
		r.failed.Add(int64(len(batch)))
		return
	}
	err := r.write(batch)
	switch {
	case err == nil:
		r.written.Add(int64(len(batch)))
		return
	case KindOf(err) != Failed || len(batch) == 1:
		// A locked, full or damaged database fails every write alike: stop
		// trying, so Close does not wait out a busy timeout per batch.
		if KindOf(err) == Locked {
			r.lockedUntil.Store(time.Now().Add(lockPause).UnixNano())
		} else if KindOf(err) != Failed {
			r.broken.Store(true)
		}
		r.fail(err, int64(len(batch)))
		return
	}
	for _, o := range batch {
		if err := r.write([]op{o}); err != nil {
			r.fail(err, 1)
			continue
		}
		r.written.Add(1)
	}
}

// refusing reports whether writes are failed without trying: the database
// is full or damaged, or was found locked lately (or at all, when closing).
func (r *Recorder) refusing(closing bool) bool {
	if r.broken.Load() {
		return true
	}
	until := r.lockedUntil.Load()
	return until != 0 && (closing || time.Now().UnixNano() < until)
}

// prune applies the retention. It runs on Close, after the runs it would
// compete with for the CPU have been measured.
func (r *Recorder) prune() {
	if r.opts.Retention <= 0 || r.refusing(true) {
		return
	}
	if _, err := r.db.Prune(context.Background(), time.Now().Add(-r.opts.Retention)); err != nil {
		r.fail(err, 0)
	}
}

func (r *Recorder) write(ops []op) error {
	if r.stmts != nil {
		return r.db.writeOpsOn(r.stmts, ops, r.opts.Redact)
	}
	return r.db.writeOps(ops, r.opts.Redact)
}

func (r *Recorder) fail(err error, n int64) {
	r.failed.Add(n)
	r.errMu.Lock()
	first := r.err == nil
	if first {
		r.err = err
	}
	r.errMu.Unlock()
	if first && r.opts.OnError != nil {
		r.opts.OnError(err)
	}
}
