// Package history keeps every chat and every route's measured run in a local
// SQLite database (pure Go, no cgo), so runs can be listed, compared over
// days and exported. Writes go through a Recorder that never blocks its
// caller; a database that is locked, full or corrupt yields one clear error
// and the app carries on without history. Keys are never stored: nothing
// here takes a key, and a RouteReport holds none.
package history

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// FileName is the database's name inside the data directory.
const FileName = "history.db"

// DefaultBusyTimeout is how long a statement waits for another writer.
const DefaultBusyTimeout = 2 * time.Second

// DefaultPath is $XDG_DATA_HOME/routeplay/history.db, falling back to
// ~/.local/share as the XDG spec says.
func DefaultPath() (string, error) {
	dir := os.Getenv("XDG_DATA_HOME")
	if dir == "" || !filepath.IsAbs(dir) {
		home, err := os.UserHomeDir()
		if err != nil {
			return "", fmt.Errorf("history: no data directory: %w", err)
		}
		dir = filepath.Join(home, ".local", "share")
	}
	return filepath.Join(dir, "routeplay", FileName), nil
}

// Options tune Open.
type Options struct {
	// BusyTimeout bounds waiting for another process's lock; zero means DefaultBusyTimeout.
	BusyTimeout time.Duration
	// maxPages caps the file size in pages, so tests can fill the database.
	maxPages int
}

// DB is an open history database.
type DB struct {
	sql  *sql.DB
	path string
}

// Path is the database file.
func (db *DB) Path() string { return db.path }

// Close closes the database.
func (db *DB) Close() error { return db.sql.Close() }

// sqliteHeader starts every SQLite 3 database file.
var sqliteHeader = []byte("SQLite format 3\x00")

// Open opens (creating if needed) the database at path and brings its schema
// up to date. It never modifies a file that is not a readable routeplay
// history database: such a file gives an *Error of kind Corrupt or TooNew.
func Open(ctx context.Context, path string, opts Options) (*DB, error) {
	if err := checkHeader(path); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, classify(path, "creating its directory", err)
	}
	// Prompts and answers are private: create the file for its owner only
	// (SQLite gives the -wal and -shm files the same mode).
	if f, err := os.OpenFile(path, os.O_RDONLY|os.O_CREATE, 0o600); err == nil {
		f.Close()
	} else {
		return nil, classify(path, "creating", err)
	}
	busy := opts.BusyTimeout
	if busy <= 0 {
		busy = DefaultBusyTimeout
	}
	q := url.Values{}
	q.Add("_pragma", fmt.Sprintf("busy_timeout(%d)", busy.Milliseconds()))
	q.Add("_pragma", "synchronous(NORMAL)")
	if opts.maxPages > 0 {
		q.Add("_pragma", fmt.Sprintf("max_page_count(%d)", opts.maxPages))
	}
	q.Set("_txlock", "immediate")
	sdb, err := sql.Open("sqlite", fileURI(path, q))
	if err != nil {
		return nil, classify(path, "opening", err)
	}
	db := &DB{sql: sdb, path: path}
	if err := db.prepare(ctx); err != nil {
		sdb.Close()
		return nil, err
	}
	return db, nil
}

// fileURI names path as an SQLite URI. The path is escaped: in a raw
// "file:" string a '#' or '?' would end the path early and a "%20" would be
// decoded, putting the database somewhere other than path.
func fileURI(path string, q url.Values) string {
	if abs, err := filepath.Abs(path); err == nil {
		path = abs
	}
	u := url.URL{Scheme: "file", Path: filepath.ToSlash(path), RawQuery: q.Encode()}
	return u.String()
}

// prepare reads before it writes: a file whose schema cannot be read is left
// untouched. Then it switches to WAL (readers never wait for the writer) and
// migrates.
func (db *DB) prepare(ctx context.Context) error {
	var n int
	if err := db.sql.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master`).Scan(&n); err != nil {
		return classify(db.path, "reading", err)
	}
	if _, err := db.currentVersion(ctx); err != nil {
		return err
	}
	var mode string
	if err := db.sql.QueryRowContext(ctx, `PRAGMA journal_mode=WAL`).Scan(&mode); err != nil {
		return classify(db.path, "switching to WAL", err)
	}
	return db.migrate(ctx)
}

// checkHeader rejects an existing file that is not an SQLite database, by
// reading it only.
func checkHeader(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return classify(path, "opening", err)
	}
	defer f.Close()
	head := make([]byte, 100) // the SQLite header is 100 bytes
	n, err := io.ReadFull(f, head)
	switch {
	case n == 0 && (err == io.EOF || err == nil):
		return nil // an empty file becomes a new database
	case err != nil && err != io.ErrUnexpectedEOF:
		return classify(path, "reading", err)
	case n < len(head) || !bytes.HasPrefix(head, sqliteHeader):
		return &Error{Kind: Corrupt, Path: path, Op: "reading", Err: errors.New("not an SQLite database")}
	}
	return nil
}
