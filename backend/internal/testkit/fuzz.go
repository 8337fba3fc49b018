package testkit

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// AddSeeds seeds a fuzz target with the files matching glob whose name
// starts with one of the prefixes.
func AddSeeds(f *testing.F, glob string, prefixes ...string) {
	files, err := filepath.Glob(glob)
	if err != nil {
		f.Fatal(err)
	}
	for _, file := range files {
		base := filepath.Base(file)
		for _, p := range prefixes {
			if strings.HasPrefix(base, p) {
				data, err := os.ReadFile(file)
				if err != nil {
					f.Fatal(err)
				}
				f.Add(data)
				break
			}
		}
	}
}
