package keyscmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"text/tabwriter"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/catalog"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/keys"
	"github.com/routeplay/routeplay/ui/cli/cmdenv"
	"github.com/spf13/cobra"
)

// This file holds `routeplay keys test`: checking keys with their providers.

// keyCheck is one key being tested.
type keyCheck struct {
	name   string
	kind   backend.Kind
	base   string
	secret string
	err    error // the key could not be read
	result catalog.Validation
	// through is the gateway route the key is checked through; nil for
	// a check at the provider.
	through *backend.Route
	// record: this check's verdict is the one the key index keeps.
	record bool
}

func (kc *keysCmd) test(c *cobra.Command, names []string) error {
	ctx := c.Context()
	routes := kc.configRoutes(c)
	if len(names) == 0 {
		var err error
		if names, err = kc.availableNames(ctx, routes); err != nil {
			return cmdenv.Failure(err)
		}
		if len(names) == 0 {
			fmt.Fprintln(kc.errOut, "no keys to test: add one with \"routeplay keys set NAME\" or set its environment variable")
			return nil
		}
	}
	var checks []*keyCheck
	for _, name := range names {
		if err := keys.CheckName(name); err != nil {
			return cmdenv.UsageError("%v", err)
		}
		checks = append(checks, kc.prepare(ctx, name, routes)...)
	}
	kc.runChecks(ctx, checks)
	return kc.reportChecks(checks)
}

// availableNames lists the keys that have a value somewhere.
func (kc *keysCmd) availableNames(ctx context.Context, routes map[string][]backend.Route) ([]string, error) {
	list, err := kc.store.List(ctx, knownKeyNames(routes)...)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, k := range list {
		if k.Source != keys.SourceMissing {
			names = append(names, k.Name)
		}
	}
	return names, nil
}

// prepare reads the key and works out where it is checked: at the
// provider of a direct route that uses it, else at the preset whose key
// name it is; and through each gateway route that sends it (as its key or
// in a header), unless --base-url names the one place to check.
func (kc *keysCmd) prepare(ctx context.Context, name string, routes map[string][]backend.Route) []*keyCheck {
	ch := &keyCheck{name: name, base: kc.baseURL}
	ch.secret, _, ch.err = kc.store.Key(ctx, name)
	direct, through := splitGatewayRoutes(routes[name])
	if kc.baseURL != "" || ch.err != nil {
		through = nil
	}
	// A configured route's base URL comes first: that is where the key goes
	// (a proxy, a regional host), so that is where it must work.
	if len(direct) > 0 {
		ch.kind = direct[0].Kind
		if ch.base == "" {
			ch.base = direct[0].BaseURL
		}
	} else if kind, ok := presetKindFor(name); ok && len(through) == 0 {
		ch.kind = kind
	} else if ch.base != "" {
		ch.kind = backend.KindOpenAICompatible
	}
	var checks []*keyCheck
	if ch.kind != "" || len(through) == 0 {
		checks = append(checks, ch)
	}
	for _, rt := range through {
		checks = append(checks, &keyCheck{name: name, through: &rt})
	}
	checks[0].record = true
	return checks
}

// runChecks validates every readable key at once; the answers are independent.
func (kc *keysCmd) runChecks(ctx context.Context, checks []*keyCheck) {
	client := kc.deps.HTTP
	var wg sync.WaitGroup
	for _, ch := range checks {
		switch {
		case ch.err != nil:
			continue
		case ch.kind == "" && ch.through == nil:
			ch.result = catalog.Validation{Status: catalog.KeyUnchecked,
				Message: fmt.Sprintf("no provider known for key %q: add a route with key = %q to the config, or pass --base-url", ch.name, ch.name)}
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			ch.result = kc.validate(ctx, client, ch)
		}()
	}
	wg.Wait()
}

// reportChecks prints one line per key, records each verdict in the index
// and fails when any key is missing, rejected or could not be checked.
func (kc *keysCmd) reportChecks(checks []*keyCheck) error {
	var b strings.Builder
	tw := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	failed := false
	var recordErr error
	for _, ch := range checks {
		if ch.err != nil {
			failed = true
			status := "error"
			if errors.Is(ch.err, keys.ErrNotFound) {
				status = keys.SourceMissing
			}
			fmt.Fprintf(tw, "%s\t%s\t-\t%v\n", ch.name, status, ch.err)
			continue
		}
		r := ch.result
		detail := r.Message
		if credit := figure.Credit(r.CreditUsage, r.CreditLimit); credit != "" {
			detail += "; credit " + credit
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", ch.name, r.Status, figure.Duration(r.Latency), detail)
		failed = failed || r.Status != catalog.KeyValid
		if r.Status == catalog.KeyUnchecked || !ch.record {
			continue
		}
		err := kc.store.RecordValidation(ch.name, keys.Validation{Status: string(r.Status),
			LatencyMS: r.Latency.Milliseconds(), At: time.Now().UTC(), Message: r.Message,
			CreditUsage: r.CreditUsage, CreditLimit: r.CreditLimit})
		if err != nil && recordErr == nil {
			recordErr = err
		}
	}
	tw.Flush()
	io.WriteString(kc.out, b.String())
	if recordErr != nil {
		fmt.Fprintf(kc.errOut, "warning: results not saved: %v\n", recordErr)
	}
	if failed {
		return &cmdenv.ExitError{Code: cmdenv.ExitRouteError}
	}
	return nil
}

// presetKindFor finds the provider whose default key name is name.
func presetKindFor(name string) (backend.Kind, bool) {
	for _, k := range backend.KnownKinds() {
		if p, _ := backend.LookupPreset(backend.Kind(k)); p.KeyName == name {
			return p.Kind, true
		}
	}
	return "", false
}
