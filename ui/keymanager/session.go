package keymanager

import (
	"errors"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/routeplay/routeplay/keys"
)

// keyringFailed says the OS keyring itself failed (missing, locked, hung),
// as opposed to a bad name or value: the key is fine, only storing it is
// not possible here.
func keyringFailed(err error) bool {
	return errors.Is(err, keys.ErrUnavailable) || errors.Is(err, keys.ErrLocked) || errors.Is(err, keys.ErrTimeout)
}

// sessionOffer answers "use this key for this session only?".
func (m Model) sessionOffer(msg tea.KeyPressMsg) (Model, tea.Cmd) {
	switch {
	case key.Matches(msg, m.keys.SessionUse):
		name, value := m.pendingName, m.pending
		m.pending, m.pendingName, m.mode = "", "", modeBrowsing
		m.setStatus(false, "keeping %s for this session…", name)
		return m, sessionCmd(m.deps, name, value)
	case key.Matches(msg, m.keys.SessionDrop):
		m.pending, m.pendingName, m.mode = "", "", modeBrowsing
		m.setStatus(false, "key discarded; nothing was stored")
	}
	return m, nil
}

func (m Model) sessionKept(msg SessionMsg) (Model, tea.Cmd) {
	if msg.Err != nil {
		m.setStatus(true, "not kept: %v", msg.Err)
		return m, nil
	}
	if envVar, ok := m.deps.Store.EnvVarInUse(msg.Name); ok {
		m.setStatus(false, "kept %s (%s) for this session; %s is set and still takes precedence", msg.Name, msg.Masked, envVar)
	} else {
		m.setStatus(false, "using %s (%s) for this session only: kept in memory, never written; gone when routeplay exits",
			msg.Name, msg.Masked)
	}
	m, reload := m.reload()
	if i := m.rowIndex(msg.Name); i >= 0 {
		m.rows[i].info.Validation = nil
		m.rows[i].checkErr = nil
	}
	return m, reload
}
