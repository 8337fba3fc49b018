package config

import (
	"strings"
	"testing"
)

func TestMaxResponseBytes(t *testing.T) {
	cfg, err := ParseConfig("c.toml", []byte("[defaults]\nmax_response_bytes = 1048576\n\n[[routes]]\nprovider = \"ollama\"\nmodel = \"llama3\"\nmax_response_bytes = 65536\n"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Defaults.MaxResponseBytes != 1<<20 || cfg.VisibleRoutes()[0].MaxResponseBytes != 64<<10 {
		t.Fatalf("defaults %d, route %d", cfg.Defaults.MaxResponseBytes, cfg.VisibleRoutes()[0].MaxResponseBytes)
	}
	for _, text := range []string{"[defaults]\nmax_response_bytes = 100\n", "[[routes]]\nprovider = \"ollama\"\nmodel = \"llama3\"\nmax_response_bytes = -1\n"} {
		_, err := ParseConfig("c.toml", []byte(text))
		if err == nil || !strings.Contains(err.Error(), "max_response_bytes") {
			t.Errorf("%q: error %v", text, err)
		}
	}
}

func TestAllowInsecureHTTP(t *testing.T) {
	ok := "[[routes]]\nprovider = \"openai-compatible\"\nmodel = \"m\"\nbase_url = \"http://10.0.0.5:8000/v1\"\nkey = \"lan\"\nallow_insecure_http = true\n"
	cfg, err := ParseConfig("c.toml", []byte(ok))
	if err != nil || !cfg.VisibleRoutes()[0].AllowInsecureHTTP {
		t.Fatalf("err %v", err)
	}
	bad := "[[routes]]\nprovider = \"openai\"\nmodel = \"m\"\nallow_insecure_http = true\n"
	if _, err := ParseConfig("c.toml", []byte(bad)); err == nil || !strings.Contains(err.Error(), "allow_insecure_http") {
		t.Fatalf("an https route allowed clear text: %v", err)
	}
}
