//go:build race

package ui

// raceEnabled: the race detector multiplies memory and time, so absolute
// memory checks are skipped under it.
const raceEnabled = true
