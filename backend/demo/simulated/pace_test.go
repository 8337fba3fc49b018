package simulated

import (
	"github.com/routeplay/routeplay/backend/demo"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

func TestPaceReadsTheKnob(t *testing.T) {
	for in, want := range map[string]float64{"": 1, "1": 1, "10": 10, " 2.5 ": 2.5, "0.5": 0.5, "1000": 1000} {
		got, err := parsePace(in)
		if err != nil || got != want {
			t.Errorf("parsePace(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
}

// A mistyped pace is refused with a message that names the knob and keeps
// whatever was typed printable, never read as some default.
func TestPaceRefusesUnusableValues(t *testing.T) {
	for _, in := range []string{"0", "-1", "fast", "NaN", "Inf", "1001", "1e400", "10x", "\x1b[31m2"} {
		got, err := parsePace(in)
		if err == nil {
			t.Errorf("parsePace(%q) = %v, want an error", in, got)
			continue
		}
		if msg := err.Error(); !strings.Contains(msg, PaceEnv) || strings.ContainsRune(msg, 0x1b) {
			t.Errorf("parsePace(%q): unclear or unsafe message %q", in, msg)
		}
	}
}

// The app's transport fails every simulated request when the knob is
// unusable, so the mistake shows on each demo route.
func TestTransportRefusesABadPace(t *testing.T) {
	t.Setenv(PaceEnv, "fast")
	c := &http.Client{Transport: Transport()}
	resp, err := c.Post(demoBaseURL+"/v1/chat/completions", "application/json", strings.NewReader(`{}`))
	if err == nil {
		resp.Body.Close()
		t.Fatal("a request went through with an unusable pace")
	}
	if !strings.Contains(err.Error(), PaceEnv+`="fast"`) {
		t.Fatalf("error does not name the knob and its value: %v", err)
	}
}

// Away from real time the delays shrink, the answer says so, and the usage
// and cost the gateway reports count the answer that is streamed.
func TestPacedDemoSaysSoAndStaysConsistent(t *testing.T) {
	req := demo.Request{Model: "demo-gateway", Prompt: "How do I make my Go build faster on CI?"}
	if !reflect.DeepEqual(paced(1)(req), Demo(req)) {
		t.Fatal("pace 1 changed the demo")
	}
	base, got := Demo(req), paced(10)(req)
	if got.HeaderDelay != base.HeaderDelay/10 || got.TokenInterval != base.TokenInterval/10 {
		t.Errorf("delays not divided by the pace: %v/%v vs %v/%v", got.HeaderDelay, got.TokenInterval, base.HeaderDelay, base.TokenInterval)
	}
	if !strings.Contains(got.Text, demoDisclaimer+" It ran at 10× the demo's speed (`"+PaceEnv+"=10`)") {
		t.Errorf("the paced answer does not say it is scaled:\n%s", got.Text)
	}
	if _, n := demo.ReportedUsage(req, got); got.Usage == nil || got.Usage.Output != n {
		t.Errorf("reported usage %+v, want %d output tokens (the streamed pieces)", got.Usage, n)
	}
	if *got.Cost <= *base.Cost {
		t.Errorf("cost %v does not count the longer answer (base %v)", *got.Cost, *base.Cost)
	}
}

func TestPaceNoteOnlyAwayFromRealTime(t *testing.T) {
	t.Setenv(PaceEnv, "")
	if n := PaceNote(); n != "" {
		t.Errorf("real time noted: %q", n)
	}
	t.Setenv(PaceEnv, "10")
	if n := PaceNote(); !strings.HasPrefix(n, "It ran at 10× the demo's speed (ROUTEPLAY_DEMO_PACE=10)") {
		t.Errorf("pace 10 noted as %q", n)
	}
	t.Setenv(PaceEnv, "fast")
	if n := PaceNote(); n != "" {
		t.Errorf("an unusable pace noted as %q", n)
	}
}
