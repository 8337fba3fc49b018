package simulated

import (
	"github.com/routeplay/routeplay/backend/demo"
	"strings"
)

// OpenRouter routing preferences the demo gateway honours: the ones that
// change who serves the answer, so a user without keys can see them work.
// Every other body field, and every preference on other paths, is ignored.

// DemoEdgeProvider is the simulated upstream that serves the gateway route
// when a request's provider.ignore lists DemoProvider.
const DemoEdgeProvider = "DemoEdge"

// demoNoProviderMessage is OpenRouter's answer when the provider
// preferences leave no upstream to serve the model.
const demoNoProviderMessage = "No allowed providers are available for the selected model."

// isOpenRouterPath reports whether a request was made to OpenRouter's API,
// the only place routing preferences mean anything.
func isOpenRouterPath(req demo.Request) bool { return strings.Contains(req.Path, "/api/v1/") }

// demoServedModel is the model that serves req: the requested one, or on
// OpenRouter's path, when that is not a demo model, the first demo model in
// the body's "models" fallback list. Otherwise it is the requested model,
// which the caller rejects if it is not a demo model.
func demoServedModel(req demo.Request) string {
	if _, ok := DemoProfileFor(req.Model); ok || !isOpenRouterPath(req) {
		return req.Model
	}
	for _, m := range stringList(req.Body["models"]) {
		if _, ok := DemoProfileFor(m); ok {
			return m
		}
	}
	return req.Model
}

// demoProvider is the simulated upstream that serves req on a profile
// reporting def. It chooses by the body's provider.only, then
// provider.order, skipping provider.ignore; failing both it keeps def, or
// DemoEdgeProvider when def is ignored. ok is false when no upstream is
// left: only names nothing usable, or both defaults are ignored.
// allow_fallbacks is not honoured: the demo always has an upstream.
func demoProvider(req demo.Request, def string) (name string, ok bool) {
	if def == "" || !isOpenRouterPath(req) {
		return def, true // only the gateway reports an upstream
	}
	prefs, _ := req.Body["provider"].(map[string]any)
	ignore := stringList(prefs["ignore"])
	if only := stringList(prefs["only"]); len(only) > 0 {
		return firstNotIgnored(only, ignore)
	}
	if name, ok := firstNotIgnored(stringList(prefs["order"]), ignore); ok {
		return name, true
	}
	return firstNotIgnored([]string{def, DemoEdgeProvider}, ignore)
}

// firstNotIgnored returns the first of names that ignore does not list,
// comparing case-insensitively as OpenRouter's slugs are.
func firstNotIgnored(names, ignore []string) (string, bool) {
	for _, n := range names {
		skip := false
		for _, ig := range ignore {
			skip = skip || strings.EqualFold(n, ig)
		}
		if !skip {
			return n, true
		}
	}
	return "", false
}

// stringList reads a decoded JSON list of strings. Values of the wrong type
// and blank entries are dropped rather than failing the request.
func stringList(v any) []string {
	list, _ := v.([]any)
	var out []string
	for _, e := range list {
		if s, ok := e.(string); ok && strings.TrimSpace(s) != "" {
			out = append(out, strings.TrimSpace(s))
		}
	}
	return out
}
