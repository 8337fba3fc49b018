package keymanager

import (
	"context"
	"net/http"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/catalog"
	"github.com/routeplay/routeplay/keys"
)

// Store is what the screen needs from the key store; *keys.Store has it.
type Store interface {
	List(ctx context.Context, extra ...string) ([]keys.KeyInfo, error)
	Key(ctx context.Context, name string) (secret, source string, err error)
	Set(ctx context.Context, name, value string) (string, error)
	Delete(ctx context.Context, name string) error
	RecordValidation(name string, v keys.Validation) error
	EnvVarInUse(name string) (string, bool)
	UseForSession(name, value string) (string, error)
}

// ValidateFunc checks a key with its provider (backend.ValidateKey in the app).
type ValidateFunc func(ctx context.Context, kind backend.Kind, baseURL, key string) catalog.Validation

// Deps are the screen's outside world. Every call they make runs in a
// tea.Cmd, never in Update or View.
type Deps struct {
	Store    Store
	Validate ValidateFunc // nil: backend.ValidateKey with a plain client
	// Timeout bounds each whole operation (keyring reads included; the
	// store applies its own per-call keyring timeout inside). Zero: 20 s.
	Timeout time.Duration
	Now     func() time.Time // nil: time.Now
}

const defaultOpTimeout = 20 * time.Second

func (d Deps) withDefaults() Deps {
	if d.Validate == nil {
		client := &http.Client{}
		d.Validate = func(ctx context.Context, kind backend.Kind, baseURL, key string) catalog.Validation {
			return catalog.ValidateKey(ctx, client, kind, baseURL, key)
		}
	}
	if d.Timeout <= 0 {
		d.Timeout = defaultOpTimeout
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	return d
}

// LoadedMsg carries a fresh listing. Gen drops answers to older loads.
type LoadedMsg struct {
	Gen  int
	Keys []keys.KeyInfo
	Err  error
}

// SavedMsg reports a key stored in the keyring.
type SavedMsg struct {
	Name   string
	Masked string
	Err    error
}

// SessionMsg reports a key kept in memory for this session only.
type SessionMsg struct {
	Name   string
	Masked string
	Err    error
}

// DeletedMsg reports a key removed from the keyring.
type DeletedMsg struct {
	Name string
	Err  error
}

// ValidatedMsg reports a key check. Err is set when the key could not be read.
type ValidatedMsg struct {
	Name   string
	Result catalog.Validation
	Err    error
}

// CloseMsg asks the parent to leave the key manager.
type CloseMsg struct{}

func loadCmd(d Deps, gen int, names []string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), d.Timeout)
		defer cancel()
		list, err := d.Store.List(ctx, names...)
		return LoadedMsg{Gen: gen, Keys: list, Err: err}
	}
}

func saveCmd(d Deps, name, value string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), d.Timeout)
		defer cancel()
		stored, err := d.Store.Set(ctx, name, value)
		return SavedMsg{Name: name, Masked: keys.Mask(stored), Err: err}
	}
}

func sessionCmd(d Deps, name, value string) tea.Cmd {
	return func() tea.Msg {
		kept, err := d.Store.UseForSession(name, value)
		return SessionMsg{Name: name, Masked: keys.Mask(kept), Err: err}
	}
}

func deleteCmd(d Deps, name string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), d.Timeout)
		defer cancel()
		return DeletedMsg{Name: name, Err: d.Store.Delete(ctx, name)}
	}
}

// validateCmd reads the key, checks it and records the verdict in the
// index, all off the event loop.
func validateCmd(d Deps, name string, kind backend.Kind, baseURL string) tea.Cmd {
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), d.Timeout)
		defer cancel()
		secret, _, err := d.Store.Key(ctx, name)
		if err != nil {
			return ValidatedMsg{Name: name, Err: err}
		}
		r := d.Validate(ctx, kind, baseURL, secret)
		if r.Status != catalog.KeyUnchecked {
			// A failed write only loses the remembered result; the check itself stands.
			_ = d.Store.RecordValidation(name, keys.Validation{Status: string(r.Status),
				LatencyMS: r.Latency.Milliseconds(), At: d.Now().UTC(), Message: r.Message,
				CreditUsage: r.CreditUsage, CreditLimit: r.CreditLimit})
		}
		return ValidatedMsg{Name: name, Result: r}
	}
}

func closeCmd() tea.Msg { return CloseMsg{} }
