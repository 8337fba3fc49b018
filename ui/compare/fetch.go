package compare

import (
	"context"
	"errors"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/engine"
)

// statsWait bounds one fetch of a generation's stats, retries included.
const statsWait = 10 * time.Second

// StatsMsg carries OpenRouter's stats of one gateway run, or why there are none.
type StatsMsg struct {
	Turn         int
	Route        string
	GenerationID string // identifies the run; a retried turn's stale stats are dropped
	Stats        engine.GenerationStats
	Err          error
}

type statsStatus int

const (
	statsFetching statsStatus = iota + 1
	statsReady
	statsNotYet // OpenRouter had no stats after its retries
	statsFailed
)

// splitState is what is known about a gateway run's first-token split.
type splitState struct {
	status   statsStatus
	split    engine.FirstTokenSplit
	provider string
	err      string // sanitised reason of a failed fetch
}

// wantsStats: only an OpenRouter run that answered and named its
// generation has stats to fetch.
func wantsStats(r *backend.Result) bool {
	return r.Route.Kind == backend.KindOpenRouter && r.Err == nil && r.GenerationID != ""
}

// fetchStats runs off the event loop: the fetch retries for a few seconds.
func fetchStats(ctx context.Context, f StatsFetcher, turn int, r *backend.Result) tea.Cmd {
	rt, id := r.Route, r.GenerationID
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, statsWait)
		defer cancel()
		st, err := f.GenerationStats(ctx, rt, id)
		return StatsMsg{Turn: turn, Route: rt.Name, GenerationID: id, Stats: st, Err: err}
	}
}

// onStats files stats under the run they belong to; stats of a run no
// longer shown are dropped.
func (m *Model) onStats(msg StatsMsg) {
	for ti := range m.turns {
		t := &m.turns[ti]
		if t.number != msg.Turn {
			continue
		}
		for _, r := range t.results {
			if r.Route.Name != msg.Route || r.GenerationID != msg.GenerationID {
				continue
			}
			t.splits[msg.Route] = splitOf(r, msg)
			m.rerender()
			return
		}
	}
}

func splitOf(r *backend.Result, msg StatsMsg) splitState {
	switch {
	case errors.Is(msg.Err, engine.ErrGenerationNotYet):
		return splitState{status: statsNotYet}
	case msg.Err != nil:
		return splitState{status: statsFailed, err: backend.Sanitize(msg.Err.Error())}
	}
	return splitState{status: statsReady, split: engine.SplitFirstToken(r, msg.Stats),
		provider: backend.Sanitize(msg.Stats.Provider)}
}
