package keyscmd

import (
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/config"
)

// TestExampleConfigMentionsEveryField walks the config types, so a field
// added to the config without a line in the example fails here.
func TestExampleConfigMentionsEveryField(t *testing.T) {
	t.Parallel()
	fields := map[string]bool{}
	for _, v := range []any{config.Config{}, config.Defaults{}, config.RouteConfig{}, backend.Params{},
		backend.OpenRouterOptions{}, backend.Price{}, config.FeesConfig{}, config.HistoryConfig{}} {
		tomlFields(reflect.TypeOf(v), fields)
	}
	for _, k := range []string{"order", "only", "ignore", "allow_fallbacks", "require_parameters",
		"data_collection", "zdr", "sort", "max_price", "quantizations"} {
		fields[k] = true
	}
	for f := range fields {
		asSetting := regexp.MustCompile(`(?m)^(# )?` + f + ` = `)
		asTable := regexp.MustCompile(`(?m)^(# )?\[+([a-z_]+\.)*` + f + `\]`)
		if !asSetting.MatchString(exampleConfig) && !asTable.MatchString(exampleConfig) {
			t.Errorf("the example config never mentions %q", f)
		}
	}
	for _, table := range []string{"[defaults]", "[history]", "[fees]", "[[routes]]", "[routes.params]", "[routes.openrouter]",
		"[routes.openrouter.provider]", "[routes.price]"} {
		if !strings.Contains(exampleConfig, table) {
			t.Errorf("the example config never shows %s", table)
		}
	}
}

func tomlFields(t reflect.Type, out map[string]bool) {
	for i := range t.NumField() {
		if tag := strings.Split(t.Field(i).Tag.Get("toml"), ",")[0]; tag != "" && tag != "-" {
			out[tag] = true
		}
	}
}

// TestExampleConfigCommentedSettingsAreValid uncomments every commented
// setting and table: what the example suggests must parse too.
func TestExampleConfigCommentedSettingsAreValid(t *testing.T) {
	t.Parallel()
	setting := regexp.MustCompile(`^# (\[|[a-z_]+ = )`)
	var lines []string
	n := 0
	for _, line := range strings.Split(exampleConfig, "\n") {
		if setting.MatchString(line) {
			line, n = strings.TrimPrefix(line, "# "), n+1
		}
		lines = append(lines, line)
	}
	if n < 25 {
		t.Fatalf("only %d commented settings found", n)
	}
	text := strings.Join(lines, "\n")
	cfg, err := config.ParseConfig("uncommented.toml", []byte(text))
	if err != nil {
		t.Fatalf("%v\n%s", err, text)
	}
	if rt, ok := cfg.FindRoute("local-llama"); !ok || rt.Price == nil {
		t.Fatalf("local route: %+v", rt)
	}
	or, _ := cfg.FindRoute("gpt-mini-openrouter")
	if len(or.OpenRouter.Provider) != 13 {
		t.Fatalf("provider preferences = %v", or.OpenRouter.Provider)
	}
}
