package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/routeplay/routeplay/backend"
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
	switch strings.ToLower(filepath.Ext(path)) {
	case ".md", ".markdown":
		return exportMarkdown, nil
	case ".json":
		return exportJSON, nil
	}
	return 0, usageError("--export %s: the file must end in .md or .json", path)
}

// writeExport writes the report through the key store's redactor.
func writeExport(path string, format exportFormat, x export.Export, s *session) error {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
	if err != nil {
		return ioFailure(fmt.Errorf("export: %w", err))
	}
	redact := s.keys.Redactor().Redact
	if format == exportJSON {
		err = export.WriteJSON(f, x, redact)
	} else {
		err = export.WriteMarkdown(f, x, redact)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
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
