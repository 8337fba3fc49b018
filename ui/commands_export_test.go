package ui

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

func TestExportCommandWritesTheLastTurn(t *testing.T) {
	m := finished(t, threeRoutes(), 120, 40)
	dir := t.TempDir()
	for _, name := range []string{"turn.md", "turn.json"} {
		path := filepath.Join(dir, name)
		m = typeCommand(t, m, "/export "+path)
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%s not written: %v (status %q)", name, err, m.status)
		}
		if strings.ContainsRune(string(data), 0x1b) {
			t.Fatalf("%s holds an escape sequence", name)
		}
		if !strings.Contains(m.status, "Exported the last turn") {
			t.Fatalf("status = %q", m.status)
		}
		if strings.HasSuffix(name, ".json") {
			var doc struct {
				Prompt string `json:"prompt"`
				Routes []struct {
					Route string `json:"route"`
				} `json:"routes"`
			}
			if err := json.Unmarshal(data, &doc); err != nil || len(doc.Routes) == 0 {
				t.Fatalf("JSON export: %v, %s", err, data)
			}
		}
	}
	m = typeCommand(t, m, "/export notes.txt")
	if !strings.Contains(m.status, "Usage: /export") {
		t.Fatalf("bad extension accepted: %q", m.status)
	}
}

// typeCommand types a command into the prompt, presses enter and runs the
// commands it returns once (the export writes in one).
func typeCommand(t *testing.T, m Model, text string) Model {
	t.Helper()
	m = typeText(m, text)
	next, cmd := m.Update(enter())
	m = next.(Model)
	if cmd != nil {
		if msg := cmd(); msg != nil {
			if batch, ok := msg.(tea.BatchMsg); ok {
				for _, c := range batch {
					if c != nil {
						if em, ok := c().(exportedMsg); ok {
							next, _ = m.Update(em)
							m = next.(Model)
						}
					}
				}
			} else if em, ok := msg.(exportedMsg); ok {
				next, _ = m.Update(em)
				m = next.(Model)
			}
		}
	}
	return m
}
