package historycmd

import (
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend"
)

// TestHistoryExportNamesCacheReadsAndWrites: a kept run that used the
// prompt cache says how many input tokens it read from it and wrote to it;
// one that did not says nothing of the cache.
func TestHistoryExportNamesCacheReadsAndWrites(t *testing.T) {
	t.Parallel()
	run := func(read, write int) string {
		var b strings.Builder
		writeHistoryRunMarkdown(&b, historyRun{RouteReport: backend.RouteReport{Route: "claude", Model: "claude-sonnet-4-6",
			Usage: backend.UsageReport{InputTokens: 7010, OutputTokens: 50, CachedTokens: read, CacheWriteTokens: write, Source: "provider"}}})
		return b.String()
	}
	if got := run(5000, 2000); !strings.Contains(got, "- prompt cache: 5000 of the input tokens read from it, 2000 written to it\n") {
		t.Errorf("cached run:\n%s", got)
	}
	if got := run(0, 0); strings.Contains(got, "prompt cache") {
		t.Errorf("uncached run:\n%s", got)
	}
}
