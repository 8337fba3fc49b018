// Package keyscmd holds the commands that set a user up: `keys` (the OS
// keyring), `routes` (configured routes, the model catalog, OpenRouter's
// endpoints) and `init` (the example config).
package keyscmd

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/catalog"
	"github.com/routeplay/routeplay/backend/config"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/keys"
	"github.com/routeplay/routeplay/ui/cli/cmdenv"
	"github.com/spf13/cobra"
)

// The engine reads route keys through the same store the keys commands manage.
var _ backend.KeySource = (*keys.Store)(nil)

// maxSecretBytes bounds what `keys set` reads from a pipe.
const maxSecretBytes = 64 << 10

// keysCmd carries the state shared by the keys subcommands.
type keysCmd struct {
	deps    *cmdenv.Deps
	io      cmdenv.IO
	timeout time.Duration
	baseURL string
	yes     bool
	store   *keys.Store
	out     io.Writer // stdio.Out through the store's redactor
	errOut  io.Writer
}

// NewKeys builds `routeplay keys` and its subcommands on deps.
func NewKeys(deps *cmdenv.Deps) *cobra.Command {
	stdio := deps.IO
	kc := &keysCmd{deps: deps, io: stdio}
	cmd := &cobra.Command{
		Use:   "keys",
		Short: "Manage provider API keys in the OS keyring",
		Long: "Keys live in the OS keyring (Secret Service, macOS Keychain, Windows Credential Manager),\n" +
			"never in a plain file. An environment variable such as OPENROUTER_API_KEY overrides the keyring.",
		PersistentPreRunE: kc.open,
	}
	cmd.PersistentFlags().DurationVar(&kc.timeout, "timeout", keys.DefaultTimeout, "how long to wait for the OS keyring")
	set := &cobra.Command{
		Use:   "set NAME",
		Short: "Store a key, read from stdin (hidden on a terminal)",
		Args:  setArgs,
		RunE:  func(c *cobra.Command, args []string) error { return kc.set(c.Context(), args[0]) },
	}
	list := &cobra.Command{
		Use:   "list",
		Short: "Show every key: where it comes from, its mask and its last check",
		Args:  cobra.NoArgs,
		RunE:  func(c *cobra.Command, _ []string) error { return kc.list(c) },
	}
	del := &cobra.Command{
		Use:   "delete NAME",
		Short: "Remove a key from the OS keyring",
		Args:  cobra.ExactArgs(1),
		RunE:  func(c *cobra.Command, args []string) error { return kc.delete(c.Context(), args[0]) },
	}
	del.Flags().BoolVar(&kc.yes, "yes", false, "delete without asking (required when stdin is not a terminal)")
	test := &cobra.Command{
		Use:   "test [NAME...]",
		Short: "Check keys against their providers (all known keys when no name is given)",
		RunE:  func(c *cobra.Command, args []string) error { return kc.test(c, args) },
	}
	test.Flags().StringVar(&kc.baseURL, "base-url", "", "check against this base URL instead of the provider's")
	cmd.AddCommand(set, list, del, test)
	return cmd
}

// setArgs refuses a key given as an argument: it would end up in shell
// history and in every process listing.
func setArgs(_ *cobra.Command, args []string) error {
	switch {
	case len(args) == 0:
		return cmdenv.UsageError("keys set needs a key NAME, e.g. \"routeplay keys set openrouter\"")
	case len(args) > 1:
		return cmdenv.UsageError("keys set takes only the key NAME; the key is read from stdin so it never lands in shell history or the process list (paste it at the prompt, or pipe it in)")
	}
	return nil
}

func (kc *keysCmd) open(*cobra.Command, []string) error {
	if kc.timeout <= 0 {
		return cmdenv.UsageError("--timeout must be positive")
	}
	s, err := kc.deps.KeyStore(kc.timeout)
	if err != nil {
		return cmdenv.Failure(err)
	}
	kc.store = s
	kc.out = cmdenv.RedactingWriter{W: kc.io.Out, R: s.Redactor()}
	kc.errOut = cmdenv.RedactingWriter{W: kc.io.Err, R: s.Redactor()}
	return nil
}

func (kc *keysCmd) set(ctx context.Context, name string) error {
	if err := keys.CheckName(name); err != nil {
		return cmdenv.UsageError("%v", err)
	}
	raw, err := kc.readSecret(name)
	if err != nil {
		return err
	}
	stored, err := kc.store.Set(ctx, name, string(raw))
	if errors.Is(err, keys.ErrInvalidValue) {
		return cmdenv.UsageError("%v", err)
	}
	if err != nil {
		return cmdenv.Failure(err)
	}
	fmt.Fprintf(kc.out, "stored %s (%s) in the OS keyring\n", name, keys.Mask(stored))
	if envVar, ok := kc.store.EnvVarInUse(name); ok {
		fmt.Fprintf(kc.errOut, "note: %s is set and takes precedence over the keyring\n", envVar)
	}
	return nil
}

// readSecret reads the key without echo from a terminal, else all of stdin.
func (kc *keysCmd) readSecret(name string) ([]byte, error) {
	if kc.io.InTTY {
		fmt.Fprintf(kc.io.Err, "Paste the %s key (input hidden), then press Enter: ", name)
		read := kc.deps.ReadHidden
		if read == nil {
			read = cmdenv.ReadNoEcho
		}
		b, err := read(kc.io.In)
		fmt.Fprintln(kc.io.Err)
		if err != nil {
			return nil, cmdenv.Failure(fmt.Errorf("reading the key: %w", err))
		}
		return b, nil
	}
	b, err := io.ReadAll(io.LimitReader(kc.io.In, maxSecretBytes+1))
	if err != nil {
		return nil, cmdenv.Failure(fmt.Errorf("reading the key from stdin: %w", err))
	}
	if len(b) > maxSecretBytes {
		return nil, cmdenv.UsageError("stdin holds more than %d KiB; pipe in the key alone", maxSecretBytes>>10)
	}
	return b, nil
}

func (kc *keysCmd) list(c *cobra.Command) error {
	routes := kc.configRoutes(c)
	list, err := kc.store.List(c.Context(), knownKeyNames(routes)...)
	if err != nil {
		return cmdenv.Failure(err)
	}
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tSOURCE\tKEY\tLAST CHECK")
	var problems []string
	for _, k := range list {
		source, masked := k.Source, k.Masked
		if k.Source == keys.SourceEnv {
			source = "env " + k.EnvVar
		}
		if masked == "" {
			masked = "-"
		}
		if k.Err != nil {
			masked = "unreadable"
			problems = append(problems, fmt.Sprintf("%s: %v", k.Name, k.Err))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", k.Name, source, masked, describeCheck(k.Validation))
	}
	tw.Flush()
	for _, p := range problems {
		b.WriteString(p + "\n")
	}
	io.WriteString(kc.out, b.String())
	return nil
}

// describeCheck renders a stored validation: "valid, 212ms, 2026-11-25 12:00 UTC, $1.25 used of $10.00".
func describeCheck(v *keys.Validation) string {
	if v == nil {
		return "never checked"
	}
	parts := []string{v.Status, figure.Ms(float64(v.LatencyMS)), v.At.UTC().Format("2006-01-02 15:04 UTC")}
	if credit := figure.Credit(v.CreditUsage, v.CreditLimit); credit != "" {
		parts = append(parts, credit)
	}
	if v.Status != string(catalog.KeyValid) && v.Message != "" {
		parts = append(parts, v.Message)
	}
	return strings.Join(parts, ", ")
}

func (kc *keysCmd) delete(ctx context.Context, name string) error {
	if err := keys.CheckName(name); err != nil {
		return cmdenv.UsageError("%v", err)
	}
	if !kc.yes {
		if !kc.io.InTTY {
			return cmdenv.UsageError("refusing to delete %q without confirmation: pass --yes", name)
		}
		fmt.Fprintf(kc.io.Err, "Delete the %s key from the OS keyring? [y/N] ", name)
		answer, _ := bufio.NewReader(kc.io.In).ReadString('\n')
		if a := strings.ToLower(strings.TrimSpace(answer)); a != "y" && a != "yes" {
			fmt.Fprintf(kc.errOut, "kept %s\n", name)
			return &cmdenv.ExitError{Code: cmdenv.ExitRouteError}
		}
	}
	err := kc.store.Delete(ctx, name)
	if envVar, ok := kc.store.EnvVarInUse(name); ok && errors.Is(err, keys.ErrNotFound) {
		return cmdenv.Failure(fmt.Errorf("%w; this key comes from %s, which routeplay does not change", err, envVar))
	}
	if err != nil {
		return cmdenv.Failure(err)
	}
	fmt.Fprintf(kc.out, "deleted %s from the OS keyring\n", name)
	if envVar, ok := kc.store.EnvVarInUse(name); ok {
		fmt.Fprintf(kc.errOut, "note: %s is still set and still supplies this key\n", envVar)
	}
	return nil
}

// configRoutes maps key names to the configured routes using each, as
// their key or in a header, in config order. A missing config is normal; a broken one is reported and skipped, since
// keys can be managed without it.
func (kc *keysCmd) configRoutes(c *cobra.Command) map[string][]backend.Route {
	path, _ := c.Flags().GetString("config")
	explicit := path != ""
	if !explicit {
		var err error
		if path, err = kc.deps.DefaultConfigFile(); err != nil {
			return nil
		}
	}
	cfg, err := config.LoadConfig(path)
	if err != nil {
		if explicit || !errors.Is(err, config.ErrNoConfig) {
			fmt.Fprintf(kc.errOut, "warning: config not used: %v\n", err)
		}
		return nil
	}
	out := map[string][]backend.Route{}
	for _, rc := range cfg.Routes {
		if rt, err := rc.Route(); err == nil {
			for _, name := range routeKeyNames(rt) {
				out[name] = append(out[name], rt)
			}
		}
	}
	return out
}

// knownKeyNames are the presets' key names plus those configured routes use.
func knownKeyNames(routes map[string][]backend.Route) []string {
	seen := map[string]bool{}
	var names []string
	for _, k := range backend.KnownKinds() {
		if p, _ := backend.LookupPreset(backend.Kind(k)); p.KeyName != "" && !seen[p.KeyName] {
			seen[p.KeyName] = true
			names = append(names, p.KeyName)
		}
	}
	for name := range routes {
		if !seen[name] {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}
