package history

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/routeplay/routeplay/backend"
)

// SessionFilter finds past sessions. Zero fields select everything.
type SessionFilter struct {
	// Text matches, case-insensitively, any prompt of the session or any answer in it.
	Text string
	// Route keeps sessions in which this route ran.
	Route string
	Since time.Time
	Until time.Time
	Limit int // newest first; zero means 100
}

// SessionSummary is one line of a session list.
type SessionSummary struct {
	ID        SessionID
	Source    Source
	Title     string
	StartedAt time.Time
	TurnCount int
	RunCount  int
	Routes    []string // the routes that ran in it, by name
}

// Sessions lists the sessions the filter selects, newest first.
func (db *DB) Sessions(ctx context.Context, f SessionFilter) ([]SessionSummary, error) {
	var conds []string
	var args []any
	if !f.Since.IsZero() {
		conds, args = append(conds, "s.started_at >= ?"), append(args, f.Since.UnixMilli())
	}
	if !f.Until.IsZero() {
		conds, args = append(conds, "s.started_at < ?"), append(args, f.Until.UnixMilli())
	}
	if f.Route != "" {
		conds = append(conds, "EXISTS (SELECT 1 FROM runs WHERE runs.session_id = s.id AND runs.route = ?)")
		args = append(args, f.Route)
	}
	if f.Text != "" {
		// instr over lower() rather than LIKE, so the user's % and _ are plain text.
		conds = append(conds, `(EXISTS (SELECT 1 FROM turns t WHERE t.session_id = s.id AND instr(lower(t.prompt), ?) > 0)
			OR EXISTS (SELECT 1 FROM runs r WHERE r.session_id = s.id AND instr(lower(r.text), ?) > 0))`)
		needle := strings.ToLower(f.Text)
		args = append(args, needle, needle)
	}
	where := ""
	if len(conds) > 0 {
		where = " WHERE " + strings.Join(conds, " AND ")
	}
	limit := f.Limit
	if limit <= 0 {
		limit = 100
	}
	q := `SELECT s.id, s.source, s.title, s.started_at,
		(SELECT count(*) FROM turns WHERE turns.session_id = s.id),
		(SELECT count(*) FROM runs WHERE runs.session_id = s.id),
		coalesce((SELECT group_concat(route, char(31)) FROM (SELECT DISTINCT route FROM runs WHERE runs.session_id = s.id ORDER BY route)), '')
		FROM sessions s` + where + fmt.Sprintf(" ORDER BY s.started_at DESC, s.id DESC LIMIT %d", limit)
	rows, err := db.sql.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, classify(db.path, "reading sessions", err)
	}
	defer rows.Close()
	var out []SessionSummary
	for rows.Next() {
		var s SessionSummary
		var id, started int64
		var source, routes string
		if err := rows.Scan(&id, &source, &s.Title, &started, &s.TurnCount, &s.RunCount, &routes); err != nil {
			return nil, classify(db.path, "reading sessions", err)
		}
		s.ID, s.Source, s.StartedAt = SessionID(id), Source(source), time.UnixMilli(started)
		if routes != "" {
			s.Routes = strings.Split(routes, "\x1f")
		}
		out = append(out, s)
	}
	return out, classify(db.path, "reading sessions", rows.Err())
}

// Turn is one user turn of a stored session with every route's run.
type Turn struct {
	ID        TurnID
	Seq       int
	StartedAt time.Time
	Prompt    string
	System    string
	Runs      []Run // in the order they were recorded
	// ToolResults are the results a tool-result turn sent (Prompt is their
	// text); nil for a prompt.
	ToolResults []backend.ToolResult
}

// Session is a stored session, enough to show it again or continue it:
// each route's thread is its turns' prompts and that route's answers.
type Session struct {
	SessionSummary
	Turns []Turn
}

// ErrNoSession means no session has that id.
var ErrNoSession = errors.New("no such session")

// Session loads one session with its turns and runs.
func (db *DB) Session(ctx context.Context, id SessionID) (*Session, error) {
	list, err := db.sessionSummary(ctx, id)
	if err != nil {
		return nil, err
	}
	s := &Session{SessionSummary: list}
	trows, err := db.sql.QueryContext(ctx, `SELECT id, seq, started_at, prompt, system, tool_results FROM turns
		WHERE session_id = ? ORDER BY seq`, int64(id))
	if err != nil {
		return nil, classify(db.path, "reading a session", err)
	}
	index := map[TurnID]int{}
	for trows.Next() {
		var t Turn
		var tid, started int64
		var answered sql.NullString
		if err := trows.Scan(&tid, &t.Seq, &started, &t.Prompt, &t.System, &answered); err != nil {
			trows.Close()
			return nil, classify(db.path, "reading a session", err)
		}
		t.ToolResults = toolResults(answered, t.Prompt)
		t.ID, t.StartedAt = TurnID(tid), time.UnixMilli(started)
		index[t.ID] = len(s.Turns)
		s.Turns = append(s.Turns, t)
	}
	trows.Close()
	if err := trows.Err(); err != nil {
		return nil, classify(db.path, "reading a session", err)
	}
	runs, err := db.sessionRuns(ctx, id)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for _, r := range runs {
		if i, ok := index[r.TurnID]; ok {
			s.Turns[i].Runs = append(s.Turns[i].Runs, r.Run)
		}
		if !seen[r.Report.Route] {
			seen[r.Report.Route] = true
			s.Routes = append(s.Routes, r.Report.Route)
		}
	}
	s.TurnCount, s.RunCount = len(s.Turns), len(runs)
	return s, nil
}

func (db *DB) sessionSummary(ctx context.Context, id SessionID) (SessionSummary, error) {
	var s SessionSummary
	var started int64
	var source string
	err := db.sql.QueryRowContext(ctx, `SELECT source, title, started_at FROM sessions WHERE id = ?`, int64(id)).
		Scan(&source, &s.Title, &started)
	if errors.Is(err, sql.ErrNoRows) {
		return s, ErrNoSession
	}
	if err != nil {
		return s, classify(db.path, "reading a session", err)
	}
	s.ID, s.Source, s.StartedAt = id, Source(source), time.UnixMilli(started)
	return s, nil
}

func (db *DB) sessionRuns(ctx context.Context, id SessionID) ([]RunRow, error) {
	rows, err := db.sql.QueryContext(ctx, `SELECT r.id, `+prefixed("r.", runColumns)+`, '', ''
		FROM runs r WHERE r.session_id = ? ORDER BY r.id`, int64(id))
	if err != nil {
		return nil, classify(db.path, "reading a session", err)
	}
	defer rows.Close()
	var out []RunRow
	for rows.Next() {
		var rr RunRow
		if err := scanRun(rows, &rr); err != nil {
			return nil, classify(db.path, "reading a session", err)
		}
		out = append(out, rr)
	}
	return out, classify(db.path, "reading a session", rows.Err())
}

// toolResults rebuilds a tool-result turn's results from its stored calls
// and text; a prompt (NULL) or an unreadable list gives none.
func toolResults(answered sql.NullString, text string) []backend.ToolResult {
	if !answered.Valid {
		return nil
	}
	var calls []answeredCall
	if json.Unmarshal([]byte(answered.String), &calls) != nil || len(calls) == 0 {
		return nil
	}
	out := make([]backend.ToolResult, len(calls))
	for i, c := range calls {
		out[i] = backend.ToolResult{CallID: c.CallID, Name: c.Name, Content: text}
	}
	return out
}
