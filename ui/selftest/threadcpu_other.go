//go:build !linux

package selftest

import "time"

var cpuClockStart = time.Now()

// threadCPU falls back to the wall time where the thread's CPU clock is not
// read: around a short stretch of work it is at least that work's CPU.
func threadCPU() time.Duration { return time.Since(cpuClockStart) }
