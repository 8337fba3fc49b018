package ui

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/zalando/go-keyring"

	"github.com/routeplay/routeplay/backend/history"
	"github.com/routeplay/routeplay/keys"
)

var screenNames = map[screenID]string{screenPanes: "panes", screenCompare: "compare",
	screenHistory: "history", screenPicker: "picker", screenKeys: "keys", screenEditor: "editor"}

func (s screenID) String() string { return screenNames[s] }

// screensModel can open every screen: it has a catalog, a key store and a
// history.
func screensModel(t *testing.T) Model {
	t.Helper()
	keyring.MockInit() // global; the ui tests use no other keyring
	store, err := keys.New(keys.Options{Backend: keys.OSKeyring{}, ConfigDir: t.TempDir(), Timeout: time.Second,
		LookupEnv: func(string) (string, bool) { return "", false }})
	if err != nil {
		t.Fatal(err)
	}
	db, rec := openHistory(t, filepath.Join(t.TempDir(), history.FileName))
	t.Cleanup(func() { closeRecorder(t, rec) })
	// No key at start, as the key manager will list: its listing changes no pane.
	m := newTestModel(Options{Routes: testRoutes(), Engine: &scripted{}, Catalog: pickerCatalog, Keys: store, KeysPresent: map[string]bool{},
		History: HistoryOptions{Store: db, Recorder: rec}}, &fakeClock{now: t0})
	return update(m, tea.WindowSizeMsg{Width: 120, Height: 40})
}

// openSettled opens a screen the way its key does and runs what it asks for.
func openSettled(t *testing.T, m Model, x screenID) Model {
	t.Helper()
	cmd := m.openScreen(x)
	m = settle(t, m, cmd)
	return redraw(m)
}

// redraw draws the frame again without a key, which would close an overlay.
func redraw(m Model) Model { return update(m, tea.WindowSizeMsg{Width: m.width, Height: m.height}) }

// Opening a screen over any other leaves exactly one up, drawn as it is
// when opened from the playground, and esc brings back the one before.
func TestOneScreenIsUpAndEscGoesBack(t *testing.T) {
	alone := map[screenID]string{screenPanes: screensModel(t).paneArea()}
	for _, x := range allScreens[1:] {
		alone[x] = openSettled(t, screensModel(t), x).paneArea()
	}
	for _, from := range allScreens {
		for _, to := range allScreens[1:] {
			if from == to {
				continue
			}
			t.Run(fmt.Sprintf("%v/%v", from, to), func(t *testing.T) {
				m := screensModel(t)
				if from != screenPanes {
					m = openSettled(t, m, from)
				}
				m = openSettled(t, m, to)
				if m.screens.top() != to || m.paneArea() != alone[to] {
					t.Fatalf("%v over %v: top %v, frame\n%s", to, from, m.screens.top(), m.paneArea())
				}
				m = pressSettled(t, m, esc)
				if m.screens.top() != from || m.screens.has(to) {
					t.Fatalf("esc from %v: stack %v, want %v on top", to, m.screens.stack, from)
				}
				if from != screenHistory && m.paneArea() != alone[from] { // history reloads its list
					t.Fatalf("esc from %v did not bring %v back:\n%s", to, from, m.paneArea())
				}
			})
		}
	}
}

// An overlay goes over any screen; esc closes it and leaves the screen as
// it was, and opening a screen closes it.
func TestOverlayClosesOnEscAndOnAnotherScreen(t *testing.T) {
	for _, x := range allScreens {
		for _, o := range []overlay{overlayHelp, overlayNotice} {
			t.Run(fmt.Sprintf("%v/%d", x, o), func(t *testing.T) {
				m := screensModel(t) // copies of a model share the prompt box
				if x != screenPanes {
					m = openSettled(t, m, x)
				}
				under := m.paneArea()
				if o == overlayNotice {
					m.screens.showNotice("zq notice")
				} else {
					m.screens.push(o)
				}
				m = redraw(m)
				if m.paneArea() == under && o == overlayNotice || o == overlayHelp && !strings.Contains(screen(m), "Commands") {
					t.Fatal("the overlay is not drawn")
				}
				m = pressSettled(t, m, esc)
				if m.screens.overlay() != overlayNone || m.screens.top() != x || m.paneArea() != under {
					t.Fatalf("esc: overlay %d, top %v", m.screens.overlay(), m.screens.top())
				}
				m.screens.push(o)
				m = openSettled(t, m, screenCompare)
				if m.screens.overlay() != overlayNone || m.screens.top() != screenCompare {
					t.Fatalf("a screen opened under an overlay: overlay %d, top %v", m.screens.overlay(), m.screens.top())
				}
			})
		}
	}
}

// A typed key reaches one receiver: the screen on top when it takes text,
// else the prompt box.
func TestAKeyReachesOneReceiver(t *testing.T) {
	for _, x := range allScreens {
		t.Run(x.String(), func(t *testing.T) {
			m := screensModel(t)
			if x != screenPanes {
				m = openSettled(t, m, x)
			}
			before := m.paneArea()
			m = pressSettled(t, m, typeKeys("j")...) // a letter, and "down" on the screens with rows
			toInput := x == screenPanes || x == screenCompare
			if got := m.input.Value(); (got == "j") != toInput || got != "" && got != "j" {
				t.Fatalf("prompt box %q after typing on %v", got, x)
			}
			if changed := m.paneArea() != before; changed == toInput {
				t.Fatalf("%v changed %v with the key", x, changed)
			}
			if m.screens.top() != x {
				t.Fatalf("typing moved to %v", m.screens.top())
			}
		})
	}
}

// The screen keys work from the compare view and the history screen too,
// but a modal screen keeps them.
func TestScreenKeysOpenOverEachOther(t *testing.T) {
	m := screensModel(t)
	m = pressSettled(t, m, ctrlG(), tea.KeyPressMsg{Code: tea.KeyF4}, tea.KeyPressMsg{Code: 'p', Mod: tea.ModCtrl})
	if got := m.screens.stack; len(got) != 3 || m.screens.top() != screenPicker {
		t.Fatalf("stack %v", got)
	}
	m = pressSettled(t, m, tea.KeyPressMsg{Code: tea.KeyF4}) // the picker keeps f4
	if m.screens.top() != screenPicker {
		t.Fatalf("f4 left the picker: %v", m.screens.stack)
	}
	m = pressSettled(t, m, esc, esc, esc)
	if m.screens.top() != screenPanes {
		t.Fatalf("three esc did not come back to the panes: %v", m.screens.stack)
	}
}

// The mouse reaches only the screen on top: the panes under another
// screen neither scroll nor take the focus.
func TestMouseSkipsThePanesUnderAScreen(t *testing.T) {
	m := screensModel(t)
	fillPane(&m.panes[0])
	before := m.panes[0].Offset()
	for _, x := range allScreens[1:] {
		m := openSettled(t, m, x)
		r := m.rects[1]
		m = update(m, tea.MouseWheelMsg{X: m.rects[0].x + 2, Y: m.rects[0].y + 5, Button: tea.MouseWheelUp},
			tea.MouseClickMsg{X: r.x + 3, Y: r.y + 3, Button: tea.MouseLeft})
		if got := m.panes[0].Offset(); got != before || m.focus != 0 {
			t.Errorf("%v: the hidden panes took the mouse: offset %d → %d, focus %d", x, before, got, m.focus)
		}
	}
}
