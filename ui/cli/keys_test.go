package cli

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend/demo"
	"github.com/routeplay/routeplay/keys"
	"github.com/routeplay/routeplay/ui/cli/cmdenv"
	"github.com/zalando/go-keyring"
)

const (
	goodORKey = "sk-or-v1-0000111122223333444455556666777788889999aaaabbbbcccc9f3a"
	badORKey  = "sk-or-v1-ffffeeeeddddccccbbbbaaaa99998888777766665555444433331111"
)

func TestKeysSetFromPipe(t *testing.T) {
	t.Parallel()
	kt := newKeysTest(t, nil)
	out, errOut, code := kt.run(keysRun{stdin: goodORKey + "\n"}, "set", "openrouter")
	if code != 0 || out != "stored openrouter (sk-or-v1-…9f3a) in the OS keyring\n" || errOut != "" {
		t.Fatalf("code %d\nstdout %q\nstderr %q", code, out, errOut)
	}
	if got, _ := kt.ring.Get(keys.Service, "openrouter"); got != goodORKey {
		t.Fatalf("keyring holds %q", got)
	}
}

func TestKeysSetFromTerminalHidesInput(t *testing.T) {
	t.Parallel()
	kt := newKeysTest(t, map[string]string{"ANTHROPIC_API_KEY": "sk-ant-api03-fromenvironment-0000"})
	out, errOut, code := kt.run(keysRun{tty: true, hidden: "sk-ant-api03-" + strings.Repeat("k", 40) + "LAST"}, "set", "anthropic")
	if code != 0 || out != "stored anthropic (sk-ant-api03-…LAST) in the OS keyring\n" {
		t.Fatalf("code %d stdout %q stderr %q", code, out, errOut)
	}
	want := "Paste the anthropic key (input hidden), then press Enter: \nnote: ANTHROPIC_API_KEY is set and takes precedence over the keyring\n"
	if errOut != want {
		t.Fatalf("stderr %q\nwant   %q", errOut, want)
	}
}

func TestKeysSetRefusesKeyAsArgument(t *testing.T) {
	t.Parallel()
	kt := newKeysTest(t, nil)
	_, errOut, code := kt.run(keysRun{}, "set", "openrouter", goodORKey)
	if code != cmdenv.ExitUsage || !strings.Contains(errOut, "never lands in shell history") {
		t.Fatalf("code %d stderr %q", code, errOut)
	}
	if strings.Contains(errOut, goodORKey[12:40]) {
		t.Fatal("the refused key was echoed")
	}
	if _, err := kt.ring.Get(keys.Service, "openrouter"); !errors.Is(err, keyring.ErrNotFound) {
		t.Fatal("a key given as an argument was stored")
	}
}

func TestKeysSetUsageErrors(t *testing.T) {
	t.Parallel()
	kt := newKeysTest(t, nil)
	tests := []struct {
		name, stdin string
		args        []string
		want        string
	}{
		{"NoName", "", []string{"set"}, "keys set needs a key NAME"},
		{"BadName", goodORKey, []string{"set", "Open Router"}, "invalid key name"},
		{"Empty", "\n", []string{"set", "openai"}, "the key is empty"},
		{"TwoLines", "a-key-value\nanother\n", []string{"set", "openai"}, "paste it alone on one line"},
		{"BadTimeout", "x", []string{"set", "openai", "--timeout", "0s"}, "--timeout must be positive"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, errOut, code := kt.run(keysRun{stdin: tt.stdin}, tt.args...)
			if code != cmdenv.ExitUsage || !strings.Contains(errOut, tt.want) {
				t.Fatalf("code %d stderr %q, want %q", code, errOut, tt.want)
			}
		})
	}
}

func TestKeysList(t *testing.T) {
	t.Parallel()
	kt := newKeysTest(t, map[string]string{"OPENAI_API_KEY": "sk-proj-" + strings.Repeat("p", 30) + "1234"})
	kt.run(keysRun{stdin: goodORKey}, "set", "openrouter")
	kt.run(keysRun{stdin: "custom-secret-value-abcd"}, "set", "my-vllm")
	out, errOut, code := kt.run(keysRun{}, "list")
	want := `NAME        SOURCE              KEY             LAST CHECK
openrouter  keyring             sk-or-v1-…9f3a  never checked
openai      env OPENAI_API_KEY  sk-proj-…1234   never checked
anthropic   missing             -               never checked
gemini      missing             -               never checked
groq        missing             -               never checked
mistral     missing             -               never checked
deepseek    missing             -               never checked
xai         missing             -               never checked
together    missing             -               never checked
fireworks   missing             -               never checked
my-vllm     keyring             …abcd           never checked
`
	if code != 0 || out != want || errOut != "" {
		t.Fatalf("code %d stderr %q\nstdout:\n%s\nwant:\n%s", code, errOut, out, want)
	}
}

func TestKeysDelete(t *testing.T) {
	t.Parallel()
	kt := newKeysTest(t, nil)
	set := func() { kt.run(keysRun{stdin: goodORKey}, "set", "openrouter") }
	set()
	_, errOut, code := kt.run(keysRun{}, "delete", "openrouter")
	if code != cmdenv.ExitUsage || !strings.Contains(errOut, "pass --yes") {
		t.Fatalf("without --yes off a terminal: code %d stderr %q", code, errOut)
	}
	_, errOut, code = kt.run(keysRun{tty: true, stdin: "n\n"}, "delete", "openrouter")
	if code != cmdenv.ExitRouteError || errOut != "Delete the openrouter key from the OS keyring? [y/N] kept openrouter\n" {
		t.Fatalf("declined: code %d stderr %q", code, errOut)
	}
	out, _, code := kt.run(keysRun{tty: true, stdin: "y\n"}, "delete", "openrouter")
	if code != 0 || out != "deleted openrouter from the OS keyring\n" {
		t.Fatalf("confirmed: code %d stdout %q", code, out)
	}
	set()
	kt.env["OPENROUTER_API_KEY"] = "sk-or-v1-" + strings.Repeat("e", 40)
	out, errOut, code = kt.run(keysRun{}, "delete", "openrouter", "--yes")
	if code != 0 || out != "deleted openrouter from the OS keyring\n" || !strings.Contains(errOut, "OPENROUTER_API_KEY is still set") {
		t.Fatalf("--yes: code %d stdout %q stderr %q", code, out, errOut)
	}
	_, errOut, code = kt.run(keysRun{}, "delete", "openrouter", "--yes")
	if code != cmdenv.ExitRouteError || !strings.Contains(errOut, `no key "openrouter" in the OS keyring`) {
		t.Fatalf("already gone: code %d stderr %q", code, errOut)
	}
}

func TestKeysTestAgainstFakeProvider(t *testing.T) {
	t.Parallel()
	kt := newKeysTest(t, nil)
	srv, hs := demo.Start(nil)
	defer hs.Close()
	defer srv.Close()
	srv.RequireKey(goodORKey)
	base := hs.URL + "/api/v1"

	kt.run(keysRun{stdin: goodORKey}, "set", "openrouter")
	out, errOut, code := kt.run(keysRun{}, "test", "openrouter", "--base-url", base)
	if code != 0 || !strings.HasPrefix(out, "openrouter  valid  ") || !strings.HasSuffix(out, "ms  key accepted; credit $1.25 used of $10.00\n") {
		t.Fatalf("good key: code %d stdout %q stderr %q", code, out, errOut)
	}
	out, _, _ = kt.run(keysRun{}, "list")
	if !strings.Contains(out, "valid, ") || !strings.Contains(out, "$1.25 used of $10.00") {
		t.Fatalf("list does not show the check:\n%s", out)
	}

	kt.run(keysRun{stdin: badORKey}, "set", "openrouter")
	out, _, code = kt.run(keysRun{}, "test", "--base-url", base) // no names: every key present
	if code != cmdenv.ExitRouteError || !strings.Contains(out, "openrouter  invalid") || !strings.Contains(out, "key rejected (HTTP 401)") {
		t.Fatalf("bad key: code %d stdout %q", code, out)
	}
	out, _, code = kt.run(keysRun{}, "test", "gemini")
	if code != cmdenv.ExitRouteError || !strings.Contains(out, `no key "gemini": set GEMINI_API_KEY (or GOOGLE_API_KEY)`) {
		t.Fatalf("missing key: code %d stdout %q", code, out)
	}
	kt.run(keysRun{stdin: "custom-secret-value-abcd"}, "set", "my-vllm")
	out, _, code = kt.run(keysRun{}, "test", "my-vllm")
	if code != cmdenv.ExitRouteError || !strings.Contains(out, "my-vllm  unchecked") || !strings.Contains(out, "pass --base-url") {
		t.Fatalf("custom key without a provider: code %d stdout %q", code, out)
	}
}

func TestKeysKeyringFailures(t *testing.T) {
	t.Parallel()
	kt := newKeysTest(t, nil)
	kt.ring.fail(errors.New("failed to unlock correct collection '/org/freedesktop/secrets/aliases/default'"))
	_, errOut, code := kt.run(keysRun{stdin: goodORKey}, "set", "openrouter")
	if code != cmdenv.ExitRouteError || !strings.Contains(errOut, "OS keyring is locked") || !strings.Contains(errOut, "set OPENROUTER_API_KEY instead") {
		t.Fatalf("locked: code %d stderr %q", code, errOut)
	}
	blocking := &hangingKeyring{release: make(chan struct{})}
	defer close(blocking.release)
	kt.deps.Keyring = blocking
	if err := os.WriteFile(filepath.Join(kt.configDir, keys.IndexFile),
		[]byte(`{"version":1,"keys":{"openai":{"stored_at":"2026-11-25T12:00:00Z"}}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	out, _, code := kt.run(keysRun{}, "list", "--timeout", "50ms")
	if code != 0 || !strings.Contains(out, "openai      keyring  unreadable") || !strings.Contains(out, "did not answer within 50ms") {
		t.Fatalf("hung keyring: code %d stdout:\n%s", code, out)
	}
}

func TestKeysCorruptIndex(t *testing.T) {
	t.Parallel()
	kt := newKeysTest(t, nil)
	path := filepath.Join(kt.configDir, keys.IndexFile)
	os.WriteFile(path, []byte("{oops"), 0o600)
	for _, args := range [][]string{{"list"}, {"set", "openai"}, {"delete", "openai", "--yes"}} {
		_, errOut, code := kt.run(keysRun{stdin: goodORKey}, args...)
		if code != cmdenv.ExitRouteError || !strings.Contains(errOut, path) || !strings.Contains(errOut, "fix or delete that file") {
			t.Fatalf("%v: code %d stderr %q", args, code, errOut)
		}
	}
	if got, _ := os.ReadFile(path); string(got) != "{oops" {
		t.Fatalf("corrupt index was rewritten: %q", got)
	}
}

// hangingKeyring never answers, like a stopped Secret Service daemon.
type hangingKeyring struct{ release chan struct{} }

func (h *hangingKeyring) Set(_, _, _ string) error        { <-h.release; return nil }
func (h *hangingKeyring) Get(_, _ string) (string, error) { <-h.release; return "", nil }
func (h *hangingKeyring) Delete(_, _ string) error        { <-h.release; return nil }

// TestKeysNeverLeakKeys plants key values everywhere a key can come from,
// runs every keys subcommand and error path, and looks for the values in
// all output and every file under the config dir.
func TestKeysNeverLeakKeys(t *testing.T) {
	t.Parallel()
	planted := map[string]string{
		"env":      "sk-proj-PLANTEDENVVALUE000111222333444",
		"pipe":     "sk-or-v1-PLANTEDPIPEVALUE555666777888999",
		"terminal": "sk-ant-api03-PLANTEDTTYVALUEaaabbbcccddd",
		"custom":   "PLANTEDCUSTOMVALUEeeefffggghhh",
		"argument": "sk-or-v1-PLANTEDARGVALUEiiijjjkkklll",
		"google":   "AIzaPLANTEDGOOGLEVALUEmmmnnnooopppq",
	}
	kt := newKeysTest(t, map[string]string{"OPENAI_API_KEY": planted["env"], "GOOGLE_API_KEY": planted["google"]})
	srv, hs := demo.Start(nil)
	defer hs.Close()
	defer srv.Close()
	srv.RequireKey("sk-or-v1-the-only-key-the-fake-accepts")
	echo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		presented := r.Header.Get("Authorization") + r.Header.Get("x-api-key") + r.Header.Get("x-goog-api-key")
		status := http.StatusUnauthorized
		if strings.Contains(r.URL.Path, "v1beta") {
			status = http.StatusInternalServerError
		}
		w.WriteHeader(status)
		fmt.Fprintf(w, `{"error":{"message":"bad key %s (%s)"}}`, presented, r.URL.Path)
	}))
	defer echo.Close()
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()

	var all strings.Builder
	run := func(r keysRun, args ...string) {
		out, errOut, _ := kt.run(r, args...)
		all.WriteString(out + errOut)
	}
	run(keysRun{stdin: planted["pipe"] + "\n"}, "set", "openrouter")
	run(keysRun{tty: true, hidden: planted["terminal"]}, "set", "anthropic")
	run(keysRun{stdin: planted["custom"]}, "set", "my-vllm")
	run(keysRun{}, "set", "openrouter", planted["argument"])
	run(keysRun{stdin: planted["pipe"] + " extra words"}, "set", "groq")
	run(keysRun{}, "list")
	run(keysRun{}, "test", "--base-url", hs.URL+"/api/v1")
	run(keysRun{}, "test", "openrouter", "--base-url", hs.URL+"/api/v1")
	run(keysRun{}, "test", "--base-url", echo.URL)
	run(keysRun{}, "test", "gemini", "anthropic", "openai", "--base-url", echo.URL+"/v1beta-ish")
	run(keysRun{}, "test", "my-vllm", "openai", "--base-url", closed.URL)
	run(keysRun{}, "test", "groq", "nosuch")
	run(keysRun{}, "list")
	run(keysRun{tty: true, stdin: "n\n"}, "delete", "anthropic")
	run(keysRun{}, "delete", "my-vllm", "--yes")
	run(keysRun{}, "delete", "openai", "--yes")
	kt.ring.fail(errors.New("failed to unlock correct collection"))
	run(keysRun{stdin: planted["pipe"]}, "set", "openrouter")
	run(keysRun{}, "list")
	run(keysRun{}, "test", "--base-url", closed.URL)

	var files strings.Builder
	filepath.WalkDir(kt.configDir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(path)
			files.Write(b)
		}
		return nil
	})
	if !strings.Contains(all.String(), "key rejected (HTTP 401)") || !strings.Contains(files.String(), "invalid") {
		t.Fatalf("the runs did not reach the providers:\n%s", all.String())
	}
	for where, v := range planted {
		body := v[len(v)-20 : len(v)-5] // a stretch no mask shows
		if strings.Contains(all.String(), body) {
			t.Errorf("the %s key appears in the output:\n%s", where, all.String())
		}
		if strings.Contains(files.String(), body) {
			t.Errorf("the %s key appears in a file under the config dir:\n%s", where, files.String())
		}
	}
}
