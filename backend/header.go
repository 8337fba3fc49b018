package backend

import (
	"errors"
	"fmt"
	"net/textproto"
	"strings"
)

// Header is one extra HTTP header a route sends with every request
// (gateways want their own: Portkey's x-portkey-provider, Helicone's
// Helicone-Auth). The value is either written in the config (Value) or
// read from the key store by name (KeyName) so that secrets never sit in
// the config as plain text.
type Header struct {
	Name    string
	Value   string // literal value; empty when KeyName is set
	KeyName string // key store name the value comes from
}

// reservedHeaders carry the request itself; a route may not replace them.
var reservedHeaders = map[string]bool{"Host": true, "Content-Length": true, "Content-Type": true,
	"Accept": true, "Transfer-Encoding": true, "Connection": true, "Accept-Encoding": true}

// CheckHeaderName refuses a name that is not an HTTP token, or that
// would replace a header the request depends on.
func CheckHeaderName(name string) error {
	if name == "" {
		return errors.New("a header name is empty")
	}
	for i := 0; i < len(name); i++ {
		if !isTokenChar(name[i]) {
			return fmt.Errorf("header name holds %q (at byte %d): names are letters, digits and !#$%%&'*+-.^_`|~", rune(name[i]), i)
		}
	}
	if reservedHeaders[textproto.CanonicalMIMEHeaderKey(name)] {
		return fmt.Errorf("header %s is set by routeplay itself", textproto.CanonicalMIMEHeaderKey(name))
	}
	return nil
}

func isTokenChar(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0
}

// CheckHeaderValue refuses a value with CR, LF or any other control
// character: it would split the request or smuggle a header. The error
// never quotes the value, which may be a secret.
func CheckHeaderValue(v string) error {
	for i := 0; i < len(v); i++ {
		if c := v[i]; c < 0x20 || c == 0x7f {
			return fmt.Errorf("the value holds control character %U (at byte %d)", rune(c), i)
		}
	}
	return nil
}
