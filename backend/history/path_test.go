package history

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// Characters that mean something in a URI must not move the database: a '#'
// once cut the path short (a 0644 file outside the private directory) and
// "%20" silently opened another file.
func TestPathWithURICharactersStaysPut(t *testing.T) {
	for _, dir := range []string{"a#b", "c%20d", "e?f=1", "g h"} {
		t.Run(dir, func(t *testing.T) {
			root := t.TempDir()
			path := filepath.Join(root, dir, FileName)
			db, err := Open(context.Background(), path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := db.sql.Exec(`CREATE TABLE probe(x)`); err != nil {
				t.Fatal(err)
			}
			db.Close()
			if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 || fi.Size() == 0 {
				t.Fatalf("database at %s: %v %v", path, fi, err)
			}
			entries, _ := os.ReadDir(root)
			if len(entries) != 1 || entries[0].Name() != dir {
				t.Fatalf("files outside %q: %v", dir, entries)
			}
			again, err := Open(context.Background(), path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer again.Close()
			var n int
			if err := again.sql.QueryRow(`SELECT count(*) FROM sqlite_master WHERE name = 'probe'`).Scan(&n); err != nil || n != 1 {
				t.Fatalf("reopened another file: %d %v", n, err)
			}
		})
	}
}
