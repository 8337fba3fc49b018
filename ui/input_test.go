package ui

import (
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

func TestInputBoxShowsEveryLineAsItGrows(t *testing.T) {
	m := update(newTestModel(threeRoutes(), &fakeClock{now: t0}), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = typeText(m, "aaa")
	m = update(m, press(tea.KeyEnter, tea.ModAlt))
	m = typeText(m, "bbb")
	view := m.input.View()
	if !strings.Contains(view, "aaa") || !strings.Contains(view, "bbb") {
		t.Fatalf("the box hides a line:\n%s", view)
	}
}

func TestInputBoxAfterABigPasteShowsItsLastLines(t *testing.T) {
	m := update(newTestModel(threeRoutes(), &fakeClock{now: t0}), tea.WindowSizeMsg{Width: 120, Height: 40})
	var lines []string
	for i := 1; i <= 400; i++ {
		lines = append(lines, fmt.Sprintf("pasted line %d", i))
	}
	m = update(m, tea.PasteMsg{Content: strings.Join(lines, "\n")})
	rows := strings.Split(m.input.View(), "\n")
	if len(rows) != m.inputRows || m.inputRows < 2 {
		t.Fatalf("%d rows for a box of %d", len(rows), m.inputRows)
	}
	for i, row := range rows {
		want := fmt.Sprintf("pasted line %d", 400-m.inputRows+1+i)
		if !strings.Contains(row, want) {
			t.Fatalf("row %d is %q, want %q; the box:\n%s", i, row, want, m.input.View())
		}
	}
}

func TestABigPasteIsEchoedAsAPlaceholder(t *testing.T) {
	m := update(newTestModel(threeRoutes(), &fakeClock{now: t0}), tea.WindowSizeMsg{Width: 120, Height: 40})
	m = typeText(m, "Review this:")
	m = update(m, press(tea.KeyEnter, tea.ModAlt))
	var lines []string
	for i := 1; i <= 399; i++ {
		lines = append(lines, fmt.Sprintf("pasted line %d", i))
	}
	m = update(m, tea.PasteMsg{Content: strings.Join(lines, "\n")}, enter(), frameMsg{})
	got := screen(m)
	requireContains(t, got, "› Review this: [pasted 400 lines]")
	if strings.Contains(got, "pasted line 2") {
		t.Fatalf("the paste fills the pane:\n%s", got)
	}
	if raw := m.panes[0].Last().Prompt(); strings.Count(raw, "\n") != 399 {
		t.Fatalf("the route is sent the whole prompt, not %q", raw)
	}
}
