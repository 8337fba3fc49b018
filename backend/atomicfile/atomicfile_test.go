package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestWriteIsPrivateAndWhole(t *testing.T) {
	path := filepath.Join(t.TempDir(), "report.md")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := WriteBytes(path, []byte("new"), Options{}); err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(path)
	fi, _ := os.Stat(path)
	if string(got) != "new" || fi.Mode().Perm() != 0o600 {
		t.Fatalf("%q mode %v", got, fi.Mode().Perm())
	}
}

// A write that fails half-way (a full disk) leaves the old file and no
// temporary file behind.
func TestFailedWriteKeepsTheOldFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "report.json")
	os.WriteFile(path, []byte("whole"), 0o600)
	full := errors.New("no space left on device")
	err := Write(path, Options{}, func(w io.Writer) error {
		w.Write([]byte("half"))
		return full
	})
	if !errors.Is(err, full) {
		t.Fatalf("err %v", err)
	}
	got, _ := os.ReadFile(path)
	entries, _ := os.ReadDir(dir)
	if string(got) != "whole" || len(entries) != 1 {
		t.Fatalf("%q, %d entries", got, len(entries))
	}
}

func TestLinks(t *testing.T) {
	dir := t.TempDir()
	victim := filepath.Join(dir, "victim")
	os.WriteFile(victim, []byte("precious"), 0o600)
	link := filepath.Join(dir, "export.md")
	if err := os.Symlink(victim, link); err != nil {
		t.Skip(err)
	}
	if err := WriteBytes(link, []byte("x"), Options{}); !errors.Is(err, ErrSymlink) {
		t.Fatalf("refuse: %v", err)
	}
	if err := CheckWritable(link); !errors.Is(err, ErrSymlink) {
		t.Fatalf("check: %v", err)
	}
	if got, _ := os.ReadFile(victim); string(got) != "precious" {
		t.Fatalf("victim now %q", got)
	}
	if err := WriteBytes(link, []byte("through"), Options{Links: FollowLinks}); err != nil {
		t.Fatal(err)
	}
	fi, _ := os.Lstat(link)
	got, _ := os.ReadFile(victim)
	if fi.Mode()&os.ModeSymlink == 0 || string(got) != "through" {
		t.Fatalf("link replaced (%v) or target %q", fi.Mode(), got)
	}
}

func TestCheckWritable(t *testing.T) {
	dir := t.TempDir()
	if err := CheckWritable(filepath.Join(dir, "ok.md")); err != nil {
		t.Fatal(err)
	}
	if err := CheckWritable(filepath.Join(dir, "missing", "x.md")); err == nil {
		t.Fatal("a missing directory passed")
	}
	if err := CheckWritable(dir); err == nil {
		t.Fatal("a directory passed")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Fatalf("probe left behind: %v", entries)
	}
}
