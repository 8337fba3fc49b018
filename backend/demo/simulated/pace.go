package simulated

import (
	"fmt"
	"math"
	"net/http"
	"os"
	"strconv"
	"strings"

	"github.com/routeplay/routeplay/backend/demo"
	"github.com/routeplay/routeplay/backend/safetext"
)

// PaceEnv names the test knob that runs the simulated providers faster: 10
// means every simulated delay is a tenth as long. It exists so the
// end-to-end tests can drive the real binary through demo flows without
// waiting for them in real time.
const PaceEnv = "ROUTEPLAY_DEMO_PACE"

// MaxPace bounds the knob: beyond it the delays fall under the timer's
// resolution and the stream is no longer paced at all.
const MaxPace = 1000

// Pace reads PaceEnv: 1 when unset, an error naming the variable when it is
// not a number in (0, MaxPace].
func Pace() (float64, error) {
	return parsePace(os.Getenv(PaceEnv))
}

func parsePace(s string) (float64, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 1, nil
	}
	p, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(p) || p <= 0 || p > MaxPace {
		return 0, fmt.Errorf("%s=%q: want a number above 0 and at most %d (how many times faster the simulated routes run; unset it for real time)",
			PaceEnv, clip(safetext.Sanitize(s)), MaxPace)
	}
	return p, nil
}

// paced is Demo at the given pace. Away from real time the answer says so
// in its opening line, which every pane, `ask` and export shows: the timings
// are the simulation's divided by the pace, not the demo's usual figures.
func paced(pace float64) func(demo.Request) demo.Script {
	if pace == 1 {
		return Demo
	}
	note := paceNote(pace)
	return Faster(func(req demo.Request) demo.Script { return demoNoted(req, note) }, pace)
}

// paceNote is the words added to the answer's disclaimer at a pace other than 1.
func paceNote(pace float64) string {
	f := strconv.FormatFloat(pace, 'f', -1, 64)
	return fmt.Sprintf(" It ran at %s× the demo's speed (`%s=%s`): every timing shown for it is scaled.", f, PaceEnv, f)
}

// PaceNote is what a report of the simulated routes says when they ran at
// another pace than real time ("It ran at 10× …"); "" in real time or when
// the knob is unusable (every route then fails with its error instead).
func PaceNote() string {
	p, err := Pace()
	if err != nil || p == 1 {
		return ""
	}
	return strings.TrimSpace(strings.ReplaceAll(paceNote(p), "`", ""))
}

// refused fails every request with the error that made the pace unusable,
// so a mistyped knob is reported on every simulated route, never ignored.
type refused struct{ err error }

func (r refused) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		req.Body.Close()
	}
	return nil, r.err
}

// clip keeps a mistyped value short in the message.
func clip(s string) string {
	if r := []rune(s); len(r) > 40 {
		return string(r[:40]) + "…"
	}
	return s
}
