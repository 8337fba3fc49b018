// Package export writes a run or a bench as a Markdown or JSON report.
package export

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/bench"
	"github.com/routeplay/routeplay/backend/catalog"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/engine"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/backend/preset"
	"github.com/routeplay/routeplay/backend/safetext"
	"github.com/routeplay/routeplay/backend/verdict"
)

// Export is what a report is made from: one ask turn (Results) or a bench.
type Export struct {
	Prompt   string
	Results  []*backend.Result
	Bench    *bench.Result
	Workload string // how a bench was run, stated in its report
	Fees     config.Fees
	// Splits are gateway routes' first-token splits, by route name.
	Splits map[string]engine.FirstTokenSplit
	// Volume is requests a month for a bench's monthly cost projection; 0: none.
	Volume int
	// Published are OpenRouter's published figures of the endpoint that
	// served each route, by route name; Providers is OpenRouter's
	// /providers list, for policy links. Either may be empty.
	Published map[string]catalog.Endpoint
	Providers []catalog.ProviderInfo
}

// timelineWidth keeps the report's timeline readable in an 80-column viewer.
const timelineWidth = 56

// WriteMarkdown writes a report safe to share: every string is stripped of
// terminal control sequences, answers sit in fenced blocks so their Markdown
// or HTML cannot reshape the report, and redact (which should remove every
// known key) runs over the whole document before it is written.
func WriteMarkdown(w io.Writer, x Export, redact func(string) string) error {
	var b strings.Builder
	if x.Bench != nil {
		writeBenchMarkdown(&b, x)
	} else {
		writeAskMarkdown(&b, x)
	}
	doc := safetext.Sanitize(b.String())
	if redact != nil {
		doc = redact(doc)
	}
	if _, err := io.WriteString(w, doc); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	return nil
}

// WriteJSON writes the report as `ask --json` or `bench --json` prints it,
// with every string sanitised and redacted.
func WriteJSON(w io.Writer, x Export, redact func(string) string) error {
	var doc any
	if x.Bench != nil {
		doc = struct {
			bench.Report
			DataPolicy []RoutePolicy `json:"data_policy"`
		}{x.Bench.Report(x.Prompt).WithMonthly(x.Bench.Months(x.Volume, x.Fees)),
			dataPolicies(x.Bench.RouteList(), nil, x.Providers)}
	} else {
		routes := make([]backend.RouteReport, 0, len(x.Results))
		for _, r := range x.Results {
			routes = append(routes, r.Report())
		}
		doc = struct {
			Prompt     string                `json:"prompt"`
			Routes     []backend.RouteReport `json:"routes"`
			DataPolicy []RoutePolicy         `json:"data_policy"`
			Published  []PublishedEndpoint   `json:"published_endpoints"`
		}{x.Prompt, routes, dataPolicies(routesOf(x.Results), servedByRoute(x.Results), x.Providers),
			nonNilPublished(publishedOf(x.Results, x.Published))}
	}
	clean, err := cleanJSON(doc, redact)
	if err != nil {
		return err
	}
	if _, err := w.Write(clean); err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	return nil
}

// cleanJSON re-encodes doc with every string sanitised and redacted, so a
// JSON escape such as \u001b cannot smuggle a control sequence through.
func cleanJSON(doc any, redact func(string) string) ([]byte, error) {
	raw, err := json.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("encoding the report: %w", err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return nil, fmt.Errorf("encoding the report: %w", err)
	}
	tree = cleanTree(tree, redact)
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetIndent("", "  ")
	if err := enc.Encode(tree); err != nil {
		return nil, fmt.Errorf("encoding the report: %w", err)
	}
	return out.Bytes(), nil
}

func cleanTree(v any, redact func(string) string) any {
	switch t := v.(type) {
	case string:
		s := safetext.Sanitize(t)
		if redact != nil {
			s = redact(s)
		}
		return s
	case []any:
		for i := range t {
			t[i] = cleanTree(t[i], redact)
		}
	case map[string]any:
		for k, e := range t {
			t[k] = cleanTree(e, redact)
		}
	}
	return v
}

func writeAskMarkdown(b *strings.Builder, x Export) {
	b.WriteString("# routeplay report\n\n")
	writePrompt(b, x.Prompt)
	b.WriteString("## Answers\n\n")
	for _, r := range x.Results {
		writeAnswer(b, r)
	}
	b.WriteString("## Metrics\n\n")
	writeMetricsTable(b, x.Results, x.Fees)
	writeCacheLines(b, x.Results)
	b.WriteString("\n## Timeline\n\n")
	WriteFenced(b, strings.Join(TimelineText(x.Results, x.Splits, timelineWidth), "\n"))
	var deltas []catalog.Delta
	var gateways []backend.Route
	for _, p := range catalog.PairRoutes(routesOf(x.Results)) {
		deltas = append(deltas, catalog.PairDelta(p, x.Results[p.Gateway], x.Results[p.Direct], x.Fees))
		gateways = append(gateways, x.Results[p.Gateway].Route)
	}
	writeDeltas(b, preset.PairsTitle(gateways), deltas, "one run each")
	if len(deltas) > 0 {
		fmt.Fprintf(b, "\nOne run of each decides nothing: for a verdict with a 95%% interval, run `routeplay bench --runs %d`.\n", verdict.MinRuns)
	}
	writePublished(b, x.Results, x.Published)
	writeDataPolicy(b, dataPolicies(routesOf(x.Results), servedByRoute(x.Results), x.Providers))
	fmt.Fprintf(b, "\nFair cost uses %s.\n", x.Fees.Describe())
}

func nonNilPublished(p []PublishedEndpoint) []PublishedEndpoint {
	if p == nil {
		return []PublishedEndpoint{}
	}
	return p
}

func routesOf(results []*backend.Result) []backend.Route {
	out := make([]backend.Route, len(results))
	for i, r := range results {
		out[i] = r.Route
	}
	return out
}

func writePrompt(b *strings.Builder, prompt string) {
	fmt.Fprintf(b, "Prompt (~%d tokens, estimated):\n\n", backend.EstimateTokens(prompt))
	WriteFenced(b, prompt)
}

func writeAnswer(b *strings.Builder, r *backend.Result) {
	head := fmt.Sprintf("%s · %s · %s", r.Route.Name, r.Route.Kind, r.Route.Model)
	if r.Route.Simulated {
		head += " · simulated"
	}
	b.WriteString("### " + MarkdownCell(head) + "\n\n")
	if s := config.DescribeSettings(r.Route); s != "" {
		b.WriteString("Settings: " + MarkdownCell(s) + "\n\n")
	}
	if by := servedLine(r); by != "" {
		b.WriteString(by + "\n\n")
	}
	if s := strings.TrimSpace(r.Reasoning.String()); s != "" {
		b.WriteString("Reasoning:\n\n")
		WriteFenced(b, s)
	}
	if s := strings.TrimRight(r.Text.String(), "\n"); s != "" {
		WriteFenced(b, s)
	}
	writeToolCalls(b, r)
	if r.Err != nil {
		fmt.Fprintf(b, "Error: %s\n\n", MarkdownCell(r.Err.Error()))
	}
}

func servedLine(r *backend.Result) string {
	var parts []string
	if r.ServedBy != "" {
		parts = append(parts, "served by "+MarkdownCell(r.ServedBy))
	}
	if r.ServedModel != "" && r.ServedModel != r.Route.Model {
		parts = append(parts, "model "+MarkdownCell(r.ServedModel))
	}
	for _, a := range r.Attempts {
		if a.Err != nil && a.Route != r.Route.Name {
			parts = append(parts, fmt.Sprintf("fallback after %s failed (%s)", MarkdownCell(a.Route), a.Err.Kind))
		}
	}
	return strings.Join(parts, " · ")
}

func writeMetricsTable(b *strings.Builder, results []*backend.Result, fees config.Fees) {
	b.WriteString("| route | first token | total | tok/s | in | out | cost | with fees | status |\n")
	b.WriteString("|---|---:|---:|---:|---:|---:|---:|---:|---|\n")
	for _, r := range results {
		t := r.Tokens()
		est := t.Source == backend.UsageEstimated
		tps, cost, eff := figure.None, "n/a", "n/a"
		if v, ok := r.TokensPerSecond(); ok {
			tps = figure.PerSecond(v, est)
		}
		if usd, src, ok := backend.RouteCost(r); ok {
			cost = fmt.Sprintf("%s (%s)", figure.Cost(usd, src == backend.CostEstimated), src)
			eff = figure.USD(fees.Apply(r.Route, usd).EffectiveUSD)
		}
		status := "ok"
		if r.Err != nil {
			status = string(r.Err.Kind)
		}
		fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", MarkdownCell(r.Route.Name),
			figure.DurationPtr(r.Timing.FirstToken), figure.DurationPtr(r.Timing.Total), tps,
			figure.Estimate(figure.Tokens(t.Input), est), figure.Estimate(figure.Tokens(t.Output), est), cost, eff, status)
	}
}

// writeDeltas says what each gateway route adds or saves against its
// direct pair, with the figures behind it.
func writeDeltas(b *strings.Builder, title string, deltas []catalog.Delta, basis string) {
	if len(deltas) == 0 {
		return
	}
	fmt.Fprintf(b, "\n## %s (%s)\n\n", title, basis)
	for _, d := range deltas {
		fmt.Fprintf(b, "- %s vs %s: first token %s, total %s, cost with fees %s\n", MarkdownCell(d.Gateway.Route), MarkdownCell(d.Direct.Route),
			Versus(d.FirstTokenMs, d.Gateway.FirstTokenMs, d.Direct.FirstTokenMs, figure.Ms, figure.SignedMs),
			Versus(d.TotalMs, d.Gateway.TotalMs, d.Direct.TotalMs, figure.Ms, figure.SignedMs),
			Versus(d.CostUSD, d.Gateway.EffectiveUSD, d.Direct.EffectiveUSD, figure.USD, figure.SignedUSD))
	}
}

// Versus writes a gateway-minus-direct difference with the two figures it
// is taken between: +65ms (339ms vs 274ms); n/a when a side had none.
func Versus(d, a, b *float64, format, signed func(float64) string) string {
	if d == nil || a == nil || b == nil {
		return "n/a"
	}
	return fmt.Sprintf("%s (%s vs %s)", signed(*d), format(*a), format(*b))
}

// MarkdownCell makes untrusted text (a route or provider name, an error)
// inert inside a Markdown line or table cell: one line, no control
// sequences, no HTML or entities, and no Markdown that would render as a
// link, an image, an autolink (http://…, www.…, user@host) or code, so a
// shared report cannot point its reader anywhere. Only what could start such
// a construct is escaped, so the source stays readable.
func MarkdownCell(s string) string {
	s = safetext.Sanitize(s)
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\r', '\n', '\t':
			b.WriteByte(' ')
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '&':
			b.WriteString("&amp;")
		case '\\', '`', '[', ']', '|', '@':
			b.WriteByte('\\')
			b.WriteByte(c)
		case ':':
			if i+1 < len(s) && s[i+1] != ' ' {
				b.WriteByte('\\') // "scheme:" starts an autolink; "word: text" cannot
			}
			b.WriteByte(c)
		case '.':
			if i >= 3 && strings.EqualFold(s[i-3:i], "www") {
				b.WriteByte('\\') // "www." starts an autolink
			}
			b.WriteByte(c)
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}

// WriteFenced writes sanitised text in a code fence longer than any backtick
// run inside it, so the text cannot close the fence early.
func WriteFenced(b *strings.Builder, text string) {
	longest, run := 0, 0
	for _, r := range text {
		if r == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	fence := strings.Repeat("`", max(3, longest+1))
	fmt.Fprintf(b, "%stext\n%s\n%s\n\n", fence, strings.TrimRight(safetext.Sanitize(text), "\n"), fence)
}
