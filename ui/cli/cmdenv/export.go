package cmdenv

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/atomicfile"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/engine"
	"github.com/routeplay/routeplay/backend/export"
)

// ExportFormat is how --export writes, chosen by the file's extension.
type ExportFormat int

const (
	ExportMarkdown ExportFormat = iota + 1
	ExportJSON
)

// CheckExportPath validates --export before any request is sent, so a typo
// does not cost a whole bench.
func CheckExportPath(path string) (ExportFormat, error) {
	if path == "" {
		return 0, nil
	}
	var format ExportFormat
	switch strings.ToLower(filepath.Ext(path)) {
	case ".md", ".markdown":
		format = ExportMarkdown
	case ".json":
		format = ExportJSON
	default:
		return 0, UsageError("--export %s: the file must end in .md or .json", path)
	}
	if err := atomicfile.CheckWritable(path); err != nil {
		return 0, UsageError("--export %s: cannot write there: %v", path, err)
	}
	return format, nil
}

// WriteExport writes the report through the key store's redactor, private
// to the user and whole or not at all.
func WriteExport(path string, format ExportFormat, x export.Export, s *Session) error {
	redact := s.Keys.Redactor().Redact
	err := atomicfile.Write(path, atomicfile.Options{}, func(w io.Writer) error {
		if format == ExportJSON {
			return export.WriteJSON(w, x, redact)
		}
		return export.WriteMarkdown(w, x, redact)
	})
	if err != nil {
		return IOFailure(fmt.Errorf("export %s: %w", path, err))
	}
	return nil
}

// Fees are the config's [fees], or the published defaults.
func (s *Session) Fees() config.Fees {
	if s.Config == nil {
		return config.DefaultFees()
	}
	return s.Config.Fees.Fees()
}

// generationWait bounds fetching OpenRouter's stats for an export.
const generationWait = 5 * time.Second

// FirstTokenSplits fetches OpenRouter's generation stats for every gateway
// run that answered, at once, and splits its first-token time.
func (s *Session) FirstTokenSplits(ctx context.Context, results []*backend.Result) map[string]engine.FirstTokenSplit {
	ctx, cancel := context.WithTimeout(ctx, generationWait)
	defer cancel()
	var mu sync.Mutex
	var wg sync.WaitGroup
	splits := map[string]engine.FirstTokenSplit{}
	for _, r := range results {
		if r.Route.Kind != backend.KindOpenRouter || r.Err != nil || r.GenerationID == "" {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			split := engine.FirstTokenSplit{Note: "OpenRouter's generation stats: not yet available"}
			st, err := s.Engine.GenerationStats(ctx, r.Route, r.GenerationID)
			switch {
			case err == nil:
				split = engine.SplitFirstToken(r, st)
			case ctx.Err() == nil && !errors.Is(err, engine.ErrGenerationNotYet):
				split.Note = err.Error()
			}
			mu.Lock()
			splits[r.Route.Name] = split
			mu.Unlock()
		}()
	}
	wg.Wait()
	return splits
}
