package cmdenv

import (
	"context"
	"io"
	"net/http"
	"os"
	"time"

	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/history"
	"github.com/routeplay/routeplay/keys"
	"golang.org/x/term"
)

// Deps is everything the commands reach outside the process: the standard
// streams, the keyring, the environment, files, the network, the clock and
// the terminal. main passes DefaultDeps; each test builds its own, so no
// command reads package state and tests can run in parallel. A zero field
// means the production default.
type Deps struct {
	IO IO
	// Keyring holds the keys; nil is the OS keyring.
	Keyring keys.Backend
	// LookupEnv reads the environment (API keys, PAGER); nil is os.LookupEnv.
	LookupEnv func(string) (string, bool)
	// ConfigFile is the config read without --config; "" is
	// $XDG_CONFIG_HOME/routeplay/config.toml.
	ConfigFile string
	// KeysDir holds the index of stored keys; "" is $XDG_CONFIG_HOME/routeplay.
	KeysDir string
	// HistoryFile is the run history; "" is $XDG_DATA_HOME/routeplay/history.db.
	HistoryFile string
	// HistoryBusy is how long a locked history is waited for; 0 is
	// history.DefaultBusyTimeout.
	HistoryBusy time.Duration
	// CacheDir keeps the fetched model list; "" is $XDG_CACHE_HOME/routeplay.
	CacheDir string
	// CatalogURL is the base of OpenRouter's API for the model list and
	// endpoints; "" is OpenRouter itself.
	CatalogURL string
	// HTTP makes the requests of `keys test` and the catalog; nil is a plain client.
	HTTP *http.Client
	// Clock is the wall clock for dates (--since, export stamps); nil is time.Now.
	Clock func() time.Time
	// ReadHidden reads a key typed at a terminal without echo.
	ReadHidden func(in io.Reader) ([]byte, error)
	// TermSize is stdout's size when it is a terminal.
	TermSize func() (w, h int, ok bool)
}

// DefaultDeps is the real world: the process's streams, OS keyring,
// environment, files, network and terminal.
func DefaultDeps() *Deps {
	return &Deps{IO: StdIO(), Keyring: keys.OSKeyring{}, LookupEnv: os.LookupEnv,
		Clock: time.Now, ReadHidden: ReadNoEcho, TermSize: stdoutSize}
}

// Now is the wall-clock time.
func (d *Deps) Now() time.Time {
	if d.Clock == nil {
		return time.Now()
	}
	return d.Clock()
}

// Getenv reads one environment variable.
func (d *Deps) Getenv(name string) string {
	if d.LookupEnv == nil {
		return os.Getenv(name)
	}
	v, _ := d.LookupEnv(name)
	return v
}

// OutSize is the terminal's size, when stdout is one.
func (d *Deps) OutSize() (w, h int, ok bool) {
	if d.TermSize == nil {
		return stdoutSize()
	}
	return d.TermSize()
}

// Client is the client for the commands' requests: HTTP, or a plain
// client that gives up after timeout.
func (d *Deps) Client(timeout time.Duration) *http.Client {
	if d.HTTP != nil {
		return d.HTTP
	}
	return &http.Client{Timeout: timeout}
}

// DefaultConfigFile is the config read when --config is not given.
func (d *Deps) DefaultConfigFile() (string, error) {
	if d.ConfigFile != "" {
		return d.ConfigFile, nil
	}
	return config.DefaultConfigPath()
}

// KeyStore opens the key store every command shares.
func (d *Deps) KeyStore(timeout time.Duration) (*keys.Store, error) {
	return keys.New(keys.Options{Backend: d.Keyring, Timeout: timeout,
		ConfigDir: d.KeysDir, LookupEnv: d.LookupEnv, Now: d.Clock})
}

// OpenHistory opens the history database.
func (d *Deps) OpenHistory(ctx context.Context) (*history.DB, error) {
	path := d.HistoryFile
	if path == "" {
		p, err := history.DefaultPath()
		if err != nil {
			return nil, err
		}
		path = p
	}
	return history.Open(ctx, path, history.Options{BusyTimeout: d.HistoryBusy})
}

func stdoutSize() (int, int, bool) {
	w, h, err := term.GetSize(int(os.Stdout.Fd()))
	return w, h, err == nil && w > 0 && h > 0
}
