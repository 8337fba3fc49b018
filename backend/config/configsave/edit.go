package configsave

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/config"
)

// editRoutes writes routes into the old file's text, changing only what
// changed, and counts the routes tables the result holds.
func editRoutes(path string, old []byte, routes []backend.Route) ([]byte, int, error) {
	var was []backend.Route
	if len(old) > 0 {
		cfg, err := config.ParseConfig(path, old)
		if err != nil {
			return nil, 0, fmt.Errorf("not saving over a config that does not load: %w", err)
		}
		for _, rc := range cfg.Routes {
			rt, err := rc.Route()
			if err != nil {
				return nil, 0, errCannotEdit
			}
			was = append(was, rt)
		}
	}
	text := string(old)
	if text != "" && !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	lines := strings.SplitAfter(text, "\n")
	lines = lines[:len(lines)-1]
	blocks := routeBlocks(lines)
	if len(blocks) != len(was) {
		return nil, 0, errCannotEdit
	}
	texts, hidden, err := blockTexts(lines, blocks, was, routes)
	if err != nil {
		return nil, 0, err
	}
	var b strings.Builder
	at := 0
	for i, bl := range blocks {
		b.WriteString(strings.Join(lines[at:bl.lead], ""))
		b.WriteString(texts[i])
		at = bl.end
	}
	var added []string
	for _, rt := range routes {
		if !slices.ContainsFunc(was, func(w backend.Route) bool { return w.Name == rt.Name }) {
			f, err := flatten(saveRoute(rt))
			if err != nil {
				return nil, 0, err
			}
			added = append(added, encodeBlock(f))
		}
	}
	rest := strings.Join(lines[at:], "")
	if len(blocks) == 0 {
		b.WriteString(rest)
		rest = ""
	}
	out := b.String()
	if len(added) > 0 {
		if out != "" && !strings.HasSuffix(out, "\n\n") {
			out += "\n"
		}
		out += strings.Join(added, "\n")
		if rest != "" && !strings.HasPrefix(rest, "\n") {
			out += "\n"
		}
	}
	return []byte(out + rest), len(routes) + hidden, nil
}

// blockTexts is the new text of each of the file's routes tables: edited
// for a route still saved (in the new order, across the same places),
// as written for a hidden one kept, empty for a route removed.
func blockTexts(lines []string, blocks []fileBlock, was, routes []backend.Route) ([]string, int, error) {
	texts := make([]string, len(blocks))
	var slots []int
	hidden := 0
	for i, w := range was {
		switch {
		case slices.ContainsFunc(routes, func(r backend.Route) bool { return r.Name == w.Name }):
			slots = append(slots, i)
		case w.Hidden:
			texts[i] = strings.Join(lines[blocks[i].lead:blocks[i].end], "")
			hidden++
		}
	}
	k := 0
	for _, rt := range routes {
		i := slices.IndexFunc(was, func(w backend.Route) bool { return w.Name == rt.Name })
		if i < 0 {
			continue
		}
		before, err := flatten(saveRoute(was[i]))
		if err != nil {
			return nil, 0, err
		}
		after, err := flatten(saveRoute(rt))
		if err != nil {
			return nil, 0, err
		}
		bl := blocks[i]
		edited, err := editBlock(lines[bl.header:bl.end], before, after)
		if err != nil {
			return nil, 0, err
		}
		texts[slots[k]] = strings.Join(lines[bl.lead:bl.header], "") + strings.Join(edited, "")
		k++
	}
	return texts, hidden, nil
}

// savedAsMeant reads the edited text back and checks that every route
// loads as routes says, in its order: the line editor's safety net.
func savedAsMeant(path string, out []byte, routes []backend.Route) bool {
	cfg, err := config.ParseConfig(path, out)
	if err != nil {
		return false
	}
	var names []string
	for _, rc := range cfg.Routes {
		rt, err := rc.Route()
		if err != nil {
			return false
		}
		i := slices.IndexFunc(routes, func(r backend.Route) bool { return r.Name == rt.Name })
		if i < 0 {
			continue
		}
		got, err1 := flatten(saveRoute(rt))
		want, err2 := flatten(saveRoute(routes[i]))
		if err1 != nil || err2 != nil || !reflect.DeepEqual(got, want) {
			return false
		}
		names = append(names, rt.Name)
	}
	return len(names) == len(routes) && slices.EqualFunc(names, routes, func(n string, r backend.Route) bool { return n == r.Name })
}
