package ui

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/atomicfile"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/export"
)

// exportedMsg reports the end of an /export.
type exportedMsg struct {
	Path string
	Err  error
}

// exportCommand writes the last turn as a report safe to share:
// "/export FILE.md" (Markdown) or "/export FILE.json" (the ask --json shape).
// The file is written by a command, never in Update.
func (m *Model) exportCommand(arg string) (bool, tea.Cmd) {
	ext := strings.ToLower(filepath.Ext(arg))
	if arg == "" || (ext != ".md" && ext != ".json") {
		m.status = "Usage: /export FILE.md or /export FILE.json"
		return false, nil
	}
	x, ok := m.lastTurnExport()
	if !ok {
		m.status = "Nothing to export yet: send a prompt and let it finish."
		return false, nil
	}
	redact := func(s string) string { return s }
	if m.opts.Keys != nil {
		redact = m.opts.Keys.Redactor().Redact
	}
	return true, func() tea.Msg { return exportedMsg{Path: arg, Err: writeReport(arg, ext == ".json", x, redact)} }
}

// lastTurnExport gathers every pane's last finished turn.
func (m *Model) lastTurnExport() (export.Export, bool) {
	x := export.Export{Fees: config.DefaultFees()}
	if m.opts.Fees != nil {
		x.Fees = *m.opts.Fees
	}
	for i := range m.panes {
		t := m.panes[i].Last()
		if t == nil || !t.Result().Done() {
			continue
		}
		if x.Prompt == "" {
			x.Prompt = t.Prompt()
		}
		x.Results = append(x.Results, t.Result())
	}
	x.Published, x.Providers = m.or.ForExport(x.Results)
	return x, len(x.Results) > 0
}

// writeReport writes an export private to the user, whole or not at all,
// and never through a symbolic link.
func writeReport(path string, asJSON bool, x export.Export, redact func(string) string) error {
	return atomicfile.Write(path, atomicfile.Options{}, func(w io.Writer) error {
		if asJSON {
			return export.WriteJSON(w, x, redact)
		}
		return export.WriteMarkdown(w, x, redact)
	})
}

// exported shows how an /export ended.
func (m *Model) exported(msg exportedMsg) {
	if msg.Err != nil {
		m.status = backend.Sanitize(fmt.Sprintf("Export failed: %v", msg.Err))
		return
	}
	m.status = "Exported the last turn to " + backend.Sanitize(msg.Path)
}
