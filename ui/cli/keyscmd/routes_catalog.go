package keyscmd

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/catalog"
	"github.com/routeplay/routeplay/keys"
	"github.com/routeplay/routeplay/ui/cli/cmdenv"
)

// defaultCatalogLimit is how many matches the text listing shows.
const defaultCatalogLimit = 40

// CatalogListing is the `routes --catalog --json` document.
type CatalogListing struct {
	Query  string                 `json:"query"`
	Source string                 `json:"source"` // where the OpenRouter entries came from
	Total  int                    `json:"total"`  // matches before the limit
	Models []catalog.CatalogEntry `json:"models"`
	// DidYouMean is the nearest model's route when nothing matched.
	DidYouMean string `json:"did_you_mean,omitempty"`
}

func runCatalog(ctx context.Context, deps *cmdenv.Deps, ks *keys.Store, query string, limit int, asJSON bool) error {
	stdio := deps.IO
	out := cmdenv.RedactingWriter{W: stdio.Out, R: ks.Redactor()}
	cat := cmdenv.LoadCatalog(ctx, deps, ks, cmdenv.RedactingWriter{W: stdio.Err, R: ks.Redactor()})
	matches := cat.Search(query)
	l := CatalogListing{Query: query, Source: cat.Source, Total: len(matches), Models: matches}
	if len(matches) == 0 {
		l.DidYouMean, _ = cat.Suggest(query)
	}
	if limit > 0 && len(matches) > limit {
		l.Models = matches[:limit]
	}
	if asJSON {
		if err := cmdenv.WriteJSON(out, l); err != nil {
			return cmdenv.Failure(err)
		}
		return nil
	}
	writeCatalogText(out, l)
	return nil
}

func writeCatalogText(w io.Writer, l CatalogListing) {
	fmt.Fprintf(w, "Model catalog (OpenRouter models: %s)\n\n", catalogSourceText(l.Source))
	if len(l.Models) == 0 {
		fmt.Fprintf(w, "nothing matches %q", clean(l.Query))
		if l.DidYouMean != "" {
			fmt.Fprintf(w, "; did you mean %s?", clean(l.DidYouMean))
		}
		fmt.Fprintln(w)
		return
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ROUTE (use with --route)\tNAME\t$/M IN\t$/M OUT\tCONTEXT\tREASONING")
	for _, e := range l.Models {
		var price *routePrice
		if e.Price != nil {
			price = &routePrice{Input: e.Price.Input, Output: e.Price.Output}
		}
		var cw *int64
		if e.ContextWindow > 0 {
			cw = &e.ContextWindow
		}
		reason := e.CanReason
		fmt.Fprintf(tw, "%s:%s\t%s\t%s\t%s\t%s\t%s\n", clean(string(e.Provider)), clean(e.Model), clean(e.Name),
			priceText(price, true), priceText(price, false), contextText(cw), reasoningText(&reason))
	}
	tw.Flush()
	if l.Total > len(l.Models) {
		fmt.Fprintf(w, "\n%d more; narrow the search (or use --limit 0 for all)\n", l.Total-len(l.Models))
	}
}

func catalogSourceText(src string) string {
	switch src {
	case "live":
		return "live list, fetched now"
	case "cache":
		return "live list, cached less than a day ago"
	case "stale cache":
		return "live list from an older cache; the refresh failed"
	}
	return "embedded list; store an OpenRouter key for the live one"
}

// catalogQuery joins the words of a search.
func catalogQuery(args []string) string { return strings.Join(args, " ") }

// fillFromLiveCatalog completes OpenRouter routes the embedded catalog does
// not know from OpenRouter's live list, which is fetched (at most daily)
// only when such a route exists and an OpenRouter key is set.
func fillFromLiveCatalog(ctx context.Context, deps *cmdenv.Deps, l *RouteListing, ks *keys.Store, warn io.Writer) {
	var unknown []int
	for i, r := range l.Routes {
		if r.Provider == string(backend.KindOpenRouter) && !r.Simulated && r.Reasoning == nil &&
			(r.Key.Status == keys.SourceEnv || r.Key.Status == keys.SourceKeyring) {
			unknown = append(unknown, i)
		}
	}
	if len(unknown) == 0 {
		return
	}
	cat := cmdenv.LoadCatalog(ctx, deps, ks, warn)
	for _, i := range unknown {
		r := &l.Routes[i]
		e, ok := cat.Lookup(backend.KindOpenRouter, r.Model)
		if !ok || !e.Live {
			continue
		}
		reason := e.CanReason
		r.Reasoning, r.ReasoningLevels = &reason, e.ReasoningLevels
		if e.ContextWindow > 0 {
			cw := e.ContextWindow
			r.ContextWindow = &cw
		}
		if r.Price == nil && e.Price != nil {
			r.Price = &routePrice{Input: e.Price.Input, Output: e.Price.Output, Source: "openrouter"}
		}
	}
}
