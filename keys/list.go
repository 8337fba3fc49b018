package keys

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"time"
)

// KeyInfo describes one key for listings. It never holds the secret.
type KeyInfo struct {
	Name       string
	Source     string // SourceEnv, SourceSession, SourceKeyring or SourceMissing
	EnvVar     string // the variable in use when Source is SourceEnv
	Masked     string // Mask of the value in use; empty when missing or unreadable
	Stored     bool   // the index records it as stored in the keyring
	StoredAt   *time.Time
	Validation *Validation
	// Err is why a key the index lists could not be read from the keyring.
	Err error
}

// List describes every key the store knows of: the names in the index,
// the known providers whose env var is set, and any extra names the caller
// cares about (presets, configured routes). Keyring values are read only
// for names the index lists; after one keyring failure the rest reuse it
// rather than waiting out the timeout again.
func (s *Store) List(ctx context.Context, extra ...string) ([]KeyInfo, error) {
	s.mu.Lock()
	entries, err := s.index.load()
	s.mu.Unlock()
	if err != nil {
		return nil, err
	}
	var keyringErr error
	var out []KeyInfo
	for _, name := range s.listNames(entries, extra) {
		info := KeyInfo{Name: name, Source: SourceMissing}
		if e, ok := entries[name]; ok {
			info.Stored = e.StoredAt != nil
			info.StoredAt = e.StoredAt
			info.Validation = e.Validation
		}
		if v, envVar, ok := s.fromEnv(name); ok {
			s.redactor.Add(v)
			info.Source, info.EnvVar, info.Masked = SourceEnv, envVar, Mask(v)
		} else if v, ok := s.fromSession(name); ok {
			info.Source, info.Masked = SourceSession, Mask(v)
		} else if info.Stored {
			keyringErr = s.readInto(ctx, &info, keyringErr)
		}
		out = append(out, info)
	}
	return out, nil
}

// readInto fills info from the keyring unless an earlier call already
// failed with prevErr; it returns the error later names should reuse.
func (s *Store) readInto(ctx context.Context, info *KeyInfo, prevErr error) error {
	if prevErr != nil {
		info.Source, info.Err = SourceKeyring, forName(prevErr, info.Name)
		return prevErr
	}
	name := info.Name
	v, err := s.kr.call(ctx, "get", name, func(b Backend) (string, error) { return b.Get(s.service, name) })
	switch {
	case err == nil:
		s.redactor.Add(v)
		info.Source, info.Masked = SourceKeyring, Mask(v)
		return nil
	case errors.Is(err, ErrNotFound):
		info.Err = fmt.Errorf("the index lists %q but the OS keyring has no such key (removed outside routeplay?): run \"routeplay keys set %s\" or \"routeplay keys delete %s\"", name, name, name)
		return nil
	default:
		info.Source, info.Err = SourceKeyring, err
		return err
	}
}

// listNames orders names: known providers first in their usual order,
// then every other name alphabetically.
func (s *Store) listNames(entries map[string]IndexEntry, extra []string) []string {
	want := map[string]bool{}
	for name := range entries {
		want[name] = true
	}
	for _, name := range extra {
		if ValidName(name) {
			want[name] = true
		}
	}
	for _, name := range KnownNames {
		if _, _, ok := s.fromEnv(name); ok {
			want[name] = true
		}
	}
	s.sessionMu.Lock()
	for name := range s.session {
		want[name] = true
	}
	s.sessionMu.Unlock()
	var out []string
	for _, name := range KnownNames {
		if want[name] {
			out = append(out, name)
			delete(want, name)
		}
	}
	rest := make([]string, 0, len(want))
	for name := range want {
		rest = append(rest, name)
	}
	sort.Strings(rest)
	return append(out, rest...)
}
