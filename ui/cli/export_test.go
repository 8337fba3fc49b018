package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend/demo"
	"github.com/routeplay/routeplay/ui/cli/cmdenv"
)

const plantedORKey = "sk-or-v1-1234123412341234123412341234123412341234123412341234abcd"

// askExport runs `ask --export` against a fake OpenRouter and a fake direct
// route whose answers carry escape sequences and the OpenRouter key itself.
func askExport(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(askExportPath(t, name))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// askExportPath runs the export and returns the file's path.
func askExportPath(t *testing.T, name string) string {
	t.Helper()
	srv, ts := demo.Start(func(r demo.Request) demo.Script {
		sc := demo.Script{HeaderDelay: 30 * time.Millisecond, FirstTokenDelay: 30 * time.Millisecond,
			Tokens: []string{"Hi \x1b[31mthere\x1b[0m ", "\x1b]52;c;c2VjcmV0\x07", "key " + plantedORKey}}
		if strings.Contains(r.Path, "/api/v1/") {
			sc.ServedProvider = "Alpha"
			sc.GenerationStats = &demo.GenerationStats{ProviderName: "Alpha", LatencyMs: 20, GenerationTimeMs: 30}
		}
		return sc
	})
	t.Cleanup(func() { srv.Close(); ts.Close() })
	srv.RequireKey(plantedORKey)
	// The direct route sends the OpenRouter key too: the fake wants it on every stream.
	cfgPath := writeConfig(t, fmt.Sprintf(gatewayAndDirect, ts.URL)+"key = \"openrouter\"\n")
	kt := newKeysTest(t, map[string]string{"OPENROUTER_API_KEY": plantedORKey})
	path := filepath.Join(filepath.Dir(cfgPath), name)
	out, errOut, code := kt.cli("ask", "--config", cfgPath, "--export", path, "Say hi")
	if code != cmdenv.ExitOK {
		t.Fatalf("exit %d: %s %s", code, out, errOut)
	}
	if strings.Contains(out, plantedORKey) {
		t.Error("the key reached stdout")
	}
	return path
}

func assertNoEscapesOrKey(t *testing.T, doc string) {
	t.Helper()
	for _, bad := range []string{"\x1b", `\u001b`, "\a", `\u0007`, plantedORKey} {
		if strings.Contains(doc, bad) {
			t.Errorf("export contains %q", bad)
		}
	}
}

func TestAskExportMarkdown(t *testing.T) {
	t.Parallel()
	md := askExport(t, "turn.md")
	assertNoEscapesOrKey(t, md)
	for _, want := range []string{"# routeplay report", "### gw · openrouter · openai/gpt-4o-mini", "Hi there key sk-or-v1-…abcd",
		"## Timeline", "upstream 20ms + network and gateway", "## OpenRouter vs direct", "gw vs direct: first token",
		"## Endpoints that served", "**gw** served by Alpha; published (OpenRouter, 30 min): "} {
		if !strings.Contains(md, want) {
			t.Errorf("export lacks %q:\n%s", want, md)
		}
	}
}

func TestAskExportJSON(t *testing.T) {
	t.Parallel()
	doc := askExport(t, "turn.json")
	assertNoEscapesOrKey(t, doc)
	var rep struct {
		Prompt string           `json:"prompt"`
		Routes []map[string]any `json:"routes"`
	}
	if err := json.Unmarshal([]byte(doc), &rep); err != nil || rep.Prompt != "Say hi" || len(rep.Routes) != 2 {
		t.Errorf("%v: %+v", err, rep)
	}
	var published struct {
		Endpoints []struct {
			Route  string `json:"route"`
			Source string `json:"source"`
		} `json:"published_endpoints"`
	}
	if err := json.Unmarshal([]byte(doc), &published); err != nil || len(published.Endpoints) != 1 ||
		published.Endpoints[0].Route != "gw" || published.Endpoints[0].Source != "published (OpenRouter, 30 min)" {
		t.Errorf("published endpoints %+v (%v)", published, err)
	}
}

func TestExportNeedsAKnownExtension(t *testing.T) {
	t.Parallel()
	out, errOut, code := runCLI(t, "ask", "--demo", "--export", "turn.txt", "hi")
	if code != cmdenv.ExitUsage || !strings.Contains(errOut, ".md or .json") || out != "" {
		t.Errorf("exit %d, stdout %q, stderr %q: a bad --export must fail before any request", code, out, errOut)
	}
}

func TestExportIsPrivate(t *testing.T) {
	t.Parallel()
	path := askExportPath(t, "private.md")
	if fi, err := os.Stat(path); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("%s: %v, want mode 0600", path, err)
	} else if entries, _ := os.ReadDir(filepath.Dir(path)); len(entries) != 2 {
		t.Fatalf("left beside the export: %v", entries) // config.toml and the export
	}
}

// An export path that is a symbolic link (planted, say, in a shared
// directory) is refused before any request is sent, and its target is
// left alone.
func TestExportRefusesASymlinkBeforeTheRun(t *testing.T) {
	t.Parallel()
	kt := newKeysTest(t, nil)
	dir := t.TempDir()
	victim := filepath.Join(dir, "victim")
	os.WriteFile(victim, []byte("precious"), 0o600)
	link := filepath.Join(dir, "turn.md")
	if err := os.Symlink(victim, link); err != nil {
		t.Skip(err)
	}
	for _, path := range []string{link, filepath.Join(dir, "missing", "turn.md")} {
		out, errOut, code := kt.cli("ask", "--demo", "--no-history", "--export", path, "hi")
		if code != cmdenv.ExitUsage || !strings.Contains(errOut, "cannot write there") || out != "" {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", path, code, out, errOut)
		}
	}
	if b, _ := os.ReadFile(victim); string(b) != "precious" {
		t.Errorf("the link's target now reads %q", b)
	}
}
