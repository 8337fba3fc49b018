// Package config reads and writes the routes file: route specs, parameters
// and OpenRouter preferences, per-route settings, fees and fallback lists.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/routeplay/routeplay/backend/suggest"
	"github.com/routeplay/routeplay/backend/tooldef"

	toml "github.com/pelletier/go-toml/v2"
	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/preset"
)

// Config is routeplay's config file.
type Config struct {
	Path     string        `toml:"-"`
	Defaults Defaults      `toml:"defaults"`
	Routes   []RouteConfig `toml:"routes"`
	// Fees are the gateway fees behind fair cost; absent means the published ones.
	Fees *FeesConfig `toml:"fees"`
	// History is the local run history; absent means on, kept 90 days.
	History HistoryConfig `toml:"history"`
	// Tools are the functions routes opt in to with tools = [...].
	Tools   []ToolConfig `toml:"tools"`
	tools   map[string]tooldef.Tool
	schemas map[string]*tooldef.OutputSchema // by file as written
	// routeLines holds the line of each [[routes]] header, and lines the
	// text, so an error can point at the line of the field at fault.
	routeLines []int
	lines      []string
}

// Defaults apply to every route and command.
type Defaults struct {
	Timeout     Duration `toml:"timeout"`
	IdleTimeout Duration `toml:"idle_timeout"`
	// FirstTokenTimeout bounds the wait for the first token, headers or
	// not; absent means the idle timeout.
	FirstTokenTimeout Duration `toml:"first_token_timeout"`
	// TotalTimeout bounds a whole run (keep-alives never end it otherwise).
	TotalTimeout Duration `toml:"total_timeout"`
	System       string   `toml:"system"`
	Theme        string   `toml:"theme"`
	// MaxResponseBytes bounds the bytes one run decodes (default 32 MiB).
	MaxResponseBytes int64 `toml:"max_response_bytes"`
}

// RouteConfig is one [[routes]] entry as written.
type RouteConfig struct {
	Name       string                     `toml:"name"`
	Provider   string                     `toml:"provider"`
	Model      string                     `toml:"model"`
	BaseURL    string                     `toml:"base_url"`
	Key        string                     `toml:"key"`
	Hidden     bool                       `toml:"hidden"`
	Fallback   []string                   `toml:"fallback"`
	FallbackOn []string                   `toml:"fallback_on"`
	Params     backend.Params             `toml:"params"`
	OpenRouter *backend.OpenRouterOptions `toml:"openrouter"`
	Price      *backend.Price             `toml:"price"`
	// MaxResponseBytes overrides [defaults] max_response_bytes for this route.
	MaxResponseBytes int64 `toml:"max_response_bytes"`
	// AllowInsecureHTTP lets the key travel over an http:// base_url.
	AllowInsecureHTTP bool     `toml:"allow_insecure_http"`
	Tools             []string `toml:"tools"`
	ToolChoice        string   `toml:"tool_choice"`
	// Schema is the JSON Schema the answers must follow: a file, relative
	// to the config file, or the schema itself written inline.
	Schema string `toml:"schema"`
	// Headers are sent with every request: a string each, or
	// { key = "NAME" } to take the value from the key store.
	Headers map[string]any `toml:"headers"`
	// Gateway names the gateway preset the route goes through; Upstream
	// ("openai:gpt-4o-mini") the direct route it stands for.
	Gateway  string `toml:"gateway"`
	Upstream string `toml:"upstream"`
}

// Duration reads "30s"-style durations from TOML.
type Duration time.Duration

// UnmarshalText parses a Go duration string.
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return fmt.Errorf("invalid duration %q (use e.g. \"30s\" or \"2m\")", b)
	}
	if v < 0 {
		return fmt.Errorf("duration %q is negative", b)
	}
	*d = Duration(v)
	return nil
}

// HistoryConfig is the [history] table.
type HistoryConfig struct {
	// Enabled turns recording off when false; nil means on.
	Enabled *bool `toml:"enabled"`
	// Retention is how long runs are kept ("90d"); zero means the default.
	Retention Period `toml:"retention"`
}

// DefaultHistoryRetention is how long history is kept unless configured.
const DefaultHistoryRetention = 90 * 24 * time.Hour

// On reports whether history is recorded.
func (h HistoryConfig) On() bool { return h.Enabled == nil || *h.Enabled }

// RetentionOrDefault is the configured retention, or the default.
func (h HistoryConfig) RetentionOrDefault() time.Duration {
	if h.Retention > 0 {
		return time.Duration(h.Retention)
	}
	return DefaultHistoryRetention
}

// Period is a span of days or less, written "90d", "2w", "12h" or "30m".
type Period time.Duration

// UnmarshalText parses a period.
func (p *Period) UnmarshalText(b []byte) error {
	v, err := ParsePeriod(string(b))
	if err != nil {
		return err
	}
	*p = Period(v)
	return nil
}

// ParsePeriod reads "90d" (days), "2w" (weeks) or any Go duration ("12h").
func ParsePeriod(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	unit := map[string]time.Duration{"d": 24 * time.Hour, "w": 7 * 24 * time.Hour}
	if len(s) > 1 {
		if u, ok := unit[s[len(s)-1:]]; ok {
			n, err := strconv.Atoi(s[:len(s)-1])
			if err == nil && n >= 0 && n <= 100*365 {
				return time.Duration(n) * u, nil
			}
		}
	}
	v, err := time.ParseDuration(s)
	if err != nil || v < 0 {
		return 0, fmt.Errorf("invalid period %q (use e.g. \"90d\", \"2w\" or \"12h\")", s)
	}
	return v, nil
}

// DefaultConfigPath is $XDG_CONFIG_HOME/routeplay/config.toml.
func DefaultConfigPath() (string, error) {
	dir, err := os.UserConfigDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "routeplay", "config.toml"), nil
}

// ErrNoConfig means the config file does not exist.
var ErrNoConfig = errors.New("no config file")

// LoadConfig reads and validates a config file. A missing file returns
// ErrNoConfig; any other problem names the file, the line and the field.
func LoadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%s: %w", path, ErrNoConfig)
	}
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	return ParseConfig(path, data)
}

// ParseConfig decodes and validates config text; path is used in errors.
func ParseConfig(path string, data []byte) (*Config, error) {
	cfg := &Config{Path: path}
	dec := toml.NewDecoder(bytes.NewReader(data)).DisallowUnknownFields()
	if err := dec.Decode(cfg); err != nil {
		return nil, configDecodeError(path, err)
	}
	cfg.lines = strings.Split(string(data), "\n")
	cfg.routeLines = headerLines(cfg.lines, "[[routes]]")
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	return cfg, nil
}

func configDecodeError(path string, err error) error {
	var sm *toml.StrictMissingError
	if errors.As(err, &sm) && len(sm.Errors) > 0 {
		e := sm.Errors[0]
		row, _ := e.Position()
		key := e.Key()
		return fmt.Errorf("%s:%d: unknown field %q%s", path, row, strings.Join(key, "."),
			suggest.Hint(key[len(key)-1], fieldNames(reflect.TypeFor[Config](), key[:len(key)-1])))
	}
	var de *toml.DecodeError
	if errors.As(err, &de) {
		row, _ := de.Position()
		msg := plainTOMLError(de.Error())
		if field := strings.Join(de.Key(), "."); field != "" {
			return fmt.Errorf("%s:%d: %s: %s", path, row, field, msg)
		}
		return fmt.Errorf("%s:%d: %s", path, row, msg)
	}
	return fmt.Errorf("%s: %v", path, err)
}

var tomlTypeErr = regexp.MustCompile(`cannot decode TOML (\w+) into .* of type (\S+)`)

// plainTOMLError words a decoder message for people, not Go programmers.
func plainTOMLError(msg string) string {
	msg = strings.TrimPrefix(msg, "toml: ")
	if m := tomlTypeErr.FindStringSubmatch(msg); m != nil {
		want := strings.TrimLeft(m[2], "*[]")
		switch {
		case strings.HasPrefix(want, "float"), strings.HasPrefix(want, "int"):
			want = "a number"
		case want == "string":
			want = "a string"
		case want == "bool":
			want = "true or false"
		default:
			want = "a " + want
		}
		return fmt.Sprintf("expected %s, got a TOML %s", want, m[1])
	}
	return msg
}

// headerLines returns the 1-based line of each occurrence of an array-table header.
func headerLines(lines []string, header string) []int {
	var at []int
	for i, line := range lines {
		if strings.HasPrefix(strings.TrimSpace(line), header) {
			at = append(at, i+1)
		}
	}
	return at
}

func (c *Config) routeErr(i int, field string, err error) error {
	where := c.Path
	if i < len(c.routeLines) {
		where = fmt.Sprintf("%s:%d", c.Path, c.fieldLine(i, field))
	}
	return fmt.Errorf("%s: route %s: %s: %v", where, shownName(c.Routes[i].Name, i), field, err)
}

func (c *Config) validate() error {
	if err := validateMaxResponseBytes(c.Defaults.MaxResponseBytes); err != nil {
		return fmt.Errorf("%s: [defaults] max_response_bytes: %v", c.Path, err)
	}
	if err := c.compileTools(); err != nil {
		return err
	}
	seen := map[string]int{}
	for i := range c.Routes {
		rc := &c.Routes[i]
		if field, err := checkRouteText(rc); err != nil {
			return c.routeErr(i, field, err)
		}
		if rc.Provider == "" && rc.Gateway == "" {
			return c.routeErr(i, "provider", errors.New("missing (or write gateway = \"NAME\")"))
		}
		rt, err := rc.Route()
		if err != nil {
			field := "provider"
			if rc.Model == "" {
				field = "model"
			}
			if f, ok := gatewayField(err); ok {
				field = f
			}
			return c.routeErr(i, field, err)
		}
		if field, err := validateParams(rt.Params); err != nil {
			return c.routeErr(i, field, err)
		}
		if field, err := validateOpenRouter(rt.OpenRouter); err != nil {
			return c.routeErr(i, field, err)
		}
		if field, err := rt.Price.Check(); err != nil {
			return c.routeErr(i, field, err)
		}
		if err := validateMaxResponseBytes(rc.MaxResponseBytes); err != nil {
			return c.routeErr(i, "max_response_bytes", err)
		}
		if rc.AllowInsecureHTTP && !strings.HasPrefix(strings.ToLower(rt.BaseURL), "http://") {
			return c.routeErr(i, "allow_insecure_http", errors.New("only applies to a route whose base_url starts with http://"))
		}
		if field, _, err := c.routeTools(rt); err != nil {
			return c.routeErr(i, field, err)
		}
		if j, dup := seen[rt.Name]; dup {
			return c.routeErr(i, "name", fmt.Errorf("%q is already used by route #%d", rt.Name, j+1))
		}
		seen[rt.Name] = i
	}
	if err := c.Fees.Validate(); err != nil {
		return fmt.Errorf("%s: [fees]: %v", c.Path, err)
	}
	return c.validateFallbacks(seen)
}

// validateParams checks parameter ranges; field is the offending one's path.
func validateParams(p backend.Params) (field string, err error) {
	switch {
	case p.Temperature != nil && (*p.Temperature < 0 || *p.Temperature > 2):
		return "params.temperature", fmt.Errorf("temperature %v is outside 0..2", *p.Temperature)
	case p.TopP != nil && (*p.TopP <= 0 || *p.TopP > 1):
		return "params.top_p", fmt.Errorf("top_p %v is outside (0, 1]", *p.TopP)
	case p.MaxTokens != nil && *p.MaxTokens <= 0:
		return "params.max_tokens", fmt.Errorf("max_tokens must be positive, got %d", *p.MaxTokens)
	case p.ReasoningBudget != nil && *p.ReasoningBudget < -1:
		return "params.reasoning_budget", fmt.Errorf("reasoning_budget must be 0 or more (or -1, Gemini's dynamic thinking), got %d", *p.ReasoningBudget)
	}
	return "", nil
}

// Route resolves a config entry into a route.
func (rc RouteConfig) Route() (backend.Route, error) {
	rt, err := rc.newRoute()
	if err != nil {
		return backend.Route{}, err
	}
	if rc.Name != "" {
		rt.Name = rc.Name
	}
	rt.Hidden = rc.Hidden
	rt.Fallback = rc.Fallback
	for _, k := range rc.FallbackOn {
		rt.FallbackOn = append(rt.FallbackOn, backend.ErrorKind(k))
	}
	rt.Params = rc.Params
	rt.Price = rc.Price
	rt.MaxResponseBytes = rc.MaxResponseBytes
	rt.AllowInsecureHTTP = rc.AllowInsecureHTTP
	rt.ToolNames, rt.ToolChoice, rt.SchemaFile = rc.Tools, rc.ToolChoice, rc.Schema
	if rt.Headers, err = parseHeaders(rc.Headers); err != nil {
		return backend.Route{}, errHeaders{err}
	}
	if rt.Headers, err = preset.GatewayHeaders(rt); err != nil {
		return backend.Route{}, errHeaders{err}
	}
	if rc.OpenRouter != nil {
		if rt.Kind != backend.KindOpenRouter {
			return backend.Route{}, fmt.Errorf("[routes.openrouter] options only apply to provider \"openrouter\", not %q", rt.Kind)
		}
		rt.OpenRouter = rc.OpenRouter
	}
	return rt, nil
}

// VisibleRoutes returns the config's routes that show in panes.
func (c *Config) VisibleRoutes() []backend.Route {
	var out []backend.Route
	for _, rc := range c.Routes {
		rt, err := rc.Route()
		if err == nil && !rt.Hidden {
			out = append(out, c.withTools(rt))
		}
	}
	return out
}

// FindRoute returns the configured route with that name.
func (c *Config) FindRoute(name string) (backend.Route, bool) {
	for _, rc := range c.Routes {
		rt, err := rc.Route()
		if err == nil && rt.Name == name {
			return c.withTools(rt), true
		}
	}
	return backend.Route{}, false
}
