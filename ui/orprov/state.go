// Package orprov is what the playground knows of OpenRouter's side of a
// route: the endpoints of a model read after a turn, the published figures
// and data policy of the provider that served, shown under the zoomed pane,
// in the compare view and in exports, and the splits of a route into one
// route per provider. The root model holds one State and wires its messages.
package orprov

import (
	"context"
	"net/http"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/catalog"
	"github.com/routeplay/routeplay/keys"
)

// FreshFor is how long fetched endpoints are reused: OpenRouter's figures
// cover the last 30 minutes, so older ones describe another window.
const FreshFor = 30 * time.Minute

// State is what the playground knows of OpenRouter's endpoints and the
// splits it made. One per session, shared by every copy of the root model
// and changed only in its Update.
type State struct {
	published map[string]Published // by model id
	fetching  map[string]bool      // models with a fetch in flight
	splits    map[string]Split     // by the name of the route that was split
	// splitAfter names, by model, a route to split when a fetch already
	// in flight for that model ends.
	splitAfter map[string]string
	// Client reads the endpoints; nil: a client with catalog.EndpointsTimeout.
	Client *http.Client
	// gen counts changes to published and fetching, which the details
	// depend on; details is the zoomed pane's details as last drawn.
	gen     uint64
	details detailsCache
}

// Published is one fetch of a model's endpoints and the provider list.
type Published struct {
	Endpoints []catalog.Endpoint
	Providers []catalog.ProviderInfo
	At        time.Time
	Err       error // the endpoints could not be read
}

// New returns an empty State.
func New() *State {
	return &State{published: map[string]Published{}, fetching: map[string]bool{}, splits: map[string]Split{},
		splitAfter: map[string]string{}}
}

// EndpointsMsg carries one fetch of a model's endpoints. Split names the
// route to split once they are in; empty for a fetch for the details.
type EndpointsMsg struct {
	Model     string
	Split     string
	Endpoints []catalog.Endpoint
	Providers []catalog.ProviderInfo
	Err       error
}

// Fresh returns the model's endpoints when fetched less than FreshFor ago.
func (s *State) Fresh(model string, now time.Time) (Published, bool) {
	set, ok := s.published[model]
	return set, ok && set.Err == nil && now.Sub(set.At) < FreshFor
}

// Fetching reports whether a read of the model's endpoints is in flight.
func (s *State) Fetching(model string) bool { return s.fetching[model] }

// SplitAfter asks for the route to be split when the read in flight for
// its model ends.
func (s *State) SplitAfter(rt backend.Route) { s.splitAfter[rt.Model] = rt.Name }

// Fetch marks a read of the route's model endpoints in flight and returns
// it: through the route's base URL, off the event loop and within
// catalog.EndpointsTimeout. The list is public: without a key it is read
// without one. A missing provider list only costs the policy links.
func (s *State) Fetch(ctx context.Context, ks *keys.Store, rt backend.Route, split string) tea.Cmd {
	s.fetching[rt.Model] = true
	s.gen++
	client := s.Client
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(ctx, catalog.EndpointsTimeout)
		defer cancel()
		key := ""
		if ks != nil && rt.KeyName != "" {
			if k, _, err := ks.Key(ctx, rt.KeyName); err == nil {
				key = k
			}
		}
		if client == nil {
			client = &http.Client{Timeout: catalog.EndpointsTimeout}
		}
		msg := EndpointsMsg{Model: rt.Model, Split: split}
		msg.Endpoints, msg.Providers, msg.Err, _ = catalog.ReadEndpoints(ctx, client, rt, key)
		return msg
	}
}

// Keep stores a fetch, unless it failed where an earlier one succeeded,
// and returns the route to split now, if any.
func (s *State) Keep(msg EndpointsMsg, now time.Time) (split string) {
	delete(s.fetching, msg.Model)
	s.gen++
	if old := s.published[msg.Model]; msg.Err == nil || old.Err != nil || old.Endpoints == nil {
		s.published[msg.Model] = Published{Endpoints: msg.Endpoints, Providers: msg.Providers, At: now, Err: msg.Err}
	}
	split = msg.Split
	if split == "" {
		split = s.splitAfter[msg.Model]
	}
	delete(s.splitAfter, msg.Model)
	return split
}
