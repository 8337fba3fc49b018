package keys

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/routeplay/routeplay/backend/atomicfile"
)

// IndexFile is the index's file name inside the config dir.
const IndexFile = "keys.json"

const indexVersion = 1

// Validation is the last validation result of a key, as remembered in the
// index. It holds no secret.
type Validation struct {
	Status      string    `json:"status"` // "valid", "invalid" or "unreachable"
	LatencyMS   int64     `json:"latency_ms"`
	At          time.Time `json:"at"`
	Message     string    `json:"message,omitempty"`
	CreditUsage *float64  `json:"credit_usage,omitempty"` // OpenRouter, USD
	CreditLimit *float64  `json:"credit_limit,omitempty"` // OpenRouter, USD; nil means no limit
}

// IndexEntry is what the index knows about one stored key.
type IndexEntry struct {
	// StoredAt is set while the key is stored in the keyring; an entry
	// without it only remembers the validation of an env-only key.
	StoredAt   *time.Time  `json:"stored_at,omitempty"`
	Validation *Validation `json:"validation,omitempty"`
}

type indexDoc struct {
	Version int                   `json:"version"`
	Keys    map[string]IndexEntry `json:"keys"`
}

// index is the non-secret record of stored key names in the config dir.
type index struct {
	path string
}

// load reads the index; a missing file is an empty index.
func (ix index) load() (map[string]IndexEntry, error) {
	data, err := os.ReadFile(ix.path)
	if errors.Is(err, os.ErrNotExist) {
		return map[string]IndexEntry{}, nil
	}
	if err != nil {
		return nil, &IndexError{Path: ix.path, Err: err}
	}
	var doc indexDoc
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		return nil, &IndexError{Path: ix.path, Err: fmt.Errorf("not valid JSON: %w", err)}
	}
	if doc.Version != indexVersion {
		return nil, &IndexError{Path: ix.path, Err: fmt.Errorf("unsupported version %d", doc.Version)}
	}
	for name := range doc.Keys {
		if !ValidName(name) {
			return nil, &IndexError{Path: ix.path, Err: fmt.Errorf("invalid key name %q", printable(name))}
		}
	}
	if doc.Keys == nil {
		doc.Keys = map[string]IndexEntry{}
	}
	return doc.Keys, nil
}

// save writes the index atomically: a private temp file in the same
// directory, synced, then renamed over the old one.
func (ix index) save(entries map[string]IndexEntry) error {
	dir := filepath.Dir(ix.path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("key index: %w", err)
	}
	data, err := json.MarshalIndent(indexDoc{Version: indexVersion, Keys: entries}, "", "  ")
	if err != nil {
		return fmt.Errorf("key index: %w", err)
	}
	if err := atomicfile.WriteBytes(ix.path, append(data, '\n'), atomicfile.Options{Links: atomicfile.FollowLinks}); err != nil {
		return fmt.Errorf("key index: %w", err)
	}
	return nil
}
