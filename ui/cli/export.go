package cli

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

// exportFormat is how --export writes, chosen by the file's extension.
type exportFormat int

const (
	exportMarkdown exportFormat = iota + 1
	exportJSON
)

// checkExportPath validates --export before any request is sent, so a typo
// does not cost a whole bench.
func checkExportPath(path string) (exportFormat, error) {
	if path == "" {
		return 0, nil
	}
	var format exportFormat
	switch strings.ToLower(filepath.Ext(path)) {
	case ".md", ".markdown":
		format = exportMarkdown
	case ".json":
		format = exportJSON
	default:
		return 0, usageError("--export %s: the file must end in .md or .json", path)
	}
	if err := atomicfile.CheckWritable(path); err != nil {
		return 0, usageError("--export %s: cannot write there: %v", path, err)
	}
	return format, nil
}

// writeExport writes the report through the key store's redactor, private
// to the user and whole or not at all.
func writeExport(path string, format exportFormat, x export.Export, s *session) error {
	redact := s.keys.Redactor().Redact
	err := atomicfile.Write(path, atomicfile.Options{}, func(w io.Writer) error {
		if format == exportJSON {
			return export.WriteJSON(w, x, redact)
		}
		return export.WriteMarkdown(w, x, redact)
	})
	if err != nil {
		return ioFailure(fmt.Errorf("export %s: %w", path, err))
	}
	return nil
}

// fees are the config's [fees], or the published defaults.
func (s *session) fees() config.Fees {
	if s.cfg == nil {
		return config.DefaultFees()
	}
	return s.cfg.Fees.Fees()
}

// generationWait bounds fetching OpenRouter's stats for an export.
const generationWait = 5 * time.Second

// firstTokenSplits fetches OpenRouter's generation stats for every gateway
// run that answered, at once, and splits its first-token time.
func (s *session) firstTokenSplits(ctx context.Context, results []*backend.Result) map[string]engine.FirstTokenSplit {
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
			st, err := s.engine.GenerationStats(ctx, r.Route, r.GenerationID)
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
