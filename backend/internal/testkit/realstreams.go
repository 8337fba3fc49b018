package testkit

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/routeplay/routeplay/backend"
)

// RealStreams finds ../shared/realstreams beside the module root and returns
// it with its manifest.json; the test is skipped when the folder is absent
// (the recordings are third-party data, never copied into the project).
func RealStreams(t testing.TB) (dir string, manifest []byte) {
	t.Helper()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(wd, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(wd)
		if parent == wd {
			t.Skip("no module root above the test")
		}
		wd = parent
	}
	dir = filepath.Join(wd, "..", "shared", "realstreams")
	manifest, err = os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Skip("../shared/realstreams is not present")
	}
	return dir, manifest
}

// RealStream is the recorded body of fixture id.
func RealStream(t testing.TB, dir, id string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "fixtures", id+".sse"))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// RealStreamWire is the wire format of a manifest "api".
func RealStreamWire(api string) backend.Wire {
	switch api {
	case "anthropic":
		return backend.WireAnthropic
	case "gemini":
		return backend.WireGemini
	}
	return backend.WireOpenAI
}

// SameJSON reports whether two texts are the same, or the same JSON value
// written differently (spacing, key order).
func SameJSON(a, b string) bool {
	if a == b {
		return true
	}
	var va, vb any
	if json.Unmarshal([]byte(a), &va) != nil || json.Unmarshal([]byte(b), &vb) != nil {
		return false
	}
	return reflect.DeepEqual(va, vb)
}
