// Package configsave writes routes back into the config file while keeping
// its text: unchanged tables stay as written, changed ones get only their
// changed lines rewritten, and the old file is kept beside it.
package configsave

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/atomicfile"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/figure"
)

// savedRoute is a [[routes]] entry as SaveRoutes writes it: only what
// differs from the provider's defaults, so the file stays short and a
// preset's later base URL change still applies. It never holds a key, only
// the name a key is stored under.
type savedRoute struct {
	Name       string                     `toml:"name"`
	Provider   string                     `toml:"provider"`
	Model      string                     `toml:"model"`
	BaseURL    string                     `toml:"base_url,omitempty"`
	Key        string                     `toml:"key,omitempty"`
	Hidden     bool                       `toml:"hidden,omitempty"`
	Fallback   []string                   `toml:"fallback,omitempty"`
	FallbackOn []string                   `toml:"fallback_on,omitempty"`
	Params     *savedParams               `toml:"params,omitempty"`
	OpenRouter *backend.OpenRouterOptions `toml:"openrouter,omitempty"`
	Price      *backend.Price             `toml:"price,omitempty"`
	// MaxResponseBytes is kept when set, so saving never drops the limit.
	MaxResponseBytes  int64    `toml:"max_response_bytes,omitempty"`
	AllowInsecureHTTP bool     `toml:"allow_insecure_http,omitempty"`
	Tools             []string `toml:"tools,omitempty"`
	ToolChoice        string   `toml:"tool_choice,omitempty"`
	Schema            string   `toml:"schema,omitempty"`
}

type savedParams struct {
	System          *string  `toml:"system,omitempty"`
	Temperature     *float64 `toml:"temperature,omitempty"`
	TopP            *float64 `toml:"top_p,omitempty"`
	MaxTokens       *int     `toml:"max_tokens,omitempty"`
	ReasoningEffort string   `toml:"reasoning_effort,omitempty"`
	ReasoningBudget *int     `toml:"reasoning_budget,omitempty"`
	Stop            []string `toml:"stop,omitempty"`
}

// routeHeader matches a table header that belongs to the routes array:
// [[routes]] and its sub-tables such as [routes.params].
var routeHeader = regexp.MustCompile(`^\s*\[\[?\s*routes\s*(\]|\.)`)

// anyHeader matches any table header line.
var anyHeader = regexp.MustCompile(`^\s*\[`)

// Saved says what SaveRoutes wrote: every [[routes]] table in the file,
// hidden fallback routes included, and where the old file was kept.
type Saved struct {
	Routes int
	Backup string // "" when there was no file before
}

// Message reports the save: what was written, where, and where the old
// file went, so an unwanted change can be undone by hand.
func (s Saved) Message(path string) string {
	msg := "Saved " + figure.Count(s.Routes, "route") + " to " + path
	if s.Backup != "" {
		msg += " (backup " + filepath.Base(s.Backup) + ")"
	}
	return msg
}

// SaveRoutes writes routes as the config file's [[routes]] entries. It edits
// the file's text: a route that did not change keeps its table as written
// (comments, quoting, order), a changed one gets only its changed lines
// rewritten, and new routes go after the last table. Every other table is
// kept, and so are its hidden routes (fallback targets that have no pane)
// unless routes redefines them. The old file is kept beside it as
// config.toml.bak; the new one is checked with ParseConfig before it
// replaces the old, in one rename, 0600. Simulated routes are not saved:
// they exist only for the demo.
func SaveRoutes(path string, routes []backend.Route) (Saved, error) {
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return Saved{}, fmt.Errorf("config %s: %w", path, err)
	}
	var keep []backend.Route
	for _, rt := range routes {
		if !rt.Simulated && rt.Kind != backend.KindDemo {
			keep = append(keep, rt)
		}
	}
	out, n, err := editRoutes(path, old, keep)
	if errors.Is(err, errCannotEdit) || (err == nil && !savedAsMeant(path, out, keep)) {
		out, n, err = rewriteRoutes(path, old, keep)
	}
	if err != nil {
		return Saved{}, err
	}
	if _, err := config.ParseConfig(path, out); err != nil {
		return Saved{}, fmt.Errorf("the saved routes would not load: %w", err)
	}
	if err := replaceFile(path, old, out); err != nil {
		return Saved{}, err
	}
	s := Saved{Routes: n}
	if old != nil {
		s.Backup = path + ".bak"
	}
	return s, nil
}

// rewriteRoutes is the fallback for text the line editor cannot follow:
// the routes tables are written afresh after the rest of the file.
func rewriteRoutes(path string, old []byte, routes []backend.Route) ([]byte, int, error) {
	hidden, err := hiddenRoutes(path, old, routes)
	if err != nil {
		return nil, 0, err
	}
	out := withoutRoutes(old)
	if len(out) > 0 {
		out = append(bytes.TrimRight(out, "\n"), "\n"...)
	}
	for _, s := range append(savedRoutes(routes), hidden...) {
		f, err := flatten(s)
		if err != nil {
			return nil, 0, fmt.Errorf("config %s: encoding routes: %w", path, err)
		}
		if len(out) > 0 {
			out = append(out, '\n')
		}
		out = append(out, encodeBlock(f)...)
	}
	return out, len(routes) + len(hidden), nil
}

func savedRoutes(routes []backend.Route) []savedRoute {
	out := make([]savedRoute, len(routes))
	for i, rt := range routes {
		out[i] = saveRoute(rt)
	}
	return out
}

// hiddenRoutes are the existing file's hidden routes that routes does not
// name again.
func hiddenRoutes(path string, old []byte, routes []backend.Route) ([]savedRoute, error) {
	if len(old) == 0 {
		return nil, nil
	}
	cfg, err := config.ParseConfig(path, old)
	if err != nil {
		return nil, fmt.Errorf("not saving over a config that does not load: %w", err)
	}
	var keep []savedRoute
	for _, rc := range cfg.Routes {
		rt, err := rc.Route()
		named := slices.ContainsFunc(routes, func(r backend.Route) bool { return r.Name == rt.Name })
		if err == nil && rt.Hidden && !named {
			keep = append(keep, saveRoute(rt))
		}
	}
	return keep, nil
}

func saveRoute(rt backend.Route) savedRoute {
	s := savedRoute{Name: rt.Name, Provider: string(rt.Kind), Model: rt.Model, Hidden: rt.Hidden,
		Fallback: rt.Fallback, OpenRouter: rt.OpenRouter, Price: rt.Price, MaxResponseBytes: rt.MaxResponseBytes,
		AllowInsecureHTTP: rt.AllowInsecureHTTP, Tools: rt.ToolNames, ToolChoice: rt.ToolChoice, Schema: rt.SchemaFile}
	if def, err := backend.NewRoute(rt.Kind, rt.Model, "", ""); err == nil {
		if rt.BaseURL != def.BaseURL {
			s.BaseURL = rt.BaseURL
		}
		if rt.KeyName != def.KeyName {
			s.Key = rt.KeyName
		}
	} else {
		s.BaseURL, s.Key = rt.BaseURL, rt.KeyName
	}
	for _, k := range rt.FallbackOn {
		s.FallbackOn = append(s.FallbackOn, string(k))
	}
	p := savedParams(rt.Params)
	if !isZeroParams(p) {
		s.Params = &p
	}
	return s
}

func isZeroParams(p savedParams) bool {
	return p.System == nil && p.Temperature == nil && p.TopP == nil && p.MaxTokens == nil &&
		p.ReasoningEffort == "" && p.ReasoningBudget == nil && len(p.Stop) == 0
}

// withoutRoutes removes every routes table (header to the next header that
// is not a routes one) and keeps the rest of the text as it was. Comment
// lines just above a following table belong to that table and stay.
func withoutRoutes(data []byte) []byte {
	var out, pending []string
	inRoutes := false
	for _, line := range strings.SplitAfter(string(data), "\n") {
		trimmed := strings.TrimSpace(line)
		switch {
		case anyHeader.MatchString(line):
			inRoutes = routeHeader.MatchString(line)
			if !inRoutes {
				out = append(out, pending...)
			}
			pending = nil
		case inRoutes && strings.HasPrefix(trimmed, "#"):
			pending = append(pending, line)
			continue
		case inRoutes && trimmed != "":
			pending = nil // a comment inside the routes table, not above the next one
		}
		if !inRoutes {
			out = append(out, line)
		}
	}
	return []byte(strings.Join(out, ""))
}

// replaceFile backs up old (when there was a file) and swaps in data with a
// rename, so a crash leaves either file whole. A config.toml that is a link
// (into a dotfiles repository, say) stays a link: the file it points to is
// replaced. The backup is never written through a link.
func replaceFile(path string, old, data []byte) error {
	if old != nil {
		if err := atomicfile.WriteBytes(path+".bak", old, atomicfile.Options{MkdirAll: true}); err != nil {
			return fmt.Errorf("backing up %s: %w", path, err)
		}
	}
	if err := atomicfile.WriteBytes(path, data, atomicfile.Options{Links: atomicfile.FollowLinks, MkdirAll: true}); err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
