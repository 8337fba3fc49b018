package cli

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/routeplay/routeplay/keys"
	"github.com/routeplay/routeplay/ui/cli/cmdenv"
	"github.com/zalando/go-keyring"
)

// keysRun is one in-memory run of the CLI.
type keysRun struct {
	stdin  string
	tty    bool
	hidden string // what the no-echo terminal read returns
}

// keysTest is one test's world: an in-memory keyring, a fake environment,
// temp config, data and cache dirs and a loopback-only HTTP client, all in
// its own Deps, so tests share nothing and run in parallel.
type keysTest struct {
	t         *testing.T
	env       map[string]string
	configDir string // holds the index of stored keys
	home      string // config, data and cache dirs live under it
	ring      *memKeyring
	deps      cmdenv.Deps
}

func newKeysTest(t *testing.T, env map[string]string) *keysTest {
	t.Helper()
	kt := &keysTest{t: t, env: env, configDir: t.TempDir(), home: t.TempDir(), ring: &memKeyring{}}
	if kt.env == nil {
		kt.env = map[string]string{}
	}
	kt.deps = cmdenv.Deps{
		Keyring:     kt.ring,
		LookupEnv:   func(k string) (string, bool) { v, ok := kt.env[k]; return v, ok },
		ConfigFile:  filepath.Join(kt.home, "config", "routeplay", "config.toml"), // absent: no user config is read
		KeysDir:     kt.configDir,
		HistoryFile: filepath.Join(kt.dataDir(), "history.db"),
		CacheDir:    filepath.Join(kt.home, "cache", "routeplay"),
		HTTP:        loopbackOnly(t),
		ReadHidden:  func(io.Reader) ([]byte, error) { return nil, errors.New("no terminal in tests") },
		TermSize:    func() (int, int, bool) { return 0, 0, false },
	}
	return kt
}

// store opens the world's key store.
func (kt *keysTest) store() *keys.Store {
	kt.t.Helper()
	ks, err := kt.deps.KeyStore(keys.DefaultTimeout)
	if err != nil {
		kt.t.Fatal(err)
	}
	return ks
}

// dataDir is where the world's history lives.
func (kt *keysTest) dataDir() string { return filepath.Join(kt.home, "data", "routeplay") }

// dirs are every directory the world's commands may write to.
func (kt *keysTest) dirs() []string { return []string{kt.home, kt.configDir} }

// exec runs the CLI on the world with the given streams.
func (kt *keysTest) exec(ctx context.Context, stdio cmdenv.IO, args ...string) int {
	d := kt.deps
	d.IO = stdio
	root := NewRoot(&d)
	root.SetArgs(args)
	return cmdenv.ExitCode(stdio, root.ExecuteContext(ctx))
}

// cli runs the CLI on the world with empty stdin.
func (kt *keysTest) cli(args ...string) (stdout, stderr string, code int) {
	kt.t.Helper()
	return kt.cliContext(context.Background(), args...)
}

func (kt *keysTest) cliContext(ctx context.Context, args ...string) (stdout, stderr string, code int) {
	kt.t.Helper()
	var out, errOut bytes.Buffer
	code = kt.exec(ctx, cmdenv.IO{In: strings.NewReader(""), Out: &out, Err: &errOut}, args...)
	return out.String(), errOut.String(), code
}

// run runs a keys subcommand.
func (kt *keysTest) run(r keysRun, args ...string) (stdout, stderr string, code int) {
	kt.t.Helper()
	saved := kt.deps.ReadHidden
	kt.deps.ReadHidden = func(io.Reader) ([]byte, error) { return []byte(r.hidden), nil }
	defer func() { kt.deps.ReadHidden = saved }()
	var out, errOut bytes.Buffer
	code = kt.exec(context.Background(), cmdenv.IO{In: strings.NewReader(r.stdin), Out: &out, Err: &errOut, InTTY: r.tty},
		append([]string{"keys"}, args...)...)
	return out.String(), errOut.String(), code
}

// runCLI runs the CLI in a fresh world of its own.
func runCLI(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return newKeysTest(t, nil).cli(args...)
}

// writeConfig writes a config file into a temp dir of the test's own and
// returns its path.
func writeConfig(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

// gatewayAndDirect configures an OpenRouter route "gw" and the direct route
// "direct" to the same model, both on the fake at %[1]s.
const gatewayAndDirect = `[[routes]]
name = "gw"
provider = "openrouter"
model = "openai/gpt-4o-mini"
base_url = "%[1]s/api/v1"

[[routes]]
name = "direct"
provider = "openai"
model = "gpt-4o-mini"
base_url = "%[1]s/v1"
`

// memKeyring is an in-memory keyring per test (go-keyring's mock is one
// for the whole process). After fail, every call returns that error.
type memKeyring struct {
	mu      sync.Mutex
	secrets map[string]string
	err     error
}

func (m *memKeyring) fail(err error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.err = err
}

func (m *memKeyring) Set(service, user, secret string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.err != nil {
		return m.err
	}
	if m.secrets == nil {
		m.secrets = map[string]string{}
	}
	m.secrets[service+"\x00"+user] = secret
	return nil
}

func (m *memKeyring) Get(service, user string) (string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.err != nil {
		return "", m.err
	}
	v, ok := m.secrets[service+"\x00"+user]
	if !ok {
		return "", keyring.ErrNotFound
	}
	return v, nil
}

func (m *memKeyring) Delete(service, user string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.err != nil {
		return m.err
	}
	if _, ok := m.secrets[service+"\x00"+user]; !ok {
		return keyring.ErrNotFound
	}
	delete(m.secrets, service+"\x00"+user)
	return nil
}

// loopbackOnly is an HTTP client that fails the test on any connection
// beyond loopback: tests never touch the real network.
func loopbackOnly(t *testing.T) *http.Client {
	dialer := &net.Dialer{}
	return &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			host, _, _ := net.SplitHostPort(addr)
			if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
				t.Errorf("a test tried to reach %s", addr)
				return nil, errors.New("tests reach loopback only")
			}
			return dialer.DialContext(ctx, network, addr)
		}}}
}
