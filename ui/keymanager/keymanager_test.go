package keymanager

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/catalog"
	"github.com/routeplay/routeplay/keys"
	"github.com/routeplay/routeplay/themes"
)

var day = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

// fakeStore is an in-memory key store with scripted listings.
type fakeStore struct {
	list     []keys.KeyInfo
	secrets  map[string]string
	env      map[string]string
	setErr   error
	recorded map[string]keys.Validation
	calls    []string
}

func (f *fakeStore) List(context.Context, ...string) ([]keys.KeyInfo, error) {
	f.calls = append(f.calls, "list")
	return f.list, nil
}

func (f *fakeStore) Key(_ context.Context, name string) (string, string, error) {
	f.calls = append(f.calls, "key "+name)
	if v, ok := f.secrets[name]; ok {
		return v, keys.SourceKeyring, nil
	}
	return "", "", &keys.MissingKeyError{Name: name}
}

func (f *fakeStore) Set(_ context.Context, name, value string) (string, error) {
	f.calls = append(f.calls, "set "+name)
	if f.setErr != nil {
		return "", f.setErr
	}
	v, err := keys.CleanSecret(value)
	if err == nil {
		f.secrets[name] = v
	}
	return v, err
}

func (f *fakeStore) Delete(_ context.Context, name string) error {
	f.calls = append(f.calls, "delete "+name)
	delete(f.secrets, name)
	return nil
}

func (f *fakeStore) RecordValidation(name string, v keys.Validation) error {
	f.recorded[name] = v
	return nil
}

func (f *fakeStore) EnvVarInUse(name string) (string, bool) {
	v, ok := f.env[name]
	return v, ok
}

// UseForSession keeps the key in memory and lists it as session only.
func (f *fakeStore) UseForSession(name, value string) (string, error) {
	f.calls = append(f.calls, "session "+name)
	v, err := keys.CleanSecret(value)
	if err != nil {
		return "", err
	}
	f.secrets[name] = v
	for i := range f.list {
		if f.list[i].Name == name {
			f.list[i].Source, f.list[i].Masked, f.list[i].Err = keys.SourceSession, keys.Mask(v), nil
		}
	}
	return v, nil
}

func ptr(v float64) *float64 { return &v }

// sampleKeys covers every state a row can be in.
func sampleKeys() []keys.KeyInfo {
	return []keys.KeyInfo{
		{Name: "openrouter", Source: keys.SourceKeyring, Masked: "sk-or-v1-…9f3a", Stored: true, StoredAt: &day,
			Validation: &keys.Validation{Status: "valid", LatencyMS: 212, At: day, CreditUsage: ptr(1.25), CreditLimit: ptr(10)}},
		{Name: "openai", Source: keys.SourceEnv, EnvVar: "OPENAI_API_KEY", Masked: "sk-proj-…1234"},
		{Name: "anthropic", Source: keys.SourceMissing},
		{Name: "gemini", Source: keys.SourceKeyring, Masked: "AIza…abcd", Stored: true, StoredAt: &day,
			Validation: &keys.Validation{Status: "invalid", LatencyMS: 98, At: day, Message: "key rejected (HTTP 400): API key not valid. Please pass a valid API key."}},
		{Name: "groq", Source: keys.SourceKeyring, Stored: true, StoredAt: &day,
			Err: &keys.TimeoutError{Op: "get", Name: "groq", After: 5 * time.Second}},
		{Name: "my-vllm", Source: keys.SourceKeyring, Masked: "…wxyz", Stored: true, StoredAt: &day,
			Validation: &keys.Validation{Status: "unreachable", LatencyMS: 3, At: day, Message: "could not reach the provider: connection refused"}},
	}
}

func sampleRoutes() []backend.Route {
	return []backend.Route{
		{Name: "or-gpt5", Kind: backend.KindOpenRouter, KeyName: "openrouter"},
		{Name: "or-sonnet", Kind: backend.KindOpenRouter, KeyName: "openrouter"},
		{Name: "gpt-4.1", Kind: backend.KindOpenAI, KeyName: "openai"},
		{Name: "sonnet", Kind: backend.KindAnthropic, KeyName: "anthropic"},
		{Name: "flash", Kind: backend.KindGemini, KeyName: "gemini"},
		{Name: "llama", Kind: "groq", KeyName: "groq"},
		{Name: "local", Kind: backend.KindOpenAICompatible, BaseURL: "http://127.0.0.1:8000/v1", KeyName: "my-vllm"},
		{Name: "demo", Kind: backend.KindDemo, Simulated: true},
	}
}

type harness struct {
	store     *fakeStore
	validated []string
	m         Model
}

func newHarness(w, h int) *harness {
	hs := &harness{store: &fakeStore{list: sampleKeys(), secrets: map[string]string{"openrouter": "sk-or-v1-stored"},
		env: map[string]string{}, recorded: map[string]keys.Validation{}}}
	deps := Deps{Store: hs.store, Now: func() time.Time { return day },
		Validate: func(_ context.Context, kind backend.Kind, base, key string) catalog.Validation {
			hs.validated = append(hs.validated, fmt.Sprintf("%s %s %s", kind, base, key))
			return catalog.Validation{Status: catalog.KeyValid, Latency: 150 * time.Millisecond, Message: "key accepted",
				CreditUsage: ptr(2), CreditLimit: ptr(10)}
		}}
	hs.m = New(themes.New(themes.Default(true)), deps, sampleRoutes())
	hs.m.SetSize(w, h)
	return hs
}

// run executes a command the way the runtime would and feeds the screen's
// own messages back through Update. Cursor blinks and spinner ticks are
// dropped: they only animate, and would loop forever here.
func (h *harness) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		for _, c := range msg {
			h.run(c)
		}
	case LoadedMsg, SavedMsg, SessionMsg, DeletedMsg, ValidatedMsg, CloseMsg:
		var next tea.Cmd
		h.m, next = h.m.Update(msg)
		h.run(next)
	}
}

func (h *harness) press(keysPressed ...string) {
	for _, k := range keysPressed {
		var msg tea.KeyPressMsg
		switch k {
		case "enter":
			msg = tea.KeyPressMsg{Code: tea.KeyEnter}
		case "esc":
			msg = tea.KeyPressMsg{Code: tea.KeyEscape}
		case "down":
			msg = tea.KeyPressMsg{Code: tea.KeyDown}
		default:
			r := []rune(k)[0]
			msg = tea.KeyPressMsg{Code: r, Text: k}
		}
		var cmd tea.Cmd
		h.m, cmd = h.m.Update(msg)
		h.run(cmd)
	}
}

func (h *harness) typeText(s string) {
	for _, r := range s {
		h.m, _ = h.m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func frame(m Model) string { return ansi.Strip(m.View()) }

func TestFrames(t *testing.T) {
	sizes := []struct{ w, h int }{{80, 24}, {120, 40}}
	scenes := []struct {
		name string
		act  func(h *harness)
	}{
		{"Loading", func(h *harness) {}},
		{"Loaded", func(h *harness) { h.run(h.m.Init()) }},
		{"InvalidKeySelected", func(h *harness) { h.run(h.m.Init()); h.press("down", "down", "down") }},
		{"KeyringTimeoutSelected", func(h *harness) { h.run(h.m.Init()); h.press("j", "j", "j", "j") }},
		{"EnteringKey", func(h *harness) {
			h.run(h.m.Init())
			h.press("down", "down", "enter")
			h.typeText("sk-ant-api03-secretvalue")
		}},
		{"ConfirmDelete", func(h *harness) { h.run(h.m.Init()); h.press("d") }},
		{"Validating", func(h *harness) {
			h.run(h.m.Init())
			h.m, _ = h.m.Update(tea.KeyPressMsg{Code: 'v', Text: "v"}) // the check's answer is not delivered
		}},
		{"Validated", func(h *harness) { h.run(h.m.Init()); h.press("v") }},
		{"NoKeyringOffersSession", func(h *harness) { pasteWithoutKeyring(h) }},
		{"SessionKeyKept", func(h *harness) { pasteWithoutKeyring(h); h.press("y") }},
	}
	for _, sz := range sizes {
		for _, sc := range scenes {
			t.Run(fmt.Sprintf("%dx%d/%s", sz.w, sz.h, sc.name), func(t *testing.T) {
				h := newHarness(sz.w, sz.h)
				sc.act(h)
				out := frame(h.m)
				if got := strings.Count(out, "\n") + 1; got != sz.h {
					t.Errorf("frame has %d lines, want %d", got, sz.h)
				}
				for i, line := range strings.Split(out, "\n") {
					if w := ansi.StringWidth(line); w != sz.w {
						t.Errorf("line %d is %d wide, want %d: %q", i, w, sz.w, line)
					}
				}
				golden.RequireEqual(t, out)
			})
		}
	}
}

func TestSecretNeverRendered(t *testing.T) {
	h := newHarness(80, 24)
	h.run(h.m.Init())
	h.press("down", "down", "enter")
	secret := "sk-ant-api03-SECRETVALUE0123456789"
	h.typeText(secret)
	if out := h.m.View(); strings.Contains(out, "SECRETVALUE") {
		t.Fatalf("the typed key is on screen:\n%s", out)
	}
	h.press("enter")
	if h.store.secrets["anthropic"] != secret {
		t.Fatalf("stored %q", h.store.secrets["anthropic"])
	}
	if h.m.input.Value() != "" {
		t.Fatal("the secret stayed in the input after saving")
	}
	if out := h.m.View(); strings.Contains(out, "SECRETVALUE") || !strings.Contains(ansi.Strip(out), "anthropic: valid (150ms)") {
		t.Fatalf("after save:\n%s", ansi.Strip(out))
	}
	saved, _ := h.m.Update(SavedMsg{Name: "anthropic", Masked: keys.Mask(secret)})
	if out := frame(saved); !strings.Contains(out, "stored anthropic (sk-ant-api03-…6789) in the OS keyring") {
		t.Fatalf("save status:\n%s", out)
	}
	// Saving validates the new key with its provider.
	if len(h.validated) != 1 || h.validated[0] != "anthropic  "+secret {
		t.Fatalf("validated %q", h.validated)
	}
	if v := h.store.recorded["anthropic"]; v.Status != "valid" || v.LatencyMS != 150 {
		t.Fatalf("recorded %+v", v)
	}
}

func TestFlows(t *testing.T) {
	t.Run("EscCancelsEntry", func(t *testing.T) {
		h := newHarness(80, 24)
		h.run(h.m.Init())
		h.press("enter")
		h.typeText("half-typed")
		h.press("esc")
		if h.m.mode != modeBrowsing || h.m.input.Value() != "" || strings.Contains(strings.Join(h.store.calls, ","), "set") {
			t.Fatalf("mode %d value %q calls %v", h.m.mode, h.m.input.Value(), h.store.calls)
		}
	})
	t.Run("EmptyKeyIsNotSaved", func(t *testing.T) {
		h := newHarness(80, 24)
		h.run(h.m.Init())
		h.press("enter", "enter")
		if !strings.Contains(frame(h.m), "not saved: invalid key value: the key is empty") {
			t.Fatalf("frame:\n%s", frame(h.m))
		}
	})
	t.Run("DeleteConfirmed", func(t *testing.T) {
		h := newHarness(80, 24)
		h.run(h.m.Init())
		h.press("d", "y")
		if got := strings.Join(h.store.calls, ","); got != "list,delete openrouter,list" {
			t.Fatalf("calls %s", got)
		}
	})
	t.Run("DeleteDeclined", func(t *testing.T) {
		h := newHarness(80, 24)
		h.run(h.m.Init())
		h.press("d", "n")
		if strings.Contains(strings.Join(h.store.calls, ","), "delete") || !strings.Contains(frame(h.m), "kept openrouter") {
			t.Fatalf("calls %v", h.store.calls)
		}
	})
	t.Run("EnvOnlyKeyCannotBeDeletedHere", func(t *testing.T) {
		h := newHarness(80, 24)
		h.run(h.m.Init())
		h.press("down", "d")
		if h.m.mode != modeBrowsing || !strings.Contains(frame(h.m), "openai comes from OPENAI_API_KEY; unset it in your shell") {
			t.Fatalf("frame:\n%s", frame(h.m))
		}
	})
	t.Run("ValidateMissingKeySaysHowToAdd", func(t *testing.T) {
		h := newHarness(80, 24)
		h.run(h.m.Init())
		h.press("down", "down", "v")
		if len(h.validated) != 0 || !strings.Contains(frame(h.m), "no anthropic key to validate: press enter to add one") {
			t.Fatalf("validated %v frame:\n%s", h.validated, frame(h.m))
		}
	})
	t.Run("CustomKeyValidatesAgainstItsRoute", func(t *testing.T) {
		h := newHarness(80, 24)
		h.store.secrets["my-vllm"] = "local-secret-123456"
		h.run(h.m.Init())
		h.press("j", "j", "j", "j", "j", "v")
		if len(h.validated) != 1 || h.validated[0] != "openai-compatible http://127.0.0.1:8000/v1 local-secret-123456" {
			t.Fatalf("validated %v", h.validated)
		}
	})
	t.Run("SaveFailureShowsTheFix", func(t *testing.T) {
		h := newHarness(80, 24)
		h.store.setErr = &keys.KeyringError{Kind: keys.ErrLocked, Op: "set", Name: "openrouter", Cause: errors.New("failed to unlock")}
		h.run(h.m.Init())
		h.press("enter")
		h.typeText("sk-or-v1-abcdefghijklmnop")
		h.press("enter")
		if !strings.Contains(frame(h.m), "not saved: OS keyring is locked") {
			t.Fatalf("frame:\n%s", frame(h.m))
		}
	})
	t.Run("CheckAnsweringBeforeReloadIsKept", func(t *testing.T) {
		h := newHarness(80, 24)
		h.run(h.m.Init())
		h.m.deps.Now = func() time.Time { return day.Add(time.Hour) }
		h.m, _ = h.m.Update(ValidatedMsg{Name: "openrouter", Result: catalog.Validation{Status: catalog.KeyInvalid, Latency: time.Millisecond}})
		h.m, _ = h.m.Update(LoadedMsg{Gen: h.m.gen, Keys: sampleKeys()}) // the index still has the older verdict
		if v := h.m.rows[0].info.Validation; v == nil || v.Status != "invalid" {
			t.Fatalf("validation %+v", v)
		}
	})
	t.Run("StaleLoadIsDropped", func(t *testing.T) {
		h := newHarness(80, 24)
		h.m, _ = h.m.Update(LoadedMsg{Gen: 0, Keys: []keys.KeyInfo{{Name: "openrouter", Source: keys.SourceEnv, EnvVar: "X"}}})
		if h.m.rows[0].info.Source != "" {
			t.Fatal("a load from an older generation was applied")
		}
	})
	t.Run("EscCloses", func(t *testing.T) {
		h := newHarness(80, 24)
		_, cmd := h.m.Update(tea.KeyPressMsg{Code: tea.KeyEscape})
		if cmd == nil {
			t.Fatal("no command")
		}
		if _, ok := cmd().(CloseMsg); !ok {
			t.Fatal("esc did not ask to close")
		}
	})
}

func TestTooSmall(t *testing.T) {
	h := newHarness(15, 4)
	if out := frame(h.m); !strings.HasPrefix(out, "window too") || strings.Contains(out, "\n") {
		t.Fatalf("got %q", out)
	}
}

// pasteWithoutKeyring saves an anthropic key on a machine whose keyring
// has no Secret Service.
func pasteWithoutKeyring(h *harness) {
	h.store.setErr = &keys.KeyringError{Kind: keys.ErrUnavailable, Op: "set", Name: "anthropic",
		Cause: errors.New("The name org.freedesktop.secrets was not provided by any .service files")}
	h.run(h.m.Init())
	h.press("down", "down", "enter")
	h.typeText("sk-ant-api03-secretvalue")
	h.press("enter")
}

// Bug: with no OS keyring the error was cut before its advice and the
// pasted key was thrown away.
func TestNoKeyringOffersTheKeyForThisSession(t *testing.T) {
	t.Run("Use", func(t *testing.T) {
		h := newHarness(80, 24)
		pasteWithoutKeyring(h)
		out := strings.Join(strings.Fields(frame(h.m)), " ")
		for _, want := range []string{"gnome-keyring or KeePassXC", "ANTHROPIC_API_KEY instead",
			"Use the key for this session only (in memory, never written)? y/n"} {
			if !strings.Contains(out, want) {
				t.Errorf("frame lacks %q:\n%s", want, frame(h.m))
			}
		}
		h.press("y")
		if got := strings.Join(h.store.calls, ","); !strings.HasSuffix(got, "set anthropic,session anthropic,list") {
			t.Fatalf("calls %s", got)
		}
		if h.store.secrets["anthropic"] != "sk-ant-api03-secretvalue" || h.m.pending != "" {
			t.Fatalf("session key not kept, or still held by the screen")
		}
		if out := frame(h.m); !strings.Contains(out, "session only") || !strings.Contains(out, "for this session only") {
			t.Fatalf("frame:\n%s", out)
		}
	})
	t.Run("Discard", func(t *testing.T) {
		h := newHarness(80, 24)
		pasteWithoutKeyring(h)
		h.press("n")
		if strings.Contains(strings.Join(h.store.calls, ","), "session") || h.m.pending != "" || h.m.mode != modeBrowsing {
			t.Fatalf("calls %v mode %d", h.store.calls, h.m.mode)
		}
		if !strings.Contains(frame(h.m), "key discarded; nothing was stored") {
			t.Fatalf("frame:\n%s", frame(h.m))
		}
	})
	t.Run("OtherErrorsOfferNothing", func(t *testing.T) {
		h := newHarness(80, 24)
		h.store.setErr = keys.ErrInvalidValue
		h.run(h.m.Init())
		h.press("enter")
		h.typeText("sk-or-v1-new")
		h.press("enter")
		if h.m.mode != modeBrowsing || h.m.pending != "" {
			t.Fatalf("mode %d, pending kept", h.m.mode)
		}
	})
}
