package config

import (
	"errors"
	"fmt"
	"sort"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/safetext"
)

// parseHeaders reads a route's headers table: each value is a string, or
// a table { key = "NAME" } naming the key store entry that holds it.
//
//	headers = { "x-portkey-provider" = "openai", "x-portkey-api-key" = { key = "portkey" } }
func parseHeaders(raw map[string]any) ([]backend.Header, error) {
	names := make([]string, 0, len(raw))
	for name := range raw {
		names = append(names, name)
	}
	sort.Strings(names)
	out := make([]backend.Header, 0, len(names))
	for _, name := range names {
		if err := backend.CheckHeaderName(name); err != nil {
			return nil, err
		}
		h, err := headerValue(name, raw[name])
		if err != nil {
			return nil, fmt.Errorf("header %s: %v", name, err)
		}
		out = append(out, h)
	}
	return out, nil
}

var errHeaderShape = errors.New(`write a string, or { key = "NAME" } to read the value from the key store`)

func headerValue(name string, v any) (backend.Header, error) {
	switch v := v.(type) {
	case string:
		if safetext.LooksLikeSecret(v) {
			return backend.Header{}, errors.New(`this looks like a key value: store it with "routeplay keys set NAME" ` +
				`and write { key = "NAME" } here; the value was not shown`)
		}
		if err := backend.CheckHeaderValue(v); err != nil {
			return backend.Header{}, err
		}
		return backend.Header{Name: name, Value: v}, nil
	case map[string]any:
		key, ok := v["key"].(string)
		if !ok || len(v) != 1 || key == "" {
			return backend.Header{}, errHeaderShape
		}
		if safetext.LooksLikeSecret(key) {
			return backend.Header{}, errKeyValue
		}
		if err := safetext.CheckIdentifier(key); err != nil {
			return backend.Header{}, fmt.Errorf("key name %v", err)
		}
		return backend.Header{Name: name, KeyName: key}, nil
	}
	return backend.Header{}, errHeaderShape
}

// errHeaders marks a route error as the headers' fault, for the error's
// field and line.
type errHeaders struct{ error }

func (e errHeaders) Unwrap() error { return e.error }
