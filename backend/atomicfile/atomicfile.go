// Package atomicfile writes files the one safe way: a private temporary file
// beside the target, written, synced and renamed over it. A crash, a full
// disk or a failed write leaves the old file whole, never a cut-off one.
package atomicfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Links says what to do when the target is a symbolic link.
type Links int

const (
	// RefuseLinks fails on a link: a file the user asked to create (an
	// export) must not overwrite whatever a link planted there points to.
	RefuseLinks Links = iota
	// FollowLinks writes the file the link points to, keeping the link: the
	// user's own config may be a link into a dotfiles repository.
	FollowLinks
)

// ErrSymlink is returned for a link under RefuseLinks.
var ErrSymlink = errors.New("is a symbolic link; refusing to write through it")

// Options tune Write; the zero value refuses links and writes mode 0600.
type Options struct {
	Links Links
	// Mode of the new file; 0 means 0600 (private to the user).
	Mode fs.FileMode
	// MkdirAll creates missing parent directories (mode 0700).
	MkdirAll bool
}

// Write replaces path with what write produces.
func Write(path string, opts Options, write func(io.Writer) error) error {
	target, err := resolveTarget(path, opts.Links)
	if err != nil {
		return err
	}
	dir := filepath.Dir(target)
	if opts.MkdirAll {
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return err
		}
	}
	mode := opts.Mode
	if mode == 0 {
		mode = 0o600
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(target)+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // nothing to remove after the rename
	err = tmp.Chmod(mode)
	if err == nil {
		err = write(tmp)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	return os.Rename(tmp.Name(), target)
}

// WriteBytes replaces path with data.
func WriteBytes(path string, data []byte, opts Options) error {
	return Write(path, opts, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}

// resolveTarget is the file Write would replace: path itself, or under
// FollowLinks the file its links lead to. It fails early, before any work,
// for a link under RefuseLinks, a directory, or a missing parent directory.
func resolveTarget(path string, links Links) (string, error) {
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return path, nil
	case err != nil:
		return "", err
	case fi.Mode()&fs.ModeSymlink != 0:
		if links == RefuseLinks {
			return "", fmt.Errorf("%s %w", path, ErrSymlink)
		}
		resolved, err := filepath.EvalSymlinks(path)
		if errors.Is(err, fs.ErrNotExist) {
			// A dangling link: create the file it names.
			dest, rerr := os.Readlink(path)
			if rerr != nil {
				return "", rerr
			}
			if !filepath.IsAbs(dest) {
				dest = filepath.Join(filepath.Dir(path), dest)
			}
			return dest, nil
		}
		return resolved, err
	case fi.IsDir():
		return "", fmt.Errorf("%s is a directory", path)
	}
	return path, nil
}

// CheckWritable tells, before a long run, whether path could be written:
// not a link or a directory, and its directory exists and takes new files.
func CheckWritable(path string) error {
	target, err := resolveTarget(path, RefuseLinks)
	if err != nil {
		return err
	}
	dir := filepath.Dir(target)
	fi, err := os.Stat(dir)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s is not a directory", dir)
	}
	probe, err := os.CreateTemp(dir, ".routeplay-probe-*")
	if err != nil {
		return err
	}
	probe.Close()
	return os.Remove(probe.Name())
}
