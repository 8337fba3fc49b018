package keys

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/zalando/go-keyring"
)

// TestRealKeyring runs the TestRealKeyringChild* tests against the OS
// keyring, with ROUTEPLAY_REAL_KEYRING=1 (in CI under .ci/with-keyring.sh).
// They run in a fresh process of this test binary: go-keyring's MockInit,
// which other tests here call, swaps its provider for the whole process and
// cannot be undone.
func TestRealKeyring(t *testing.T) {
	if os.Getenv("ROUTEPLAY_REAL_KEYRING") != "1" {
		if os.Getenv("ROUTEPLAY_REQUIRE_SYSTEM_TESTS") != "" {
			t.Fatal("ROUTEPLAY_REQUIRE_SYSTEM_TESTS is set but ROUTEPLAY_REAL_KEYRING is not: run under .ci/with-keyring.sh")
		}
		t.Skip("set ROUTEPLAY_REAL_KEYRING=1 to test against the OS keyring (see .ci/with-keyring.sh)")
	}
	if os.Getenv("ROUTEPLAY_REAL_KEYRING_CHILD") == "1" {
		return // already the child
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestRealKeyringChild", "-test.v", "-test.count=1")
	cmd.Env = append(os.Environ(), "ROUTEPLAY_REAL_KEYRING_CHILD=1")
	out, err := cmd.CombinedOutput()
	t.Logf("child process:\n%s", out)
	if err != nil {
		t.Fatalf("real keyring tests failed: %v", err)
	}
	if n := bytes.Count(out, []byte("--- PASS: TestRealKeyringChild")); n != 2 {
		t.Fatalf("%d real keyring tests passed, want 2", n)
	}
}

func realStore(t *testing.T) (*Store, string) {
	t.Helper()
	if os.Getenv("ROUTEPLAY_REAL_KEYRING_CHILD") != "1" {
		t.Skip("runs in the child process of TestRealKeyring")
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

// secretTool asks the Secret Service through libsecret, independently of
// go-keyring, when secret-tool is installed.
func secretTool(t *testing.T, service, user string) (string, bool) {
	t.Helper()
	if _, err := exec.LookPath("secret-tool"); err != nil {
		return "", false
	}
	out, err := exec.Command("secret-tool", "lookup", "service", service, "username", user).Output()
	if err != nil {
		return "", true // exit status 1: no such item
	}
	return strings.TrimSuffix(string(out), "\n"), true
}

func TestRealKeyringChildRoundTrip(t *testing.T) {
	s, service := realStore(t)
	ctx := context.Background()
	if _, err := s.Set(ctx, "openrouter", orKey+"\n"); err != nil {
		t.Fatal(err)
	}
	if got, err := keyring.Get(service, "openrouter"); err != nil || got != orKey {
		t.Fatalf("OS keyring holds %q, %v", got, err)
	}
	if got, ok := secretTool(t, service, "openrouter"); ok && got != orKey {
		t.Fatalf("secret-tool finds %q in the Secret Service", got)
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
	if got, ok := secretTool(t, service, "openrouter"); ok && got != "" {
		t.Fatal("secret-tool still finds the key after Delete")
	}
	if _, _, err := s.Key(ctx, "openrouter"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("Key after Delete: %v", err)
	}
}

func TestRealKeyringChildOverwriteAndCustomName(t *testing.T) {
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
