package keys

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"
)

const orKey = "sk-or-v1-0123456789abcdef0123456789abcdef0123456789abcdef01239f3a"

// newMockStore returns a store over go-keyring's in-memory mock with the
// given environment. go-keyring's mock is global, so these tests are not
// parallel.
func newMockStore(t *testing.T, env map[string]string) *Store {
	t.Helper()
	keyring.MockInit()
	return newStoreWith(t, OSKeyring{}, env)
}

func newStoreWith(t *testing.T, b Backend, env map[string]string) *Store {
	t.Helper()
	s, err := New(Options{
		Backend:   b,
		Timeout:   time.Second,
		ConfigDir: t.TempDir(),
		LookupEnv: func(k string) (string, bool) { v, ok := env[k]; return v, ok },
		Now:       func() time.Time { return time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC) },
	})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestSetKeyDeleteRoundTrip(t *testing.T) {
	s := newMockStore(t, nil)
	ctx := context.Background()
	stored, err := s.Set(ctx, "openrouter", "  "+orKey+"\n")
	if err != nil || stored != orKey {
		t.Fatalf("Set = %q, %v; want the trimmed key", stored, err)
	}
	if got, _ := keyring.Get(Service, "openrouter"); got != orKey {
		t.Fatalf("keyring holds %q, want the trimmed key", got)
	}
	secret, source, err := s.Key(ctx, "openrouter")
	if err != nil || secret != orKey || source != SourceKeyring {
		t.Fatalf("Key = %q, %q, %v", secret, source, err)
	}
	if err := s.Delete(ctx, "openrouter"); err != nil {
		t.Fatal(err)
	}
	_, _, err = s.Key(ctx, "openrouter")
	var missing *MissingKeyError
	if !errors.As(err, &missing) || !errors.Is(err, ErrNotFound) {
		t.Fatalf("Key after Delete: %v, want *MissingKeyError", err)
	}
	if err := s.Delete(ctx, "openrouter"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("second Delete: %v, want ErrNotFound", err)
	}
}

func TestMissingKeyMessages(t *testing.T) {
	s := newMockStore(t, nil)
	tests := map[string]string{
		"openrouter": `no key "openrouter": set OPENROUTER_API_KEY or run "routeplay keys set openrouter"`,
		"gemini":     `no key "gemini": set GEMINI_API_KEY (or GOOGLE_API_KEY) or run "routeplay keys set gemini"`,
		"my-vllm":    `no key "my-vllm": set MY_VLLM_API_KEY or run "routeplay keys set my-vllm"`,
	}
	for name, want := range tests {
		_, _, err := s.Key(context.Background(), name)
		if err == nil || err.Error() != want {
			t.Errorf("Key(%s) error = %v\nwant %s", name, err, want)
		}
	}
}

func TestEnvTakesPrecedence(t *testing.T) {
	env := map[string]string{"OPENROUTER_API_KEY": " env-value-123456 \n", "GOOGLE_API_KEY": "AIza-google-fallback-1"}
	s := newMockStore(t, env)
	ctx := context.Background()
	if _, err := s.Set(ctx, "openrouter", orKey); err != nil {
		t.Fatal(err)
	}
	secret, source, err := s.Key(ctx, "openrouter")
	if err != nil || secret != "env-value-123456" || source != SourceEnv {
		t.Fatalf("Key = %q, %q, %v; want the trimmed env value", secret, source, err)
	}
	secret, source, _ = s.Key(ctx, "gemini")
	if secret != "AIza-google-fallback-1" || source != SourceEnv {
		t.Fatalf("gemini = %q from %q, want GOOGLE_API_KEY fallback", secret, source)
	}
	env["GEMINI_API_KEY"] = "AIza-gemini-first-1"
	if secret, _, _ = s.Key(ctx, "gemini"); secret != "AIza-gemini-first-1" {
		t.Fatalf("gemini = %q, want GEMINI_API_KEY before GOOGLE_API_KEY", secret)
	}
	env["OPENROUTER_API_KEY"] = "   "
	if _, source, _ = s.Key(ctx, "openrouter"); source != SourceKeyring {
		t.Fatalf("blank env var should be ignored, got source %q", source)
	}
}

func TestEnvVars(t *testing.T) {
	tests := map[string]string{
		"openrouter": "OPENROUTER_API_KEY", "openai": "OPENAI_API_KEY", "anthropic": "ANTHROPIC_API_KEY",
		"gemini": "GEMINI_API_KEY,GOOGLE_API_KEY", "groq": "GROQ_API_KEY", "mistral": "MISTRAL_API_KEY",
		"deepseek": "DEEPSEEK_API_KEY", "xai": "XAI_API_KEY", "together": "TOGETHER_API_KEY",
		"fireworks": "FIREWORKS_API_KEY", "my-vllm_2": "MY_VLLM_2_API_KEY",
	}
	for name, want := range tests {
		if got := strings.Join(EnvVars(name), ","); got != want {
			t.Errorf("EnvVars(%s) = %s, want %s", name, got, want)
		}
	}
}

func TestRejectsBadNamesAndValues(t *testing.T) {
	s := newMockStore(t, nil)
	ctx := context.Background()
	for _, name := range []string{"", "OpenRouter", "-x", "a b", "x/y", strings.Repeat("a", 65), "bad\x1b[2J"} {
		if _, err := s.Set(ctx, name, orKey); !errors.Is(err, ErrInvalidName) {
			t.Errorf("Set(%q): %v, want ErrInvalidName", name, err)
		} else if strings.ContainsRune(err.Error(), 0x1b) {
			t.Errorf("error echoes a control character: %q", err)
		}
	}
	for _, v := range []string{"", "  \n", "two words", "line1\nline2", "tab\there"} {
		if _, err := s.Set(ctx, "openai", v); !errors.Is(err, ErrInvalidValue) {
			t.Errorf("Set value %q: %v, want ErrInvalidValue", v, err)
		}
	}
	if _, err := os.Stat(s.IndexPath()); !os.IsNotExist(err) {
		t.Fatalf("a rejected Set wrote the index: %v", err)
	}
}

func TestKeyringErrorsAreClassified(t *testing.T) {
	tests := []struct {
		name    string
		backend error
		want    error
		hint    string
	}{
		{"NoSessionBus", &execError, ErrUnavailable, "no D-Bus session bus: log in to a desktop session"},
		{"ServiceUnknown", errors.New("The name org.freedesktop.secrets was not provided by any .service files"), ErrUnavailable, "no Secret Service on the session bus"},
		{"Other", errors.New("Message recipient disconnected from message bus without replying"), ErrUnavailable, "start a Secret Service provider"},
		{"Locked", errors.New("failed to unlock correct collection '/org/freedesktop/secrets/aliases/default'"), ErrLocked, "unlock it"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			keyring.MockInitWithError(tt.backend)
			s := newStoreWith(t, OSKeyring{}, nil)
			ctx := context.Background()
			_, _, errGet := s.Key(ctx, "openrouter")
			_, errSet := s.Set(ctx, "openrouter", orKey)
			errDel := s.Delete(ctx, "openrouter")
			for _, err := range []error{errGet, errSet, errDel} {
				if !errors.Is(err, tt.want) {
					t.Fatalf("got %v, want %v", err, tt.want)
				}
				msg := err.Error()
				if !strings.Contains(msg, tt.hint) || !strings.Contains(msg, "set OPENROUTER_API_KEY instead") {
					t.Fatalf("message lacks the fix: %s", msg)
				}
			}
			if _, err := os.Stat(s.IndexPath()); !os.IsNotExist(err) {
				t.Fatalf("failed Set wrote the index")
			}
		})
	}
}
