package engine

import (
	"context"
	"fmt"
	"net/http"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/preset"
)

// loadHeaders reads the values of the route's headers that come from the
// key store; they join the secrets every message is cleaned of.
func (s *stream) loadHeaders(ctx context.Context) *backend.RouteError {
	for _, h := range s.rt.Headers {
		if h.KeyName == "" {
			continue
		}
		if s.engine.keys == nil {
			return &backend.RouteError{Kind: backend.ErrNoKey, Message: fmt.Sprintf("no key store for header %s (key %q)", h.Name, h.KeyName)}
		}
		v, _, err := s.engine.keys.Key(ctx, h.KeyName)
		if err != nil {
			return &backend.RouteError{Kind: backend.ErrNoKey, Message: fmt.Sprintf("header %s: %v", h.Name, err)}
		}
		if err := backend.CheckHeaderValue(v); err != nil {
			return &backend.RouteError{Kind: backend.ErrBadRequest,
				Message: fmt.Sprintf("header %s: key %q holds a control character (a pasted newline?); store it again", h.Name, h.KeyName)}
		}
		s.secrets = append(s.secrets, v)
	}
	return nil
}

// setHeaders adds the route's headers to the request, literal values and
// key-store values alike (the latter in the order loadHeaders read them).
func (s *stream) setHeaders(r *http.Request) {
	i := 0
	for _, h := range s.rt.Headers {
		v := h.Value
		if h.KeyName != "" {
			v = s.secrets[i]
			i++
		}
		r.Header.Set(h.Name, v)
	}
}

// gatewayServed reports who served and any gateway-side fallback, as the
// route's gateway says in its response headers.
func (s *stream) gatewayServed(resp *http.Response) {
	rep := preset.ReadGatewayHeaders(s.rt, resp.Header)
	if rep.ServedBy == "" && !rep.FellBack {
		return
	}
	sv := &backend.Served{Provider: rep.ServedBy}
	if rep.FellBack {
		sv.Fallback = rep.Fallback
	}
	s.publish([]backend.Event{{Kind: backend.EventServed, At: s.since(), Served: sv}})
}
