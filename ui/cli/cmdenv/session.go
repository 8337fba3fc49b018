package cmdenv

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/catalog"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/demo/simulated"
	"github.com/routeplay/routeplay/backend/engine"
	"github.com/routeplay/routeplay/backend/safetext"
	"github.com/routeplay/routeplay/backend/suggest"
	"github.com/routeplay/routeplay/backend/tooldef"
	"github.com/routeplay/routeplay/keys"
	"github.com/spf13/cobra"
)

// RouteFlags are the route-selection flags shared by ask, bench and the playground.
type RouteFlags struct {
	routes      []string
	system      string
	demo        bool
	timeout     time.Duration
	idleTimeout time.Duration
	firstToken  time.Duration
	total       time.Duration
	NoHistory   bool
	ToolsFile   string
	SchemaFile  string
}

// Add defines the flags on cmd.
func (f *RouteFlags) Add(cmd *cobra.Command) {
	fl := cmd.Flags()
	fl.StringArrayVar(&f.routes, "route", nil, "route to use: a configured route name or PROVIDER:MODEL (repeatable)")
	fl.StringVar(&f.system, "system", "", "system prompt")
	fl.BoolVar(&f.demo, "demo", false, "use the simulated demo routes (no keys, no network)")
	fl.DurationVar(&f.timeout, "timeout", 0, "fail a route with no response headers within this long (default 60s)")
	fl.DurationVar(&f.idleTimeout, "idle-timeout", 0, "fail a route that sends no bytes for this long mid-stream (default 60s)")
	fl.DurationVar(&f.firstToken, "first-token-timeout", 0, "fail a route with no token this long after the request, headers or not (default: the idle timeout)")
	fl.BoolVar(&f.NoHistory, "no-history", false, "do not keep these runs in the local history")
	fl.StringVar(&f.ToolsFile, "tools", "", "offer these tools to every route: a JSON file in OpenAI's function format (replaces the config's tools)")
	fl.StringVar(&f.SchemaFile, "schema", "", "ask every route for JSON that follows this JSON Schema file, and check each answer against it")
	fl.DurationVar(&f.total, "total-timeout", 0, "fail a route whose whole run takes longer than this, keep-alives or not (default 10m)")
}

const (
	defaultResponseTimeout = 60 * time.Second
	defaultIdleTimeout     = 60 * time.Second
	defaultTotalTimeout    = 10 * time.Minute
)

// Session is what a command needs to run routes.
type Session struct {
	Deps   *Deps
	Config *config.Config
	Routes []backend.Route
	Engine *engine.Engine
	Keys   *keys.Store
	System string
	Demo   bool
	// tools and schema come from --tools and --schema; nil when not given.
	Tools  []tooldef.Tool
	Schema *tooldef.OutputSchema
}

// OpenSession loads the config, picks the routes and builds the engine.
func OpenSession(deps *Deps, cmd *cobra.Command, f *RouteFlags) (*Session, error) {
	cfg, err := LoadConfig(deps, cmd)
	if err != nil {
		return nil, err
	}
	ks, err := deps.KeyStore(keys.DefaultTimeout)
	if err != nil {
		return nil, UsageError("%v", err)
	}
	s := &Session{Deps: deps, Config: cfg, Keys: ks, System: f.system}
	if s.System == "" && cfg != nil {
		s.System = cfg.Defaults.System
	}
	if err := s.pickRoutes(cmd, f); err != nil {
		return nil, err
	}
	if err := s.useToolsFile(f.ToolsFile); err != nil {
		return nil, err
	}
	if err := s.useSchemaFile(f.SchemaFile); err != nil {
		return nil, err
	}
	opts := engine.EngineOptions{Keys: ks, Timeouts: timeouts(cmd, cfg, f), Routes: s.withRunTools(fallbackLookup(cfg)), Redact: ks.Redactor().Redact}
	if cfg != nil {
		opts.MaxResponseBytes = cfg.Defaults.MaxResponseBytes
	}
	s.Engine = engine.NewEngine(opts)
	return s, nil
}

func (s *Session) pickRoutes(cmd *cobra.Command, f *RouteFlags) error {
	var configured []backend.Route
	if s.Config != nil {
		configured = s.Config.VisibleRoutes()
	}
	switch {
	case f.demo:
		rts, err := PickDemoRoutes(f.routes)
		if err != nil {
			return err
		}
		s.Routes, s.Demo = rts, true
	case len(f.routes) > 0:
		rts, err := config.ResolveRoutes(s.Config, f.routes)
		if err != nil {
			return UsageError("%v", err)
		}
		WarnUnlistedModels(cmd.ErrOrStderr(), rts)
		s.Routes = rts
	case len(configured) > 0:
		s.Routes = configured
	default:
		// A broken key index would turn every stored key into "no keys" and
		// quietly run the demo instead: stop and name the file.
		have, err := PresentKeys(cmd.Context(), s.Keys)
		if err != nil {
			return UsageError("%v", err)
		}
		s.Routes = catalog.DefaultRoutes(func(name string) bool { return have[name] })
		if len(s.Routes) == 0 {
			s.Routes, s.Demo = simulated.DemoRoutes(), true
		}
	}
	return nil
}

// LoadConfig reads --config, else the default config file; a missing
// default file is no config (nil), a missing --config file an error.
func LoadConfig(deps *Deps, cmd *cobra.Command) (*config.Config, error) {
	path, _ := cmd.Flags().GetString("config")
	explicit := path != ""
	if !explicit {
		p, err := deps.DefaultConfigFile()
		if err != nil {
			return nil, nil
		}
		path = p
	}
	cfg, err := config.LoadConfig(path)
	if errors.Is(err, config.ErrNoConfig) && !explicit {
		return nil, nil
	}
	if err != nil {
		return nil, UsageError("%v", err)
	}
	return cfg, nil
}

// timeouts: flags win over the config's [defaults], which win over built-ins.
func timeouts(cmd *cobra.Command, cfg *config.Config, f *RouteFlags) backend.Timeouts {
	t := backend.Timeouts{Response: defaultResponseTimeout, Idle: defaultIdleTimeout, Total: defaultTotalTimeout}
	if cfg != nil {
		if cfg.Defaults.Timeout > 0 {
			t.Response = time.Duration(cfg.Defaults.Timeout)
		}
		if cfg.Defaults.IdleTimeout > 0 {
			t.Idle = time.Duration(cfg.Defaults.IdleTimeout)
		}
		if cfg.Defaults.FirstTokenTimeout > 0 {
			t.FirstToken = time.Duration(cfg.Defaults.FirstTokenTimeout)
		}
		if cfg.Defaults.TotalTimeout > 0 {
			t.Total = time.Duration(cfg.Defaults.TotalTimeout)
		}
	}
	if cmd.Flags().Changed("timeout") {
		t.Response = f.timeout
	}
	if cmd.Flags().Changed("idle-timeout") {
		t.Idle = f.idleTimeout
	}
	if cmd.Flags().Changed("first-token-timeout") {
		t.FirstToken = f.firstToken
	}
	if cmd.Flags().Changed("total-timeout") {
		t.Total = f.total
	}
	return t
}

// ValidateTimeouts refuses a negative timeout flag.
func ValidateTimeouts(f *RouteFlags) error {
	if f.timeout < 0 || f.idleTimeout < 0 || f.firstToken < 0 || f.total < 0 {
		return UsageError("timeouts must not be negative")
	}
	return nil
}

// AvailableKeys names the keys set in the environment or recorded as stored,
// without reading any secret.
func AvailableKeys(ctx context.Context, ks *keys.Store) map[string]bool {
	have, _ := PresentKeys(ctx, ks)
	return have
}

// PresentKeys is AvailableKeys that also reports an unreadable key index.
func PresentKeys(ctx context.Context, ks *keys.Store) (map[string]bool, error) {
	have := map[string]bool{}
	infos, err := ks.List(ctx)
	if err != nil {
		return have, err
	}
	for _, k := range infos {
		if k.Source == keys.SourceEnv || k.Stored {
			have[k.Name] = true
		}
	}
	return have, nil
}

// fallbackLookup finds the routes named in fallback lists, hidden ones
// included; without a config there are none.
func fallbackLookup(cfg *config.Config) engine.RouteLookup {
	if cfg == nil {
		return nil
	}
	return cfg.FindRoute
}

// PickDemoRoutes returns the demo routes, or with --route only those named.
func PickDemoRoutes(names []string) ([]backend.Route, error) {
	all := simulated.DemoRoutes()
	if len(names) == 0 {
		return all, nil
	}
	var out []backend.Route
	for _, name := range names {
		i := slices.IndexFunc(all, func(rt backend.Route) bool { return rt.Name == name })
		if i < 0 {
			known := make([]string, len(all))
			for j, rt := range all {
				known[j] = rt.Name
			}
			return nil, UsageError("--demo: no demo route %q%s (demo routes: %s)", name, suggest.Hint(name, known), strings.Join(known, ", "))
		}
		out = append(out, all[i])
	}
	return out, nil
}

// WarnUnlistedModels names the catalog's nearest model for a route whose
// model the catalog does not list, before the provider is asked. It only
// warns: a model newer than the catalog is no typo.
func WarnUnlistedModels(w io.Writer, routes []backend.Route) {
	for _, rt := range routes {
		if near, ok := backend.CatalogSuggest(rt.Kind, rt.Model); ok {
			fmt.Fprintf(w, "routeplay: warning: the model catalog has no %s model %q; did you mean %s:%s?\n",
				rt.Kind, safetext.Sanitize(rt.Model), rt.Kind, near)
		}
	}
}
