package history

import (
	"strings"
	"testing"
	"time"

	"github.com/routeplay/routeplay/backend/config"
)

func TestConfigHistoryTable(t *testing.T) {
	cfg, err := config.ParseConfig("c.toml", []byte("[history]\nenabled = false\nretention = \"30d\"\n"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.History.On() || cfg.History.RetentionOrDefault() != 30*24*time.Hour {
		t.Fatalf("history %+v", cfg.History)
	}
	cfg, _ = config.ParseConfig("c.toml", nil)
	if !cfg.History.On() || cfg.History.RetentionOrDefault() != 90*24*time.Hour {
		t.Fatalf("defaults %+v", cfg.History)
	}
	_, err = config.ParseConfig("c.toml", []byte("[history]\nretention = \"soon\"\n"))
	if err == nil || !strings.Contains(err.Error(), "c.toml:2") || !strings.Contains(err.Error(), "90d") {
		t.Fatalf("err %v", err)
	}
}

func TestParsePeriod(t *testing.T) {
	for in, want := range map[string]time.Duration{"90d": 90 * 24 * time.Hour, "2w": 14 * 24 * time.Hour,
		"12h": 12 * time.Hour, "0d": 0, "45m": 45 * time.Minute} {
		if got, err := config.ParsePeriod(in); err != nil || got != want {
			t.Errorf("%s: %v, %v", in, got, err)
		}
	}
	for _, in := range []string{"", "d", "-3d", "7x", "1.5d"} {
		if _, err := config.ParsePeriod(in); err == nil {
			t.Errorf("%q parsed", in)
		}
	}
}
