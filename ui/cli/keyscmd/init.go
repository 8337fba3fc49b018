package keyscmd

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/routeplay/routeplay/backend/atomicfile"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/ui/cli/cmdenv"
	"github.com/spf13/cobra"
)

// NewInit builds `routeplay init` on deps.
func NewInit(deps *cmdenv.Deps) *cobra.Command {
	stdio := deps.IO
	var force bool
	cmd := &cobra.Command{
		Use:   "init [--force]",
		Short: "Write a commented example config file",
		Long: `Write a commented example config: three routes (one model through OpenRouter and
directly, and a rival), a hidden fallback route, and every other setting as a comment.

The file goes to --config, else $XDG_CONFIG_HOME/routeplay/config.toml. An existing
file is never overwritten without --force. The directory is created private (0700)
and the file is readable by you only (0600). No key is ever written to it.`,
		Example: `  routeplay init
  routeplay init --config ./routeplay.toml --force`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			path, err := cmdenv.ConfigPath(deps, cmd)
			if err != nil {
				return err
			}
			if err := writeExampleConfig(path, force); err != nil {
				return err
			}
			fmt.Fprintf(stdio.Out, "wrote %s\n\n", path)
			fmt.Fprint(stdio.Out, initNextSteps)
			return nil
		},
	}
	cmd.Flags().BoolVar(&force, "force", false, "overwrite an existing config file")
	return cmd
}

const initNextSteps = `Next:
  routeplay keys set openrouter     (and openai, anthropic: the routes in the file use them)
  routeplay routes                  the routes, their keys, prices and fallbacks
  routeplay routes --catalog haiku  search the model catalog for more routes
  routeplay ask "hello"             ask every route at once
  routeplay ask --demo "hello"      try it first with simulated routes, no keys needed
`

// writeExampleConfig writes the example config privately. Without force an
// existing file is left untouched (checked atomically with O_EXCL); with
// force it is replaced in one rename, so a crash never leaves half a file.
func writeExampleConfig(path string, force bool) error {
	if _, err := config.ParseConfig(path, []byte(exampleConfig)); err != nil {
		return fmt.Errorf("the example config does not parse: %w", err) // caught by the tests
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return cmdenv.IOFailure(fmt.Errorf("creating %s: %w", dir, err))
	}
	if !force {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			return cmdenv.UsageError("%s already exists; use --force to overwrite it", path)
		}
		if err != nil {
			return cmdenv.IOFailure(fmt.Errorf("creating %s: %w", path, err))
		}
		_, werr := f.WriteString(exampleConfig)
		if cerr := f.Close(); werr == nil {
			werr = cerr
		}
		if werr != nil {
			os.Remove(path)
			return cmdenv.IOFailure(fmt.Errorf("writing %s: %w", path, werr))
		}
		return nil
	}
	if err := atomicfile.WriteBytes(path, []byte(exampleConfig), atomicfile.Options{Links: atomicfile.FollowLinks}); err != nil {
		return cmdenv.IOFailure(fmt.Errorf("writing %s: %w", path, err))
	}
	return nil
}

// exampleConfig is what init writes. Every field the config accepts is in
// it, set or as a comment; TestExampleConfigMentionsEveryField keeps it so.
const exampleConfig = `# routeplay config. Docs: routeplay --help, routeplay routes --help.
# Keys never go in this file: store them with "routeplay keys set NAME"
# (OS keyring) or set the environment variable, e.g. OPENROUTER_API_KEY.

[defaults]
timeout = "60s"         # fail a route with no response headers within this long
idle_timeout = "60s"    # fail a route that sends no bytes for this long (headers included)
# first_token_timeout = "20s"  # fail a route with no token this long after the request
# total_timeout = "5m"  # bound a whole run (keep-alive comments alone never end one)
# system = "You are a concise assistant."   # system prompt for every route
# theme = "charm"                           # charm, nord, light or mono
# max_response_bytes = 33554432             # bytes one answer may decode (default 32 MiB; also per route)

# Run history, kept in $XDG_DATA_HOME/routeplay/history.db.
# [history]
# enabled = true          # false: record nothing
# retention = "90d"       # how long runs are kept: days, weeks, hours or minutes ("2w", "12h")

# OpenRouter fees, for a cost that includes them. Defaults are the published
# figures as of 2025-10-01; they change, so check OpenRouter's FAQ.
# [fees]
# credit_fee_percent = 5.5              # fee on buying credits by card
# credit_fee_min_usd = 0.80             # minimum fee per purchase
# credit_purchase_usd = 20              # your usual top-up (the minimum fee matters below ~$14.55)
# byok = false                          # true: OpenRouter routes run with your own provider key
# byok_fee_percent = 5                  # of the upstream cost, with your own key
# byok_free_requests_per_month = 1000000
# byok_requests_per_month = 0           # BYOK requests already made this month

# Tools the model may call, declared once; a route offers them with its
# "tools" list, or every route gets those of "--tools FILE.json" (OpenAI's
# function format). parameters is a JSON Schema written as a JSON string;
# each call's arguments are checked against it ("ask --json": valid, schema_errors).
# [[tools]]
# name = "get_weather"
# description = "Current weather in a city"
# parameters = '''{"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}'''

# Each [[routes]] is one pane: a provider, a model and how to reach it.
# provider: openrouter, openai, anthropic, gemini, openai-compatible (needs
# base_url), or a preset: groq, mistral, deepseek, xai, together, fireworks, ollama.
# Find models, prices and context sizes with "routeplay routes --catalog QUERY".

# 1. A model through OpenRouter, with routing preferences.
[[routes]]
name = "gpt-mini-openrouter"
provider = "openrouter"
model = "openai/gpt-4o-mini"
# key = "openrouter"       # key name in the key store (default: the provider's)
# base_url = "https://openrouter.ai/api/v1"
# allow_insecure_http = false  # true: send the key over an http:// base_url to another machine
# hidden = false           # true: runs only as another route's fallback

[routes.params]
temperature = 0.7
# top_p = 1.0
max_tokens = 1024
# system = "Answer in one paragraph."   # overrides [defaults] system for this route
# reasoning_effort = "low"   # OpenAI reasoning_effort / OpenRouter reasoning.effort
# reasoning_budget = 2048    # Anthropic thinking budget_tokens / Gemini thinkingBudget (-1: dynamic) / OpenRouter reasoning.max_tokens
# stop = ["\n\n###"]

[routes.openrouter]
# OpenRouter's own fallback list, tried in order on errors; billed at the model that answered.
models = ["openai/gpt-4o-mini", "openai/gpt-4.1-mini"]

# Provider preferences, sent to OpenRouter as written. Setting sort or order
# turns off OpenRouter's default load balancing. In the playground, f3 edits
# these and the [routes.params] of the focused route.
[routes.openrouter.provider]
data_collection = "deny"            # "allow" (OpenRouter's default) or "deny"
# order = ["openai", "azure"]       # try these providers first, in order
# only = ["openai", "azure"]        # use only these providers
# ignore = ["deepinfra"]            # never use these providers
# allow_fallbacks = true            # false: fail rather than use another provider
# require_parameters = false        # true: only providers that support every parameter sent
# zdr = false                       # true: zero-data-retention endpoints only
# sort = "price"                    # "price", "throughput", "latency" or "exacto"
# quantizations = ["fp8", "bf16"]   # int4, int8, fp4, mxfp4, nvfp4, fp6, fp8, mxfp8, fp16, bf16, fp32
# max_price = { prompt = 1.0, completion = 2.0 }   # USD per million tokens
# preferred_max_latency = 2         # seconds to first token at p50, or { p50 = 1, p90 = 3 }; a soft target
# preferred_min_throughput = 50     # tokens per second at p50, or a table like the above; a soft target
# enforce_distillable_text = false  # true: only models whose terms allow distilling their output

# 2. The same model directly, with a client-side fallback.
[[routes]]
name = "gpt-mini-direct"
provider = "openai"
model = "gpt-4o-mini"
# Routes tried in order when this one fails, each attempt measured and shown.
fallback = ["gpt-mini-backup"]
# Error kinds that trigger the fallback. Default: rate_limited, upstream, and
# timeout before the first token. Also: auth, payment, bad_request, stream,
# network, no_key.
fallback_on = ["rate_limited", "upstream", "timeout"]

# 3. A rival.
[[routes]]
name = "claude-haiku"
provider = "anthropic"
model = "claude-haiku-4-5-20251001"
# tools = ["get_weather"]   # offer these [[tools]] to the model
# tool_choice = "auto"      # "auto", "required", "none" or one tool's name
# schema = '{"type": "object", "properties": {"answer": {"type": "string"}}, "required": ["answer"]}'
#                           # structured output: a JSON Schema, inline or a file name ("person.json");
#                           # each answer is checked against it (also: --schema FILE)

# A hidden route: no pane of its own, used only as gpt-mini-direct's fallback.
[[routes]]
name = "gpt-mini-backup"
provider = "openrouter"
model = "openai/gpt-4o-mini"
hidden = true

# A gateway other than OpenRouter: portkey, litellm, helicone, cloudflare,
# vercel, openrouter or generic. upstream names the direct route it stands
# for, so the two pair in every delta and it is priced as that model.
# headers are sent with every request: a string, or { key = "NAME" } to read
# the value from the key store (never write a secret here).
# [[routes]]
# name = "gpt-mini-portkey"
# gateway = "portkey"
# base_url = "http://localhost:8787/v1"   # self-hosted; hosted: https://api.portkey.ai/v1
# upstream = "openai:gpt-4o-mini"         # x-portkey-provider defaults to "openai"
# headers = { x-portkey-api-key = { key = "portkey" } }

# A model the catalog does not know (a local server, say) needs its own
# price for cost figures, in USD per million tokens:
# [[routes]]
# name = "local-llama"
# provider = "ollama"
# model = "llama3.1:8b"
# Prompt caching has prices of its own: tokens read from the cache (cheaper)
# and tokens written to it (dearer, Anthropic-style); 0 means the input price.
# [routes.price]
# input = 0.0
# output = 0.0
# cache_read = 0.0
# cache_write = 0.0
# "cached" is the older name of cache_read and is still read:
# cached = 0.0
`
