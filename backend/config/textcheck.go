package config

import (
	"errors"
	"fmt"

	"github.com/routeplay/routeplay/backend/safetext"
)

// errKeyValue is said of a key value written where a name belongs; it
// never quotes the value.
var errKeyValue = errors.New("this looks like a key value, not a name: store the key with \"routeplay keys set NAME\" " +
	"(or its environment variable) and write NAME here; the value was not shown")

// checkRouteText refuses route text that would mislead on screen or leak a
// key: names, models and key names with control, bidi or invisible
// characters, and a key value pasted into key (or name) by mistake.
func checkRouteText(rc *RouteConfig) (field string, err error) {
	for _, f := range []struct{ field, value string }{{"key", rc.Key}, {"name", rc.Name}} {
		if safetext.LooksLikeSecret(f.value) {
			return f.field, errKeyValue
		}
	}
	fields := []struct{ field, value string }{{"name", rc.Name}, {"provider", rc.Provider}, {"model", rc.Model},
		{"key", rc.Key}, {"base_url", rc.BaseURL}}
	for i, fb := range rc.Fallback {
		fields = append(fields, struct{ field, value string }{fmt.Sprintf("fallback[%d]", i), fb})
	}
	for _, f := range fields {
		if err := safetext.CheckIdentifier(f.value); err != nil {
			return f.field, err
		}
	}
	return "", nil
}

// shownName is a route's name as an error may show it: "#3" when the name
// itself is unfit to print.
func shownName(name string, i int) string {
	if name == "" || safetext.LooksLikeSecret(name) || safetext.CheckIdentifier(name) != nil {
		return fmt.Sprintf("#%d", i+1)
	}
	return name
}
