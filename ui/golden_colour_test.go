package ui

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/zalando/go-keyring"

	"github.com/routeplay/routeplay/backend/history"
	"github.com/routeplay/routeplay/keys"
)

// Colour goldens: one frame of every screen, each in a theme, plus one
// NO_COLOR frame, compared with the ANSI kept (TestGolden strips it), so a
// colour or emphasis regression fails. Frames pass through a fixed colour
// profile, as a terminal of that profile would get them. Regenerate with:
// go test ./ui -run TestColourGolden -update
func TestColourGolden(t *testing.T) {
	scenarios := []struct {
		name    string
		theme   string
		open    func(t *testing.T, m Model) Model
		profile colorprofile.Profile
	}{
		{"PanesCharm", "charm", nil, colorprofile.TrueColor},
		{"CompareNord", "nord", onScreen(screenCompare), colorprofile.TrueColor},
		{"HistoryLight", "light", onScreen(screenHistory), colorprofile.TrueColor},
		{"PickerCharm", "charm", onScreen(screenPicker), colorprofile.TrueColor},
		{"KeysNord", "nord", onScreen(screenKeys), colorprofile.TrueColor},
		{"RouteSettingsLight", "light", onScreen(screenEditor), colorprofile.TrueColor},
		{"HelpCharm", "charm", func(t *testing.T, m Model) Model {
			return update(m, tea.KeyPressMsg{Code: tea.KeyF1})
		}, colorprofile.TrueColor},
		// NO_COLOR picks the mono theme on a terminal without colour: bold,
		// faint, italic and reverse must still mark focus and state.
		{"PanesNoColor", "mono", nil, colorprofile.Ascii},
	}
	for _, sc := range scenarios {
		t.Run(sc.name, func(t *testing.T) {
			m := finished(t, colourOptions(t, sc.theme), 120, 40)
			if sc.open != nil {
				m = sc.open(t, m)
			}
			frame := atProfile(t, m.View().Content, sc.profile)
			checkFrame(t, screen(m), 120, 40)
			if sc.profile == colorprofile.Ascii {
				requireNoColour(t, frame)
			}
			if !strings.Contains(frame, "\x1b[") {
				t.Fatal("the frame has no styling at all")
			}
			golden.RequireEqual(t, frame)
		})
	}
}

func onScreen(x screenID) func(t *testing.T, m Model) Model {
	return func(t *testing.T, m Model) Model { return openSettled(t, m, x) }
}

// colourOptions are three routes with their keys present and every screen
// available: a key store on the mock keyring (global, so these tests do not
// run in parallel) and an empty history, so no frame depends on the wall
// clock.
func colourOptions(t *testing.T, theme string) Options {
	t.Helper()
	keyring.MockInit()
	store, err := keys.New(keys.Options{Backend: keys.OSKeyring{}, ConfigDir: t.TempDir(), Timeout: time.Second,
		LookupEnv: func(string) (string, bool) { return "", false }})
	if err != nil {
		t.Fatal(err)
	}
	db, err := history.Open(context.Background(), filepath.Join(t.TempDir(), history.FileName), history.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return Options{Routes: testRoutes(), Engine: &scripted{}, Catalog: pickerCatalog, Keys: store,
		KeysPresent: map[string]bool{"openrouter": true, "openai": true, "anthropic": true},
		History:     HistoryOptions{Store: db}, Theme: theme}
}

// atProfile is the frame as a terminal of the given profile receives it.
func atProfile(t *testing.T, frame string, p colorprofile.Profile) string {
	t.Helper()
	var b strings.Builder
	w := &colorprofile.Writer{Forward: &b, Profile: p}
	if _, err := w.WriteString(frame); err != nil {
		t.Fatal(err)
	}
	return b.String()
}
