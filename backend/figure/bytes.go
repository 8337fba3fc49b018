package figure

import "strconv"

// Bytes writes a size in binary units, exact when it is a whole number of
// them and to one decimal otherwise: 512 B, 64 KiB, 32 MiB, 1.5 GiB.
func Bytes(n int64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB"}
	v, i := float64(n), 0
	for (v >= 1024 || v <= -1024) && i < len(units)-1 {
		v /= 1024
		i++
	}
	if v == float64(int64(v)) {
		return strconv.FormatInt(int64(v), 10) + " " + units[i]
	}
	return strconv.FormatFloat(round(v, 1), 'f', 1, 64) + " " + units[i]
}
