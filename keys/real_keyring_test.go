package keys

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"
)

// These tests reach the OS keyring. They run only with
// ROUTEPLAY_REAL_KEYRING=1, in CI under .ci/with-keyring.sh.
func realStore(t *testing.T) (*Store, string) {
	t.Helper()
	if os.Getenv("ROUTEPLAY_REAL_KEYRING") != "1" {
		t.Skip("set ROUTEPLAY_REAL_KEYRING=1 to test against the OS keyring (see .ci/with-keyring.sh)")
	}
	// A unique service per test keeps parallel packages and reruns apart.
	service := fmt.Sprintf("routeplay-test-%s-%d", t.Name(), time.Now().UnixNano())
	t.Cleanup(func() { _ = keyring.DeleteAll(service) })
	s, err := New(Options{Service: service, Timeout: 10 * time.Second, ConfigDir: t.TempDir(),
		LookupEnv: func(string) (string, bool) { return "", false }})
	if err != nil {
		t.Fatal(err)
	}
	return s, service
}

func TestRealKeyringRoundTrip(t *testing.T) {
	s, service := realStore(t)
	ctx := context.Background()
	if _, err := s.Set(ctx, "openrouter", orKey+"\n"); err != nil {
		t.Fatal(err)
	}
	if got, err := keyring.Get(service, "openrouter"); err != nil || got != orKey {
		t.Fatalf("OS keyring holds %q, %v", got, err)
	}
	secret, source, err := s.Key(ctx, "openrouter")
	if err != nil || secret != orKey || source != SourceKeyring {
		t.Fatalf("Key = %q, %q, %v", secret, source, err)
	}
	list, err := s.List(ctx)
	if err != nil || len(list) != 1 || list[0].Masked != "sk-or-v1-…9f3a" || list[0].Source != SourceKeyring {
		t.Fatalf("List = %+v, %v", list, err)
	}
	if err := s.Delete(ctx, "openrouter"); err != nil {
		t.Fatal(err)
	}
	if _, err := keyring.Get(service, "openrouter"); !errors.Is(err, keyring.ErrNotFound) {
		t.Fatalf("after Delete the OS keyring answers %v", err)
	}
	if _, _, err := s.Key(ctx, "openrouter"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Key after Delete: %v", err)
	}
}

func TestRealKeyringOverwriteAndCustomName(t *testing.T) {
	s, service := realStore(t)
	ctx := context.Background()
	for _, v := range []string{"first-value-123456", "second-value-7890ab"} {
		if _, err := s.Set(ctx, "my-vllm", v); err != nil {
			t.Fatal(err)
		}
	}
	if got, err := keyring.Get(service, "my-vllm"); err != nil || got != "second-value-7890ab" {
		t.Fatalf("OS keyring holds %q, %v; want the second value", got, err)
	}
	// A key stored by another tool under the same service is readable.
	if err := keyring.Set(service, "groq", "gsk_"+strings.Repeat("9", 40)); err != nil {
		t.Fatal(err)
	}
	if _, source, err := s.Key(ctx, "groq"); err != nil || source != SourceKeyring {
		t.Fatalf("Key(groq) = %q, %v", source, err)
	}
}
