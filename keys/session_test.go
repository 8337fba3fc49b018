package keys

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// noKeyring is a machine without a Secret Service: every call fails.
type noKeyring struct{}

var errNoService = errors.New("The name org.freedesktop.secrets was not provided by any .service files")

func (noKeyring) Set(string, string, string) error   { return errNoService }
func (noKeyring) Get(string, string) (string, error) { return "", errNoService }
func (noKeyring) Delete(string, string) error        { return errNoService }

func TestSessionKeyWithoutAKeyring(t *testing.T) {
	s := newStoreWith(t, noKeyring{}, nil)
	ctx := context.Background()
	if _, err := s.Set(ctx, "openrouter", orKey); !errors.Is(err, ErrUnavailable) {
		t.Fatalf("Set = %v; want the keyring unavailable", err)
	}
	if _, err := s.UseForSession("openrouter", " "+orKey+"\n"); err != nil {
		t.Fatal(err)
	}
	secret, source, err := s.Key(ctx, "openrouter")
	if err != nil || secret != orKey || source != SourceSession {
		t.Fatalf("Key = %q, %q, %v; want the session key", secret, source, err)
	}
	list, err := s.List(ctx)
	if err != nil || len(list) != 1 || list[0].Source != SourceSession || list[0].Masked != Mask(orKey) {
		t.Fatalf("List = %+v, %v", list, err)
	}
	if s.Redactor().Redact("key "+orKey) == "key "+orKey {
		t.Error("a session key is not redacted")
	}
	// Nothing is written: no index entry, no file holds the key.
	filepath.WalkDir(filepath.Dir(s.IndexPath()), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if data, _ := os.ReadFile(p); strings.Contains(string(data), orKey) || strings.Contains(string(data), "openrouter") {
				t.Errorf("%s holds the session key", p)
			}
		}
		return nil
	})
}

func TestEnvironmentOverridesASessionKey(t *testing.T) {
	s := newStoreWith(t, noKeyring{}, map[string]string{"OPENROUTER_API_KEY": "sk-or-env-0123456789"})
	if _, err := s.UseForSession("openrouter", orKey); err != nil {
		t.Fatal(err)
	}
	if _, source, _ := s.Key(context.Background(), "openrouter"); source != SourceEnv {
		t.Fatalf("source = %q; want env", source)
	}
}
