package keys

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Options configure a Store. Zero values pick the real defaults.
type Options struct {
	Backend   Backend                     // default OSKeyring{}
	Service   string                      // keyring service, default "routeplay"
	Timeout   time.Duration               // per keyring call, default 5 s
	ConfigDir string                      // holds keys.json, default $XDG_CONFIG_HOME/routeplay
	LookupEnv func(string) (string, bool) // default os.LookupEnv
	Now       func() time.Time            // default time.Now
	Redactor  *Redactor                   // default a new one
}

// Store reads and writes BYOK keys. Environment variables take precedence
// over the keyring; every keyring call is bounded by the timeout.
type Store struct {
	kr        *guarded
	service   string
	index     index
	lookupEnv func(string) (string, bool)
	now       func() time.Time
	redactor  *Redactor
	mu        sync.Mutex // serialises index read-modify-write within the process
	sessionMu sync.Mutex
	session   map[string]string // keys for this run only, by name
}

// New builds a store. It fails only when no config dir can be determined.
func New(opts Options) (*Store, error) {
	if opts.Backend == nil {
		opts.Backend = OSKeyring{}
	}
	if opts.Service == "" {
		opts.Service = Service
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.ConfigDir == "" {
		dir, err := os.UserConfigDir()
		if err != nil {
			return nil, fmt.Errorf("key index: no config dir: %w", err)
		}
		opts.ConfigDir = filepath.Join(dir, "routeplay")
	}
	if opts.LookupEnv == nil {
		opts.LookupEnv = os.LookupEnv
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.Redactor == nil {
		opts.Redactor = NewRedactor()
	}
	s := &Store{
		kr:        &guarded{backend: opts.Backend, timeout: opts.Timeout},
		service:   opts.Service,
		index:     index{path: filepath.Join(opts.ConfigDir, IndexFile)},
		lookupEnv: opts.LookupEnv,
		now:       opts.Now,
		redactor:  opts.Redactor,
	}
	for _, name := range KnownNames {
		if v, _, ok := s.fromEnv(name); ok {
			s.redactor.Add(v)
		}
	}
	return s, nil
}

// Redactor returns the redactor that holds every key value this store has read.
func (s *Store) Redactor() *Redactor { return s.redactor }

// IndexPath is the index file's path.
func (s *Store) IndexPath() string { return s.index.path }

// fromEnv returns the first non-empty env var for name.
func (s *Store) fromEnv(name string) (value, envVar string, ok bool) {
	for _, v := range EnvVars(name) {
		if val, ok := s.lookupEnv(v); ok && strings.TrimSpace(val) != "" {
			return strings.TrimSpace(val), v, true
		}
	}
	return "", "", false
}

// EnvVarInUse names the environment variable that currently supplies the
// key for name, if one does.
func (s *Store) EnvVarInUse(name string) (string, bool) {
	_, envVar, ok := s.fromEnv(name)
	return envVar, ok
}

// Key returns the key for name and its source, "env", "session" or "keyring". It
// satisfies backend.KeySource. A key that is nowhere is a *MissingKeyError.
func (s *Store) Key(ctx context.Context, name string) (secret, source string, err error) {
	if err := CheckName(name); err != nil {
		return "", "", err
	}
	if v, _, ok := s.fromEnv(name); ok {
		s.redactor.Add(v)
		return v, SourceEnv, nil
	}
	if v, ok := s.fromSession(name); ok {
		return v, SourceSession, nil
	}
	v, err := s.kr.call(ctx, "get", name, func(b Backend) (string, error) { return b.Get(s.service, name) })
	if errors.Is(err, ErrNotFound) {
		return "", "", &MissingKeyError{Name: name}
	}
	if err != nil {
		return "", "", err
	}
	s.redactor.Add(v)
	return v, SourceKeyring, nil
}

// Key sources.
const (
	SourceEnv     = "env"
	SourceKeyring = "keyring"
	SourceMissing = "missing"
)

// CleanSecret trims surrounding whitespace (a pasted trailing newline) and
// rejects empty values and values with spaces or control characters inside,
// which are paste mistakes rather than keys.
func CleanSecret(value string) (string, error) {
	v := strings.TrimSpace(value)
	if v == "" {
		return "", fmt.Errorf("%w: the key is empty", ErrInvalidValue)
	}
	for _, r := range v {
		if r <= 0x20 || r == 0x7f || (r >= 0x80 && r <= 0x9f) {
			return "", fmt.Errorf("%w: the key contains spaces or control characters; paste it alone on one line", ErrInvalidValue)
		}
	}
	return v, nil
}

// Set stores a key in the keyring and records its name in the index. It
// refuses to run while the index is unreadable. The stored (trimmed) value
// is returned so callers can show its mask.
func (s *Store) Set(ctx context.Context, name, value string) (string, error) {
	if err := CheckName(name); err != nil {
		return "", err
	}
	v, err := CleanSecret(value)
	if err != nil {
		return "", err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	entries, err := s.index.load()
	if err != nil {
		return "", err
	}
	s.redactor.Add(v)
	if _, err := s.kr.call(ctx, "set", name, func(b Backend) (string, error) { return "", b.Set(s.service, name, v) }); err != nil {
		return "", err
	}
	now := s.now().UTC()
	entries[name] = IndexEntry{StoredAt: &now} // a new key drops the old key's validation
	if err := s.index.save(entries); err != nil {
		return "", fmt.Errorf("stored %q in the OS keyring, but could not record it in the index: %w", name, err)
	}
	return v, nil
}

// Delete removes a key from the keyring and the index. A key that is in
// neither is ErrNotFound. An environment variable is left alone: the
// caller should tell the user it still applies.
func (s *Store) Delete(ctx context.Context, name string) error {
	if err := CheckName(name); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	entries, err := s.index.load()
	if err != nil {
		return err
	}
	_, err = s.kr.call(ctx, "delete", name, func(b Backend) (string, error) { return "", b.Delete(s.service, name) })
	entry, indexed := entries[name]
	switch {
	case errors.Is(err, ErrNotFound) && entry.StoredAt == nil:
		return &NotStoredError{Name: name}
	case err != nil && !errors.Is(err, ErrNotFound):
		return err
	}
	if indexed {
		delete(entries, name)
		if err := s.index.save(entries); err != nil {
			return fmt.Errorf("deleted %q from the OS keyring, but could not update the index: %w", name, err)
		}
	}
	return nil
}

// RecordValidation stores a key's latest validation result in the index.
// Its message is redacted first. Names not stored in the keyring (env-only
// keys) get an entry too, so the result shows in listings.
func (s *Store) RecordValidation(name string, v Validation) error {
	if err := CheckName(name); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	entries, err := s.index.load()
	if err != nil {
		return err
	}
	v.Message = s.redactor.Redact(v.Message)
	e := entries[name]
	e.Validation = &v
	entries[name] = e
	return s.index.save(entries)
}
