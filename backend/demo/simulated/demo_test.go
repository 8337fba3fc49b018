package simulated

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"math"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend/demo"
	"go.uber.org/goleak"
)

var demoPrompts = []string{
	"",
	"hi",
	"How do I make my Go build faster on CI?",
	"Explain ```code``` and # headings\n\nwith *markdown* [links](http://x) <b>tags</b>",
	strings.Repeat("antidisestablishmentarianism ", 200),
	strings.Repeat("word ", 5000),
	"日本語で説明してください、お願いします",
}

func within(d, want time.Duration) bool {
	lo := time.Duration(float64(want) * (1 - DemoJitter))
	hi := time.Duration(float64(want) * (1 + DemoJitter))
	return d >= lo-time.Microsecond && d <= hi+time.Microsecond
}

func TestDemoIsDeterministic(t *testing.T) {
	for _, model := range DemoModels() {
		for _, p := range demoPrompts {
			a, b := Demo(demo.Request{Model: model, Prompt: p}), Demo(demo.Request{Model: model, Prompt: p})
			if !reflect.DeepEqual(a, b) {
				t.Errorf("%s %.20q: two calls differ", model, p)
			}
		}
	}
	a := Demo(demo.Request{Model: "demo-direct", Prompt: "one question"})
	b := Demo(demo.Request{Model: "demo-direct", Prompt: "another question"})
	if a.HeaderDelay == b.HeaderDelay && a.FirstTokenDelay == b.FirstTokenDelay && a.TokenInterval == b.TokenInterval {
		t.Error("different prompts should jitter the timings differently")
	}
}

func TestDemoProfilesHoldTheirFigures(t *testing.T) {
	for _, p := range DemoProfiles {
		for _, prompt := range demoPrompts {
			sc := Demo(demo.Request{Model: p.Model, Prompt: prompt})
			interval := time.Duration(float64(time.Second) / p.TokensPerSecond)
			if !within(sc.HeaderDelay, p.HeaderDelay) || !within(sc.FirstTokenDelay, p.FirstTokenDelay) || !within(sc.TokenInterval, interval) {
				t.Errorf("%s: headers %v first %v interval %v outside ±%.0f%% of the profile", p.Model,
					sc.HeaderDelay, sc.FirstTokenDelay, sc.TokenInterval, DemoJitter*100)
			}
			reasoning := time.Duration(len(demo.SplitText(sc.Reasoning))) * sc.TokenInterval
			if p.ReasoningMax > 0 && (reasoning < p.ReasoningMin-sc.TokenInterval || reasoning > p.ReasoningMax) {
				t.Errorf("%s: %v of reasoning, want %v–%v", p.Model, reasoning, p.ReasoningMin, p.ReasoningMax)
			}
			if p.ReasoningMax == 0 && sc.Reasoning != "" {
				t.Errorf("%s should not reason", p.Model)
			}
		}
	}
	ttft := func(m string) time.Duration {
		p, _ := DemoProfileFor(m)
		return p.HeaderDelay + p.FirstTokenDelay
	}
	if ttft("demo-direct") != DemoDirectFirstToken || ttft("demo-fast") != DemoFastFirstToken ||
		ttft("demo-gateway")-ttft("demo-direct") != DemoGatewayHop {
		t.Errorf("first-token figures: direct %v fast %v gateway %v", ttft("demo-direct"), ttft("demo-fast"), ttft("demo-gateway"))
	}
}

func TestDemoAnswersReadWell(t *testing.T) {
	for _, prompt := range demoPrompts {
		sc := Demo(demo.Request{Model: "demo-direct", Prompt: prompt})
		n := len(demo.SplitText(sc.Text))
		if n < 120 || n > 250 {
			t.Errorf("%.20q: %d pieces, want 120–250", prompt, n)
		}
		for _, want := range []string{"\n## ", "simulated demo answer", "\n1. ", "\n- ", "\n```"} {
			if !strings.Contains("\n"+sc.Text, want) {
				t.Errorf("%.20q: answer lacks %q", prompt, want)
			}
		}
		if strings.Count(sc.Text, "```") != 2 {
			t.Errorf("%.20q: the prompt must not break the code fence:\n%s", prompt, sc.Text)
		}
		if gw := Demo(demo.Request{Model: "demo-gateway", Prompt: prompt}); gw.Text != sc.Text {
			t.Errorf("gateway and direct should give the same answer")
		}
	}
}

func TestDemoGatewayReportsCostAndProvider(t *testing.T) {
	sc := Demo(demo.Request{Model: "demo-gateway", Prompt: "What is a prime number?"})
	if sc.ServedProvider != DemoProvider || sc.KeepAlives == 0 || sc.Cost == nil || sc.GenerationStats == nil || sc.Usage == nil {
		t.Fatalf("gateway script %+v", sc)
	}
	want := (float64(sc.Usage.Input)*DemoPriceInputPerM + float64(sc.Usage.Output)*DemoPriceOutputPerM) / 1e6
	if math.Abs(*sc.Cost-want) > 1e-9 || sc.GenerationStats.TotalCost != *sc.Cost {
		t.Errorf("cost %v, want %v", *sc.Cost, want)
	}
	if sc.Usage.Output != len(demo.SplitText(sc.Text)) {
		t.Errorf("usage output %d, pieces %d", sc.Usage.Output, len(demo.SplitText(sc.Text)))
	}
	if direct := Demo(demo.Request{Model: "demo-direct", Prompt: "x"}); direct.Cost != nil || direct.ServedProvider != "" {
		t.Error("direct routes report no provider cost")
	}
}

func TestDemoUnknownModel(t *testing.T) {
	sc := Demo(demo.Request{Model: "gpt-9"})
	if sc.Status != 404 || !strings.Contains(sc.ErrorMessage, "demo-fast") {
		t.Errorf("%+v", sc)
	}
}

// TestDemoServedInProcess runs the fast demo route end to end, as demo mode does.
func TestDemoServedInProcess(t *testing.T) {
	defer goleak.VerifyNone(t)
	c := &http.Client{Transport: demo.InProcess(demo.New(Demo))}
	body := `{"model":"demo-fast","stream":true,"messages":[{"role":"user","content":"How do I test a stream?"}]}`
	start := time.Now()
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodPost, "http://demo/api/v1/chat/completions", strings.NewReader(body))
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	rd := bufio.NewReader(resp.Body)
	var firstText, lastText time.Duration
	var all strings.Builder
	for {
		line, err := rd.ReadString('\n')
		all.WriteString(line)
		if firstText == 0 && strings.Contains(line, `"content":"#`) {
			firstText = time.Since(start)
		}
		if strings.Contains(line, `"content":"`) {
			lastText = time.Since(start)
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	// Sleeps never end early, so the jittered minimum is a safe lower bound.
	if low := time.Duration(float64(DemoFastFirstToken) * (1 - DemoJitter)); firstText < low || firstText > 5*time.Second {
		t.Errorf("first text after %v, want at least %v", firstText, low)
	}
	// The fake never beats the script's rate (the slack covers a late read of
	// the first piece); on a loaded machine it may lag, loosely bounded.
	sc := Demo(demo.Request{Model: "demo-fast", Prompt: "How do I test a stream?"})
	minSpan := time.Duration(len(demo.SplitText(sc.Text))-1) * sc.TokenInterval
	if span := lastText - firstText; span < minSpan-100*time.Millisecond || span > 3*minSpan+time.Second {
		t.Errorf("answer streamed over %v, want about %v", span, minSpan)
	}
	text := openAIAnswer(t, all.String())
	if want := demoAnswer("How do I test a stream?"); text != want {
		t.Errorf("streamed answer differs from the script")
	}
	if !strings.HasSuffix(all.String(), "data: [DONE]\n\n") {
		t.Error("demo stream did not finish")
	}
}

// Faster divides every delay and keeps everything else; speed 1 (the
// app's) is the script itself.
func TestFasterDividesEveryDelay(t *testing.T) {
	req := demo.Request{Model: "demo-gateway", Prompt: "How do I make my Go build faster on CI?"}
	base := Demo(req)
	got := Faster(Demo, 10)(req)
	want := base
	want.HeaderDelay, want.FirstTokenDelay = base.HeaderDelay/10, base.FirstTokenDelay/10
	want.TokenInterval, want.KeepAliveEvery = base.TokenInterval/10, base.KeepAliveEvery/10
	gs := *base.GenerationStats
	gs.LatencyMs, gs.GenerationTimeMs = gs.LatencyMs/10, gs.GenerationTimeMs/10
	want.GenerationStats = &gs
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Faster(10):\n got %+v\nwant %+v", got, want)
	}
	if !reflect.DeepEqual(Faster(Demo, 1)(req), base) {
		t.Fatal("speed 1 changed the script")
	}
}

// openAIAnswer joins the answer deltas of an OpenAI-wire stream.
func openAIAnswer(t *testing.T, body string) string {
	t.Helper()
	var b strings.Builder
	for line := range strings.Lines(body) {
		data, ok := strings.CutPrefix(strings.TrimSpace(line), "data: ")
		if !ok || data == "[DONE]" {
			continue
		}
		var chunk struct {
			Choices []struct {
				Delta struct{ Content string } `json:"delta"`
			} `json:"choices"`
		}
		if err := json.Unmarshal([]byte(data), &chunk); err != nil {
			t.Fatalf("event data is not JSON: %v", err)
		}
		for _, c := range chunk.Choices {
			b.WriteString(c.Delta.Content)
		}
	}
	return b.String()
}

// TestDemoTransportListsTheDemoModels: the model lists demo mode serves
// name the demo models, as `routes` and key checks read them.
func TestDemoTransportListsTheDemoModels(t *testing.T) {
	c := &http.Client{Transport: TransportAt(100)}
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, "http://demo/v1/models", nil)
	req.Header.Set("Authorization", "Bearer demo-key")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, m := range append([]string{"fake-model"}, DemoModels()...) {
		if !strings.Contains(string(body), `"id":"`+m+`"`) {
			t.Errorf("model list %d does not name %s: %s", resp.StatusCode, m, body)
		}
	}
}
