package keys

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"
)

func TestIndexIsPrivateAndHoldsNoSecret(t *testing.T) {
	s := newMockStore(t, nil)
	ctx := context.Background()
	if _, err := s.Set(ctx, "openrouter", orKey); err != nil {
		t.Fatal(err)
	}
	usage, limit := 1.25, 10.0
	v := Validation{Status: "invalid", LatencyMS: 42, At: time.Unix(0, 0).UTC(),
		Message: "provider said: bad key " + orKey, CreditUsage: &usage, CreditLimit: &limit}
	if err := s.RecordValidation("openrouter", v); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(s.IndexPath())
	if err != nil {
		t.Fatal(err)
	}
	if fi.Mode().Perm() != 0o600 {
		t.Fatalf("index mode %v, want 0600", fi.Mode().Perm())
	}
	data, _ := os.ReadFile(s.IndexPath())
	if strings.Contains(string(data), orKey[10:40]) {
		t.Fatalf("index holds the secret:\n%s", data)
	}
	if !strings.Contains(string(data), "sk-or-v1-…9f3a") || !strings.Contains(string(data), `"credit_usage": 1.25`) {
		t.Fatalf("index lacks the redacted message or credit:\n%s", data)
	}
	leftovers, _ := filepath.Glob(filepath.Join(filepath.Dir(s.IndexPath()), ".keys-*"))
	if len(leftovers) != 0 {
		t.Fatalf("temp files left behind: %v", leftovers)
	}
	list, err := s.List(ctx)
	if err != nil || len(list) != 1 {
		t.Fatalf("List = %+v, %v", list, err)
	}
	k := list[0]
	if k.Source != SourceKeyring || k.Masked != "sk-or-v1-…9f3a" || !k.Stored || k.Validation.LatencyMS != 42 {
		t.Fatalf("List entry = %+v", k)
	}
	// Storing a new key forgets the old key's validation.
	if _, err := s.Set(ctx, "openrouter", orKey+"x"); err != nil {
		t.Fatal(err)
	}
	if list, _ = s.List(ctx); list[0].Validation != nil {
		t.Fatalf("validation survived a new key: %+v", list[0].Validation)
	}
}

func TestEnvOnlyValidationIsNotAStoredKey(t *testing.T) {
	s := newMockStore(t, map[string]string{"OPENAI_API_KEY": "sk-proj-" + strings.Repeat("z", 30) + "abcd"})
	if err := s.RecordValidation("openai", Validation{Status: "valid", LatencyMS: 7}); err != nil {
		t.Fatal(err)
	}
	list, _ := s.List(context.Background())
	if len(list) != 1 || list[0].Stored || list[0].Source != SourceEnv || list[0].Validation == nil {
		t.Fatalf("List = %+v", list)
	}
	if err := s.Delete(context.Background(), "openai"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Delete of an env-only key: %v, want ErrNotFound", err)
	}
}

func TestCorruptIndexIsNeverOverwritten(t *testing.T) {
	cases := map[string]string{
		"NotJSON":      "{not json",
		"WrongVersion": `{"version": 9, "keys": {}}`,
		"BadName":      `{"version": 1, "keys": {"Bad Name": {}}}`,
		"UnknownField": `{"version": 1, "keys": {}, "secret": "x"}`,
	}
	for name, content := range cases {
		t.Run(name, func(t *testing.T) {
			s := newMockStore(t, nil)
			if err := os.WriteFile(s.IndexPath(), []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
			ctx := context.Background()
			_, errSet := s.Set(ctx, "openrouter", orKey)
			errDel := s.Delete(ctx, "openrouter")
			_, errList := s.List(ctx)
			errRec := s.RecordValidation("openrouter", Validation{Status: "valid"})
			for _, err := range []error{errSet, errDel, errList, errRec} {
				var ie *IndexError
				if !errors.As(err, &ie) || !errors.Is(err, ErrIndexCorrupt) {
					t.Fatalf("got %v, want *IndexError", err)
				}
				msg := err.Error()
				if !strings.Contains(msg, s.IndexPath()) || !strings.Contains(msg, "fix or delete that file") {
					t.Fatalf("message = %s", msg)
				}
			}
			if got, _ := os.ReadFile(s.IndexPath()); string(got) != content {
				t.Fatalf("index was changed to %q", got)
			}
			if _, err := keyring.Get(Service, "openrouter"); !errors.Is(err, keyring.ErrNotFound) {
				t.Fatalf("Set reached the keyring despite the corrupt index: %v", err)
			}
			// Reading a key does not need the index.
			if _, _, err := s.Key(ctx, "openrouter"); !errors.Is(err, ErrNotFound) {
				t.Fatalf("Key: %v", err)
			}
		})
	}
}

func TestIndexListsKeyMissingFromKeyring(t *testing.T) {
	s := newMockStore(t, nil)
	ctx := context.Background()
	if _, err := s.Set(ctx, "mistral", orKey); err != nil {
		t.Fatal(err)
	}
	if err := keyring.Delete(Service, "mistral"); err != nil {
		t.Fatal(err)
	}
	list, err := s.List(ctx)
	if err != nil || len(list) != 1 {
		t.Fatalf("List = %+v, %v", list, err)
	}
	if k := list[0]; k.Source != SourceMissing || k.Err == nil || !strings.Contains(k.Err.Error(), "routeplay keys delete mistral") {
		t.Fatalf("entry = %+v", k)
	}
	if err := s.Delete(ctx, "mistral"); err != nil {
		t.Fatalf("Delete should clean the stale index entry: %v", err)
	}
	if list, _ = s.List(ctx); len(list) != 0 {
		t.Fatalf("List after Delete = %+v", list)
	}
}

func TestUnwritableIndexDirIsReported(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root can write anywhere")
	}
	s := newMockStore(t, nil)
	dir := filepath.Dir(s.IndexPath())
	if err := os.Chmod(dir, 0o500); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o700) })
	_, err := s.Set(context.Background(), "openai", orKey)
	if err == nil || !strings.Contains(err.Error(), "could not record it in the index") {
		t.Fatalf("Set = %v", err)
	}
}
