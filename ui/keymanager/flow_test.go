package keymanager

import (
	"bytes"
	"context"
	"io"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"
	"github.com/zalando/go-keyring"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/catalog"
	"github.com/routeplay/routeplay/backend/demo"
	"github.com/routeplay/routeplay/keys"
	"github.com/routeplay/routeplay/themes"
)

// shell is the smallest parent: it sizes the screen and quits on CloseMsg.
type shell struct{ km Model }

func (s shell) Init() tea.Cmd { return s.km.Init() }

func (s shell) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		s.km.SetSize(msg.Width, msg.Height)
	case CloseMsg:
		return s, tea.Quit
	}
	var cmd tea.Cmd
	s.km, cmd = s.km.Update(msg)
	return s, cmd
}

func (s shell) View() tea.View { return tea.NewView(s.km.View()) }

// TestFlowAddValidateDelete drives the screen in a real program against
// the keyring mock and a loopback fake OpenRouter.
func TestFlowAddValidateDelete(t *testing.T) {
	keyring.MockInit() // global; this test is not parallel
	const secret = "sk-or-v1-flowtestsecret0123456789abcdef0123456789ab9f3a"
	srv, hs := demo.Start(nil)
	defer hs.Close()
	defer srv.Close()
	srv.RequireKey(secret)

	store, err := keys.New(keys.Options{Backend: keys.OSKeyring{}, ConfigDir: t.TempDir(), Timeout: time.Second,
		LookupEnv: func(string) (string, bool) { return "", false }})
	if err != nil {
		t.Fatal(err)
	}
	client := hs.Client()
	deps := Deps{Store: store, Validate: func(ctx context.Context, kind backend.Kind, base, key string) catalog.Validation {
		return catalog.ValidateKey(ctx, client, kind, base, key)
	}}
	routes := []backend.Route{{Name: "or-gpt", Kind: backend.KindOpenRouter, BaseURL: hs.URL + "/api/v1", KeyName: "openrouter"}}
	tm := teatest.NewTestModel(t, shell{km: New(themes.New(themes.Default(true)), deps, routes)},
		teatest.WithInitialTermSize(100, 20), teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.Ascii)))

	// The renderer writes only changed cells, so each wait looks at the
	// output since the previous one for a short, new substring.
	var seen, recent bytes.Buffer
	waitFor := func(s string) {
		t.Helper()
		recent.Reset()
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
			seen.Write(b)
			recent.Write(b)
			return bytes.Contains(recent.Bytes(), []byte(s))
		}, teatest.WithDuration(5*time.Second), teatest.WithCheckInterval(10*time.Millisecond))
	}
	waitFor("missing")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	waitFor("(hidden)")
	tm.Send(tea.PasteMsg{Content: secret + "\n"})
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	waitFor("$1.25/$10.00")
	if got, _ := keyring.Get(keys.Service, "openrouter"); got != secret {
		t.Fatalf("keyring holds %q", got)
	}
	tm.Send(tea.KeyPressMsg{Code: 'd', Text: "d"})
	waitFor("y/n")
	tm.Send(tea.KeyPressMsg{Code: 'y', Text: "y"})
	waitFor("missing")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEscape})
	final := tm.FinalModel(t, teatest.WithFinalTimeout(5*time.Second)).(shell)
	if final.km.status != "deleted openrouter from the OS keyring" {
		t.Fatalf("status %q", final.km.status)
	}

	rest, _ := io.ReadAll(tm.FinalOutput(t))
	seen.Write(rest)
	if bytes.Contains(seen.Bytes(), []byte(secret[12:40])) {
		t.Fatal("the key was drawn on screen")
	}
	if n := len(srv.Requests()); n != 1 || srv.Requests()[0].Header.Get("Authorization") != "Bearer "+secret {
		t.Fatalf("fake saw %d requests", n)
	}
}
