package markdown

import (
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"
)

// cpuTime is the CPU time this process has used, all threads included (GC
// too). Other processes competing for the two cores inflate wall-clock
// figures but not this one.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// bytesPerToken approximates an LLM token of English text or code.
const bytesPerToken = 4

// tokensPerFrame is what one pane receives between two frames at 5,000 tokens/s
// and a 33 ms frame: the pane renders once per frame.
const tokensPerFrame = 165

// answer builds a realistic Markdown answer of about n tokens: headings,
// paragraphs, lists, code blocks with blank lines, tables and quotes.
func answer(tokens int) string {
	var b strings.Builder
	for i := 0; b.Len() < tokens*bytesPerToken; i++ {
		fmt.Fprintf(&b, "## Step %d: measure the route\n\n", i)
		b.WriteString("The first token arrives after the gateway has picked a provider, so the **time to first token** " +
			"includes routing. Compare it with the direct route and keep the `stream` flag on; the numbers below " +
			"come from the provider's usage report, not from an estimate.\n\n")
		b.WriteString("- open the connection before the clock starts\n- stamp each event when its line arrives\n" +
			"- decode only the fields you need\n  and reuse the buffers\n\n")
		b.WriteString("1. send the request\n2. read the stream\n3. report usage and cost\n\n")
		fmt.Fprintf(&b, "```go\nfunc measure%d(ctx context.Context, r Route) (Stats, error) {\n\tstart := time.Now()\n\n"+
			"\tresp, err := r.Client.Do(req.WithContext(ctx))\n\tif err != nil {\n\t\treturn Stats{}, fmt.Errorf(\"route %%s: %%w\", r.ID, err)\n\t}\n\n"+
			"\treturn read(resp.Body, start)\n}\n```\n\n", i)
		b.WriteString("| route | TTFT | tok/s | cost |\n|---|---:|---:|---:|\n| openrouter/auto | 412 ms | 88.1 | $0.0021 |\n" +
			"| anthropic direct | 365 ms | 91.4 | $0.0019 |\n\n")
		b.WriteString("> A gateway hop costs little when the provider is far away, and a lot when it is near.\n\n")
	}
	return b.String()
}

// giantCodeBlock is the worst case for stable-prefix caching: one fenced block
// that never has a stable boundary inside it.
func giantCodeBlock(tokens int) string {
	var b strings.Builder
	b.WriteString("Here is the whole file:\n\n```go\n")
	for i := 0; b.Len() < tokens*bytesPerToken; i++ {
		fmt.Fprintf(&b, "\tv%d := compute(ctx, %d) // step %d\n", i, i*7, i)
		if i%10 == 9 {
			b.WriteString("\n")
		}
	}
	b.WriteString("```\n")
	return b.String()
}

// giantParagraph is one paragraph of soft-wrapped lines with no blank line.
func giantParagraph(tokens int) string {
	var b strings.Builder
	for b.Len() < tokens*bytesPerToken {
		b.WriteString("the route streams tokens and the pane keeps up without re-rendering everything it has shown\n")
	}
	return b.String()
}

// paneRows is the body height of the pane the stream benchmarks feed.
const paneRows = 40

// streamDoc feeds doc to d as a pane does: one Update per frame's worth of
// tokens with the last paneRows lines rendered and read, then the final
// Update, its last lines rendered and read, and the lines out of view
// dropped.
func streamDoc(d *Doc, doc string) {
	step := tokensPerFrame * bytesPerToken
	show := func() {
		for range 4 {
			n := d.Len()
			d.Ensure(max(0, n-paneRows), n)
			if d.Len() == n {
				break
			}
		}
		n := d.Len()
		_ = d.Lines(nil, max(0, n-paneRows), n)
		d.Keep(n-2*paneRows, n)
	}
	for i := step; i < len(doc); i += step {
		d.Update(doc[:i], false)
		show()
	}
	d.Update(doc, true)
	show()
}

// benchStream measures the render cost per token of an answer streamed into
// a pane that follows its end (see streamDoc).
func benchStream(b *testing.B, doc string) {
	b.ReportAllocs()
	b.SetBytes(int64(len(doc)))
	cpu := cpuTime()
	for b.Loop() {
		streamDoc(NewDoc("dark", 80), doc)
	}
	tokens := float64(len(doc)) / bytesPerToken * float64(b.N)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/tokens, "ns/token")
	b.ReportMetric(float64((cpuTime()-cpu).Nanoseconds())/tokens, "cpu-ns/token")
}

func BenchmarkStream10k(b *testing.B)  { benchStream(b, answer(10_000)) }
func BenchmarkStream100k(b *testing.B) { benchStream(b, answer(100_000)) }

func BenchmarkStreamCodeBlock10k(b *testing.B)  { benchStream(b, giantCodeBlock(10_000)) }
func BenchmarkStreamCodeBlock100k(b *testing.B) { benchStream(b, giantCodeBlock(100_000)) }

func BenchmarkStreamParagraph10k(b *testing.B)  { benchStream(b, giantParagraph(10_000)) }
func BenchmarkStreamParagraph100k(b *testing.B) { benchStream(b, giantParagraph(100_000)) }

// BenchmarkEightPanes renders one simulated second of eight panes, each
// streaming 5,000 tokens/s and rendered once per 33 ms frame, then finished.
// ns/op is the CPU time that second costs; core-fraction is the same as a
// share of one core.
func BenchmarkEightPanes(b *testing.B) {
	b.ReportAllocs()
	doc := answer(5_000)
	panes := make([]*Renderer, 8)
	for i := range panes {
		panes[i] = New("dark", 60)
	}
	step := tokensPerFrame * bytesPerToken
	cpu := cpuTime()
	for b.Loop() {
		for _, p := range panes {
			p.Reset()
		}
		for i := step; i < len(doc); i += step {
			for _, p := range panes {
				p.Render(doc[:i], false)
			}
		}
		for _, p := range panes {
			p.Render(doc, true)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/1e9, "core-fraction")
	b.ReportMetric(float64((cpuTime()-cpu).Nanoseconds())/float64(b.N)/1e9, "cpu-cores")
}

// BenchmarkFullRerender10k is the naive approach for comparison: glamour on the
// whole answer at every frame.
func BenchmarkFullRerender10k(b *testing.B) {
	b.ReportAllocs()
	doc := answer(10_000)
	t, err := newTerm("dark", 80)
	if err != nil {
		b.Fatal(err)
	}
	step := tokensPerFrame * bytesPerToken
	cpu := cpuTime()
	for b.Loop() {
		for i := step; i < len(doc); i += step {
			t.document(doc[:i])
		}
		t.document(doc)
	}
	tokens := float64(len(doc)) / bytesPerToken * float64(b.N)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/tokens, "ns/token")
	b.ReportMetric(float64((cpuTime()-cpu).Nanoseconds())/tokens, "cpu-ns/token")
}

// BenchmarkPaneSlowStream is one pane at a typical hosted-model rate, 100
// tokens/s rendered every 33 ms frame: the tail is re-rendered on every frame
// while each block trickles in. One op is ten simulated seconds.
func BenchmarkPaneSlowStream(b *testing.B) {
	b.ReportAllocs()
	doc := answer(1_000)
	r := New("dark", 60)
	const frames = 300
	perFrame := float64(len(doc)) / frames
	cpu := cpuTime()
	for b.Loop() {
		r.Reset()
		for f := 1; f < frames; f++ {
			r.Render(doc[:int(float64(f)*perFrame)], false)
		}
		r.Render(doc, true)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/10e9, "core-fraction")
	b.ReportMetric(float64((cpuTime()-cpu).Nanoseconds())/float64(b.N)/10e9, "cpu-cores")
}
