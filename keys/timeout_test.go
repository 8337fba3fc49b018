package keys

import (
	"context"
	"errors"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

var execError = exec.Error{Name: "dbus-launch", Err: exec.ErrNotFound}

// blockingBackend never answers until released, like a Secret Service
// daemon that owns its bus name but is stopped.
type blockingBackend struct {
	release chan struct{}
	calls   atomic.Int32
}

func newBlockingBackend(t *testing.T) *blockingBackend {
	b := &blockingBackend{release: make(chan struct{})}
	t.Cleanup(func() { close(b.release) })
	return b
}

func (b *blockingBackend) wait() error {
	b.calls.Add(1)
	<-b.release
	return errors.New("released")
}
func (b *blockingBackend) Set(_, _, _ string) error        { return b.wait() }
func (b *blockingBackend) Get(_, _ string) (string, error) { return "", b.wait() }
func (b *blockingBackend) Delete(_, _ string) error        { return b.wait() }

func TestHungKeyringTimesOut(t *testing.T) {
	s := newStoreWith(t, newBlockingBackend(t), nil)
	s.kr.timeout = 50 * time.Millisecond
	ctx := context.Background()
	start := time.Now()
	_, _, err := s.Key(ctx, "anthropic")
	var te *TimeoutError
	if !errors.As(err, &te) || !errors.Is(err, ErrTimeout) {
		t.Fatalf("Key: %v, want *TimeoutError", err)
	}
	if elapsed := time.Since(start); elapsed > 5*time.Second {
		t.Fatalf("timeout took %v", elapsed)
	}
	want := `OS keyring did not answer within 50ms (get "anthropic")`
	if msg := err.Error(); !strings.HasPrefix(msg, want) || !strings.Contains(msg, "set ANTHROPIC_API_KEY instead") {
		t.Fatalf("message = %s", msg)
	}
	if _, err := s.Set(ctx, "anthropic", orKey); !errors.Is(err, ErrTimeout) {
		t.Fatalf("Set: %v, want ErrTimeout", err)
	}
	if err := s.Delete(ctx, "anthropic"); !errors.Is(err, ErrTimeout) {
		t.Fatalf("Delete: %v, want ErrTimeout", err)
	}
}

func TestCanceledContextStopsWaiting(t *testing.T) {
	s := newStoreWith(t, newBlockingBackend(t), nil)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(20 * time.Millisecond); cancel() }()
	if _, _, err := s.Key(ctx, "openai"); !errors.Is(err, context.Canceled) {
		t.Fatalf("Key: %v, want context.Canceled", err)
	}
	if _, _, err := s.Key(ctx, "openai"); !errors.Is(err, context.Canceled) {
		t.Fatalf("Key with a dead ctx: %v", err)
	}
}

func TestListWaitsOutOneTimeoutOnly(t *testing.T) {
	b := newBlockingBackend(t)
	s := newStoreWith(t, b, map[string]string{"GROQ_API_KEY": "gsk_" + strings.Repeat("q", 40) + "wxyz"})
	s.kr.timeout = 30 * time.Millisecond
	now := time.Now()
	entries := map[string]IndexEntry{"openrouter": {StoredAt: &now}, "openai": {StoredAt: &now}, "custom-1": {StoredAt: &now}}
	if err := s.index.save(entries); err != nil {
		t.Fatal(err)
	}
	list, err := s.List(context.Background(), "anthropic")
	if err != nil {
		t.Fatal(err)
	}
	if n := b.calls.Load(); n != 1 {
		t.Fatalf("%d keyring calls, want 1 (later names reuse the failure)", n)
	}
	got := map[string]KeyInfo{}
	var order []string
	for _, k := range list {
		got[k.Name] = k
		order = append(order, k.Name)
	}
	if strings.Join(order, ",") != "openrouter,openai,anthropic,groq,custom-1" {
		t.Fatalf("order = %v", order)
	}
	if k := got["openai"]; !errors.Is(k.Err, ErrTimeout) || k.Source != SourceKeyring || k.Masked != "" {
		t.Fatalf("openai = %+v", k)
	}
	if k := got["groq"]; k.Source != SourceEnv || k.EnvVar != "GROQ_API_KEY" || k.Masked != "gsk_…wxyz" {
		t.Fatalf("groq = %+v", k)
	}
	if k := got["anthropic"]; k.Source != SourceMissing || k.Err != nil {
		t.Fatalf("anthropic = %+v", k)
	}
}
