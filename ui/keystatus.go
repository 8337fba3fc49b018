package ui

import (
	"strings"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/keys"
	"github.com/routeplay/routeplay/ui/keymanager"
)

// Key status: a route whose key is neither stored nor in the environment is
// said up front, in its pane and once in the status line, and is skipped by
// sends until a key turns up (the key manager's listing tells), instead of
// failing every turn and filling the history with failures.

// keysKnown reports the key names present, and whether anything is known.
func (m *Model) keysKnown() (map[string]bool, bool) {
	if m.keyHave != nil {
		return m.keyHave, true
	}
	return m.opts.KeysPresent, m.opts.KeysPresent != nil
}

// lacksKey reports whether rt needs a key that is known to be missing.
// Simulated routes and routes without a key name need none.
func (m *Model) lacksKey(rt backend.Route) bool {
	have, known := m.keysKnown()
	if !known || rt.Simulated || rt.Kind == backend.KindDemo || rt.KeyName == "" {
		return false
	}
	return !have[rt.KeyName]
}

// noteKeyListing takes a fresh listing from the key manager: a key set or
// deleted there changes which panes are skipped.
func (m *Model) noteKeyListing(msg keymanager.LoadedMsg) {
	if msg.Err != nil {
		return
	}
	have := map[string]bool{}
	for _, k := range msg.Keys {
		if k.Source == keys.SourceEnv || k.Source == keys.SourceSession || k.Stored {
			have[k.Name] = true
		}
	}
	m.keyHave = have
	for i := range m.panes {
		m.panes[i].SetNoKey(m.lacksKey(m.panes[i].Route()))
	}
}

// keyless names the panes without their key, in pane order.
func (m *Model) keyless() []string {
	var names []string
	for i := range m.panes {
		if m.panes[i].NoKey() {
			names = append(names, m.panes[i].Name())
		}
	}
	return names
}

// keyStatusNote is the status line's word on missing keys, or "".
func (m *Model) keyStatusNote() string {
	names := m.keyless()
	if len(names) == 0 {
		return ""
	}
	if len(names) == len(m.panes) {
		return "No route has its key: add one with ctrl+k, or try `routeplay --demo`."
	}
	return "No key for " + strings.Join(names, ", ") + ": ctrl+k adds one; skipped until then."
}

// sendTargets are the panes a prompt goes to: on, with their key (or not
// known to lack it). keyless counts the panes on but skipped for their key.
func (m *Model) sendTargets() (targets []int, keyless int) {
	for i := range m.panes {
		switch p := &m.panes[i]; {
		case !p.Enabled():
		case p.NoKey():
			keyless++
		default:
			targets = append(targets, i)
		}
	}
	return targets, keyless
}
