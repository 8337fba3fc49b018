package keys

// SourceSession is a key given for this run only: kept in memory, never
// written to the keyring, the index or any file. It is the way to use a
// pasted key on a machine without a usable OS keyring.
const SourceSession = "session"

// UseForSession keeps value as name's key until the process ends. An
// environment variable still takes precedence; the keyring comes after.
// It returns the cleaned value.
func (s *Store) UseForSession(name, value string) (string, error) {
	if err := CheckName(name); err != nil {
		return "", err
	}
	v, err := CleanSecret(value)
	if err != nil {
		return "", err
	}
	s.redactor.Add(v)
	s.sessionMu.Lock()
	defer s.sessionMu.Unlock()
	if s.session == nil {
		s.session = map[string]string{}
	}
	s.session[name] = v
	return v, nil
}

func (s *Store) fromSession(name string) (string, bool) {
	s.sessionMu.Lock()
	defer s.sessionMu.Unlock()
	v, ok := s.session[name]
	return v, ok
}
