package cells

// EscapeLen is the length of the escape sequence s starts with (s[0] is
// ESC): a CSI up to its final byte; an OSC, DCS, APC, PM or SOS string up
// to BEL or ST; else ESC and the one printable byte after it. A lone ESC,
// or one before a byte that cannot end a sequence, is 1 long; a sequence
// cut short runs to the end of s.
func EscapeLen(s string) int {
	if len(s) < 2 {
		return len(s)
	}
	switch s[1] {
	case '[':
		for j := 2; j < len(s); j++ {
			if s[j] >= 0x40 && s[j] <= 0x7e {
				return j + 1
			}
		}
		return len(s)
	case ']', 'P', '_', '^', 'X':
		for j := 2; j < len(s); j++ {
			if s[j] == 0x07 {
				return j + 1
			}
			if s[j] == 0x1b && j+1 < len(s) && s[j+1] == '\\' {
				return j + 2
			}
		}
		return len(s)
	}
	if s[1] < 0x20 || s[1] > 0x7e {
		return 1
	}
	return 2
}
