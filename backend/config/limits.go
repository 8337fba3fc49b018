package config

import (
	"fmt"

	"github.com/routeplay/routeplay/backend/figure"
)

// minResponseBytes is the smallest max_response_bytes accepted: below it
// even an error body would be cut.
const minResponseBytes = 64 << 10

// validateMaxResponseBytes accepts 0 (the default) or at least 64 KiB.
func validateMaxResponseBytes(n int64) error {
	if n != 0 && n < minResponseBytes {
		return fmt.Errorf("%d is below the smallest limit, %d bytes (%s); leave it out for the default",
			n, minResponseBytes, figure.Bytes(minResponseBytes))
	}
	return nil
}
