package ui

import (
	"cmp"
	"context"
	"net/http"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/catalog"
	"github.com/routeplay/routeplay/keys"
)

// publishedFresh is how long fetched endpoints are reused: OpenRouter's
// figures cover the last 30 minutes, so older ones describe another window.
const publishedFresh = 30 * time.Minute

// orState is what the playground knows of OpenRouter's endpoints and the
// splits it made. One per session, shared by every copy of the model and
// changed only in Update.
type orState struct {
	published map[string]publishedSet // by model id
	fetching  map[string]bool         // models with a fetch in flight
	splits    map[string]splitRecord  // by the name of the route that was split
	// splitAfter names, by model, a route to split when a fetch already
	// in flight for that model ends.
	splitAfter map[string]string
	client     *http.Client // nil: a client with catalog.EndpointsTimeout
}

// publishedSet is one fetch of a model's endpoints and the provider list.
type publishedSet struct {
	endpoints []catalog.Endpoint
	providers []catalog.ProviderInfo
	at        time.Time
	err       error // the endpoints could not be read
}

func newORState() *orState {
	return &orState{published: map[string]publishedSet{}, fetching: map[string]bool{}, splits: map[string]splitRecord{},
		splitAfter: map[string]string{}}
}

// endpointsMsg carries one fetch of a model's endpoints. Split names the
// route to split once they are in; empty for a fetch for the details.
type endpointsMsg struct {
	Model     string
	Split     string
	Endpoints []catalog.Endpoint
	Providers []catalog.ProviderInfo
	Err       error
}

// fresh returns the model's endpoints when fetched less than publishedFresh ago.
func (s *orState) fresh(model string, now time.Time) (publishedSet, bool) {
	set, ok := s.published[model]
	return set, ok && set.err == nil && now.Sub(set.at) < publishedFresh
}

// fetchEndpoints reads a route's model endpoints and OpenRouter's provider
// list through the route's base URL, off the event loop and within
// catalog.EndpointsTimeout. The list is public: without a key it is read
// without one. A missing provider list only costs the policy links.
func fetchEndpoints(ctx context.Context, ks *keys.Store, client *http.Client, rt backend.Route, split string) tea.Cmd {
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
		msg := endpointsMsg{Model: rt.Model, Split: split}
		msg.Endpoints, msg.Err = catalog.FetchEndpoints(ctx, client, rt.BaseURL, key, rt.Model)
		if msg.Err == nil {
			msg.Providers, _ = catalog.FetchProviders(ctx, client, rt.BaseURL, key)
		}
		return msg
	}
}

// livesOnOpenRouter reports whether a route reaches OpenRouter for real.
func livesOnOpenRouter(rt backend.Route) bool {
	return rt.Kind == backend.KindOpenRouter && !rt.Simulated
}

// onEndpoints keeps a fetch and, when it was asked for a split, splits.
func (m *Model) onEndpoints(msg endpointsMsg) tea.Cmd {
	delete(m.or.fetching, msg.Model)
	if msg.Err == nil || m.or.published[msg.Model].err != nil || m.or.published[msg.Model].endpoints == nil {
		m.or.published[msg.Model] = publishedSet{endpoints: msg.Endpoints, providers: msg.Providers, at: m.clock(), err: msg.Err}
	}
	m.syncProvenance()
	split := cmp.Or(msg.Split, m.or.splitAfter[msg.Model])
	delete(m.or.splitAfter, msg.Model)
	if split != "" {
		m.finishSplit(split, msg)
	}
	return m.armFrame()
}
