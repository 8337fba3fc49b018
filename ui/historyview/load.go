package historyview

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend/history"
)

// Msg marks the messages the screen asked for itself; the root hands every
// Msg back to Update.
type Msg interface{ historyMsg() }

// SessionsMsg answers a list load.
type SessionsMsg struct {
	seq      uint64
	Sessions []history.SessionSummary
	Err      error
}

// SessionMsg answers the load of one whole session.
type SessionMsg struct {
	ID       history.SessionID
	Session  *history.Session
	Err      error
	Continue bool // the user asked to continue it rather than read it
}

// filterTickMsg fires once typing in the filter pauses.
type filterTickMsg struct{ seq uint64 }

func (SessionsMsg) historyMsg()   {}
func (SessionMsg) historyMsg()    {}
func (filterTickMsg) historyMsg() {}

// ContinueMsg asks the playground to continue a past session: each route's
// thread is loaded into its pane and the next prompt carries on from it.
type ContinueMsg struct{ Session *history.Session }

// CloseMsg asks the playground to leave the history screen.
type CloseMsg struct{}

// reload asks for the list under the current filter at once.
func (m *Model) reload() tea.Cmd {
	m.seq++
	return m.load()
}

// load asks for the list of sessions under the filter's text.
func (m *Model) load() tea.Cmd {
	if m.opts.Store == nil {
		return nil
	}
	f, err := ParseFilter(m.filter.Value(), m.opts.Now(), m.opts.Location)
	if err != nil {
		m.queryErr = err.Error()
		return nil
	}
	m.queryErr, m.query, m.loading = "", f, true
	f.Limit = listLimit
	store, ctx, seq := m.opts.Store, m.opts.Context, m.seq
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, loadTimeout)
		defer cancel()
		list, err := store.Sessions(ctx, f)
		return SessionsMsg{seq: seq, Sessions: list, Err: err}
	}
}

func (m Model) loadSession(id history.SessionID, cont bool) tea.Cmd {
	store, ctx := m.opts.Store, m.opts.Context
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, loadTimeout)
		defer cancel()
		s, err := store.Session(ctx, id)
		return SessionMsg{ID: id, Session: s, Err: err, Continue: cont}
	}
}

// ParseFilter reads the filter line: plain words search prompts and
// answers; route:NAME keeps sessions in which that route ran; since:7d (or
// 12h, 2w, a date, today, yesterday), until:DATE and date:DATE bound the
// start time. A word with any other prefix is searched as text.
func ParseFilter(line string, now time.Time, loc *time.Location) (history.SessionFilter, error) {
	var f history.SessionFilter
	var words []string
	for _, tok := range strings.Fields(line) {
		name, val, ok := strings.Cut(tok, ":")
		if !ok || val == "" {
			words = append(words, tok)
			continue
		}
		var err error
		switch strings.ToLower(name) {
		case "route", "r":
			f.Route = val
		case "since":
			f.Since, err = parseWhen(val, now, loc)
		case "until":
			f.Until, err = parseWhen(val, now, loc)
		case "date", "on":
			var day time.Time
			if day, err = parseDay(val, now, loc); err == nil {
				f.Since, f.Until = day, day.AddDate(0, 0, 1)
			}
		default:
			words = append(words, tok)
		}
		if err != nil {
			return f, fmt.Errorf("%s: %w", strings.ToLower(name), err)
		}
	}
	f.Text = strings.Join(words, " ")
	return f, nil
}

var errWhen = errors.New("want an age such as 12h, 7d or 2w, or a date such as 2026-11-25")

// parseWhen reads an age back from now or a day.
func parseWhen(s string, now time.Time, loc *time.Location) (time.Time, error) {
	if n := len(s); n >= 2 {
		if count, err := strconv.Atoi(s[:n-1]); err == nil && count >= 0 {
			switch s[n-1] {
			case 'h':
				return now.Add(-time.Duration(count) * time.Hour), nil
			case 'd':
				return now.AddDate(0, 0, -count), nil
			case 'w':
				return now.AddDate(0, 0, -7*count), nil
			}
		}
	}
	return parseDay(s, now, loc)
}

// parseDay reads a calendar day as its first instant in loc.
func parseDay(s string, now time.Time, loc *time.Location) (time.Time, error) {
	today := now.In(loc)
	midnight := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, loc)
	switch strings.ToLower(s) {
	case "today":
		return midnight, nil
	case "yesterday":
		return midnight.AddDate(0, 0, -1), nil
	}
	day, err := time.ParseInLocation("2006-01-02", s, loc)
	if err != nil {
		return time.Time{}, errWhen
	}
	return day, nil
}

// RouteTrend is one route's figures across past sessions, oldest first.
type RouteTrend struct {
	Route string
	// Settings the runs ran with: a route whose settings changed in the
	// period has one RouteTrend per settings.
	Settings string
	Points   []history.TrendPoint
}

// TrendMsg answers LoadTrend, in the order the routes were asked for.
// Err is the first failure; the routes read before it are kept.
type TrendMsg struct {
	Routes []RouteTrend
	Err    error
}

// LoadTrend reads each route's figures since a time, bucketed (a day, say),
// off the event loop: what the compare view shows of a route's past.
func LoadTrend(ctx context.Context, store Store, routes []string, since time.Time, bucket time.Duration) tea.Cmd {
	if store == nil || len(routes) == 0 {
		return nil
	}
	if ctx == nil {
		ctx = context.Background()
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, loadTimeout)
		defer cancel()
		var msg TrendMsg
		for _, route := range routes {
			series, err := store.RouteTrendBySettings(ctx, route, since, bucket)
			if err != nil {
				msg.Err = err
				break
			}
			if len(series) == 0 {
				msg.Routes = append(msg.Routes, RouteTrend{Route: route}) // no runs in the period
			}
			for _, s := range series {
				msg.Routes = append(msg.Routes, RouteTrend{Route: route, Settings: s.Settings, Points: s.Points})
			}
		}
		return msg
	}
}
