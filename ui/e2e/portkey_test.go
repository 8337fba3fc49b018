package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend/demo"
)

// portkeyEnv names the directory .ci/run installs Portkey's gateway into
// (npm ci of .ci/portkey).
const portkeyEnv = "ROUTEPLAY_PORTKEY_GATEWAY"

// TestRealPortkeyGateway puts Portkey's open-source gateway (from npm,
// pinned in .ci/portkey) in front of the loopback fake provider and runs
// the real binary through it: the Portkey route pairs with the direct
// route of the same model and shows a delta, says who served, and a stall
// before the first token ends as a timeout.
func TestRealPortkeyGateway(t *testing.T) {
	t.Parallel()
	script := requirePortkey(t)
	srv, fake := demo.Start(func(r demo.Request) demo.Script {
		if strings.Contains(r.Prompt, "stall") {
			return demo.Script{FirstTokenDelay: 4 * time.Second, Text: "Too late."}
		}
		return demo.Script{Text: "Seven is prime.", Usage: &demo.Usage{Input: 12, Output: 4}}
	})
	t.Cleanup(fake.Close)
	t.Cleanup(srv.Close) // first: ends the stalled response
	gw := startPortkey(t, script)
	home := t.TempDir()
	cfg := writePortkeyConfig(t, home, gw, fake.URL)

	t.Run("pairs with the direct route", func(t *testing.T) { portkeyBench(t, home, cfg) })
	t.Run("served by", func(t *testing.T) {
		out, code := runIn(t, home, "ask", "--config", cfg, "--no-history", "--json", "--route", "pk", "Name a prime")
		var doc askDoc
		if err := json.Unmarshal([]byte(out), &doc); code != 0 || err != nil || len(doc.Routes) != 1 {
			t.Fatalf("exit %d, %v:\n%s", code, err, out)
		}
		r := doc.Routes[0]
		if r.ServedBy == nil || *r.ServedBy != "openai" || r.Text != "Seven is prime." || r.Error != nil {
			t.Fatalf("through the gateway: %+v\n%s", r, out)
		}
	})
	t.Run("keys test through the gateway", func(t *testing.T) {
		out, code := runIn(t, home, "keys", "test", "openai", "--config", cfg)
		if code != 0 || !strings.Contains(out, "openai  valid") ||
			!strings.Contains(out, "through Portkey (route pk): key accepted; served by openai") {
			t.Fatalf("exit %d:\n%s", code, out)
		}
	})
	t.Run("stall before the first token", func(t *testing.T) {
		start := time.Now()
		out, code := runIn(t, home, "ask", "--config", cfg, "--no-history", "--json", "--route", "pk", "Please stall")
		var doc askDoc
		if err := json.Unmarshal([]byte(out), &doc); code != 1 || err != nil || len(doc.Routes) != 1 {
			t.Fatalf("exit %d (want 1), %v:\n%s", code, err, out)
		}
		if e := doc.Routes[0].Error; e == nil || e.Kind != "timeout" {
			t.Fatalf("error %+v, want a timeout:\n%s", e, out)
		}
		if took := time.Since(start); took > 3500*time.Millisecond {
			t.Errorf("the first-token timeout of 1s took %v to end the run", took)
		}
	})
}

// writePortkeyConfig writes the routes: Portkey in front of the provider
// (as a gateway route and as a plain compatible one) and the direct route.
func writePortkeyConfig(t *testing.T, home, gateway, provider string) string {
	t.Helper()
	cfg := filepath.Join(home, "config.toml")
	writeFile(t, cfg, fmt.Sprintf(`[defaults]
first_token_timeout = "1s"

[[routes]]
name = "pk"
gateway = "portkey"
base_url = "%[1]s/v1"
upstream = "openai:gpt-4o-mini"
headers = { x-portkey-provider = "openai", x-portkey-custom-host = "%[2]s/v1" }

# The same gateway written as a plain compatible route: still the gateway side.
[[routes]]
name = "pk-plain"
provider = "openai-compatible"
model = "gpt-4o-mini"
base_url = "%[1]s/v1"
key = "openai"
headers = { x-portkey-provider = "openai", x-portkey-custom-host = "%[2]s/v1" }

[[routes]]
name = "direct"
provider = "openai"
model = "gpt-4o-mini"
base_url = "%[2]s/v1"
`, gateway, provider))
	return cfg
}

type askDoc struct {
	Routes []struct {
		Route    string  `json:"route"`
		ServedBy *string `json:"served_by"`
		Text     string  `json:"text"`
		Error    *struct {
			Kind string `json:"kind"`
		} `json:"error"`
	} `json:"routes"`
}

// portkeyBench runs a short bench: the Portkey route is compared with the
// direct one as the same model, and the hop costs time.
func portkeyBench(t *testing.T, home, cfg string) {
	out, code := runIn(t, home, "bench", "--config", cfg, "--no-history", "--json", "--runs", "10", "--warmup", "1", "Name a prime")
	var doc struct {
		Routes []struct {
			Route   string `json:"route"`
			Summary struct {
				SuccessRate float64 `json:"success_rate"`
			} `json:"summary"`
		} `json:"routes"`
		Comparisons []struct {
			A, B, Basis  string
			FirstTokenMs struct {
				DeltaP50 *float64    `json:"delta_p50"`
				CI95     *[2]float64 `json:"ci95"`
			} `json:"first_token_ms"`
			Verdict string `json:"verdict"`
		} `json:"comparisons"`
	}
	if err := json.Unmarshal([]byte(out), &doc); code != 0 || err != nil {
		t.Fatalf("exit %d, %v:\n%s", code, err, out)
	}
	for _, r := range doc.Routes {
		if r.Summary.SuccessRate != 1 {
			t.Errorf("%s: success rate %v\n%s", r.Route, r.Summary.SuccessRate, out)
		}
	}
	if len(doc.Comparisons) != 2 {
		t.Fatalf("%d comparisons, want each Portkey route vs direct:\n%s", len(doc.Comparisons), out)
	}
	for i, c := range doc.Comparisons {
		if want := []string{"pk", "pk-plain"}[i]; c.A != want || c.B != "direct" || c.Basis != "same model" {
			t.Fatalf("compared %s vs %s (%s), want %s vs direct (same model)", c.A, c.B, c.Basis, want)
		}
		d := c.FirstTokenMs
		if d.DeltaP50 == nil || d.CI95 == nil || *d.DeltaP50 <= 0 {
			t.Fatalf("first-token delta %v (interval %v): the gateway hop must cost time\n%s", d.DeltaP50, d.CI95, out)
		}
		t.Logf("%s vs direct, first token: %+.2f ms p50, 95%% interval %v, %s", c.A, *d.DeltaP50, *d.CI95, c.Verdict)
	}
}

// requirePortkey returns the gateway's start script, or skips (fails in CI)
// when it is not installed.
func requirePortkey(t *testing.T) string {
	t.Helper()
	missing := func(why string) string {
		if os.Getenv("ROUTEPLAY_REQUIRE_SYSTEM_TESTS") != "" {
			t.Fatalf("Portkey's gateway is required: %s (.ci/run installs it)", why)
		}
		t.Skip("Portkey's gateway not installed: " + why)
		return ""
	}
	dir := os.Getenv(portkeyEnv)
	if dir == "" {
		return missing(portkeyEnv + " is not set")
	}
	if _, err := exec.LookPath("node"); err != nil {
		return missing("node is not on PATH")
	}
	script := filepath.Join(dir, "node_modules", "@portkey-ai", "gateway", "build", "start-server.js")
	if _, err := os.Stat(script); err != nil {
		return missing(err.Error())
	}
	return script
}

// startPortkey starts the gateway on a free loopback port in its own
// process group, waits until it answers, and kills the group at cleanup.
// Its base URL is returned.
func startPortkey(t *testing.T, script string) string {
	t.Helper()
	port := freePort(t)
	preload, err := filepath.Abs(filepath.Join("..", "..", ".ci", "portkey", "loopback.cjs"))
	if err != nil {
		t.Fatal(err)
	}
	var logs bytes.Buffer
	cmd := exec.Command("node", "--require", preload, script, fmt.Sprintf("--port=%d", port), "--headless")
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "NODE_ENV=test"}
	cmd.Stdout, cmd.Stderr = &logs, &logs
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-exited
		if t.Failed() {
			t.Logf("gateway output:\n%s", logs.String())
		}
	})
	base := fmt.Sprintf("http://127.0.0.1:%d", port)
	waitForHTTP(t, base, exited)
	checkLoopbackOnly(t, port)
	return base
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// waitForHTTP polls base until anything answers.
func waitForHTTP(t *testing.T, base string, exited <-chan struct{}) {
	t.Helper()
	client := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(10 * time.Second)
	for {
		resp, err := client.Get(base + "/")
		if err == nil {
			resp.Body.Close()
			return
		}
		select {
		case <-exited:
			t.Fatalf("the gateway exited before answering: %v", err)
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("the gateway did not answer at %s: %v", base, err)
		}
	}
}

// checkLoopbackOnly reads the kernel's socket tables (Linux): the gateway
// must listen on 127.0.0.1 alone, never on every interface.
func checkLoopbackOnly(t *testing.T, port int) {
	t.Helper()
	hexPort := fmt.Sprintf(":%04X", port)
	for _, table := range []string{"/proc/net/tcp", "/proc/net/tcp6"} {
		data, err := os.ReadFile(table)
		if errors.Is(err, os.ErrNotExist) {
			continue
		} else if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n")[1:] {
			f := strings.Fields(line)
			if len(f) < 4 || f[3] != "0A" || !strings.HasSuffix(f[1], hexPort) {
				continue // not a listening socket on the port
			}
			if f[1] != "0100007F"+hexPort {
				t.Fatalf("the gateway listens on %s (%s), not 127.0.0.1 alone", f[1], table)
			}
		}
	}
}

// runIn runs the binary to completion in an isolated home with a fake
// OpenAI key, returning stdout and the exit code.
func runIn(t *testing.T, home string, args ...string) (string, int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, binary, args...)
	cmd.Env = []string{"PATH=/usr/bin:/bin", "HOME=" + home, "XDG_CONFIG_HOME=" + home + "/config",
		"XDG_DATA_HOME=" + home + "/data", "XDG_CACHE_HOME=" + home + "/cache", "OPENAI_API_KEY=sk-proj-e2eportkeyfake0123456789abcd"}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("routeplay %s: %v", strings.Join(args, " "), err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("routeplay %s stderr:\n%s", strings.Join(args, " "), stderr.String())
		}
	})
	return stdout.String(), cmd.ProcessState.ExitCode()
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
}
