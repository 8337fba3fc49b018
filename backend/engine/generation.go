package engine

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/routeplay/routeplay/backend"
	"github.com/routeplay/routeplay/backend/figure"
	"github.com/routeplay/routeplay/backend/safetext"
	"github.com/routeplay/routeplay/backend/wire"
	"github.com/routeplay/routeplay/backend/wire/apierror"
)

// GenerationStats are OpenRouter's own figures for one generation, from
// GET {base}/generation?id=…. Nil fields are figures it did not report.
type GenerationStats struct {
	ID       string
	Model    string
	Provider string
	// Latency is what OpenRouter reports as the upstream's latency: from its
	// request to the provider until the first token came back.
	Latency        *time.Duration
	GenerationTime *time.Duration
	TotalCostUSD   *float64
	BYOK           bool
}

// ErrGenerationNotYet means OpenRouter had no stats for the generation yet;
// they appear a moment after the answer ends.
var ErrGenerationNotYet = errors.New("generation stats not yet available")

// generationRetries are the waits before each try: three tries over about
// two seconds, as OpenRouter needs a moment to record a generation.
var generationRetries = []time.Duration{0, 600 * time.Millisecond, 1400 * time.Millisecond}

// maxGenerationBody caps how much of the stats answer is read.
const maxGenerationBody = 256 << 10

// GenerationStats fetches OpenRouter's stats for a finished run of an
// OpenRouter route. It retries briefly while OpenRouter answers 404, then
// returns ErrGenerationNotYet. Errors never contain the key.
func (e *Engine) GenerationStats(ctx context.Context, rt backend.Route, id string) (GenerationStats, error) {
	if rt.Kind != backend.KindOpenRouter {
		return GenerationStats{}, fmt.Errorf("generation stats: route %s is not an OpenRouter route", rt.Name)
	}
	if id == "" {
		return GenerationStats{}, errors.New("generation stats: the stream named no generation id")
	}
	s := &stream{engine: e, rt: rt}
	if re := s.loadKey(ctx); re != nil {
		return GenerationStats{}, fmt.Errorf("generation stats: %s", re.Message)
	}
	client := e.client
	if rt.Simulated {
		client = e.demo
	}
	u := wire.JoinURL(rt.BaseURL, "/generation") + "?id=" + url.QueryEscape(id)
	for _, wait := range generationRetries {
		if err := Sleep(ctx, wait); err != nil {
			return GenerationStats{}, fmt.Errorf("generation stats: %w", err)
		}
		st, err := fetchGeneration(ctx, client, u, s.key)
		if !errors.Is(err, ErrGenerationNotYet) {
			if err != nil {
				err = errors.New(s.clean(err.Error(), apierror.MaxMessageRunes))
			}
			return st, err
		}
	}
	return GenerationStats{}, ErrGenerationNotYet
}

// Sleep waits for d or until ctx is done, whichever comes first; it
// returns ctx.Err() when ctx ended the wait.
func Sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

type generationBody struct {
	Data struct {
		ID             string   `json:"id"`
		Model          string   `json:"model"`
		ProviderName   string   `json:"provider_name"`
		Latency        *float64 `json:"latency"`
		GenerationTime *float64 `json:"generation_time"`
		TotalCost      *float64 `json:"total_cost"`
		IsBYOK         bool     `json:"is_byok"`
	} `json:"data"`
}

func fetchGeneration(ctx context.Context, client *http.Client, u, key string) (GenerationStats, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return GenerationStats{}, fmt.Errorf("generation stats: %w", err)
	}
	if key != "" {
		req.Header.Set("Authorization", "Bearer "+key)
	}
	req.Header.Set("HTTP-Referer", wire.OpenRouterReferer)
	req.Header.Set("X-Title", wire.OpenRouterTitle)
	resp, err := client.Do(req)
	if err != nil {
		return GenerationStats{}, fmt.Errorf("generation stats: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxGenerationBody))
	if err != nil {
		return GenerationStats{}, fmt.Errorf("generation stats: reading the answer: %w", err)
	}
	if resp.StatusCode == http.StatusNotFound {
		return GenerationStats{}, ErrGenerationNotYet
	}
	if resp.StatusCode != http.StatusOK {
		re := apierror.FromResponse(backend.WireOpenAI, resp.StatusCode, resp.Header, body)
		return GenerationStats{}, fmt.Errorf("generation stats: %s", re.Error())
	}
	var gb generationBody
	if err := json.Unmarshal(body, &gb); err != nil {
		return GenerationStats{}, errors.New("generation stats: the answer was not the expected JSON")
	}
	d := gb.Data
	return GenerationStats{ID: safetext.Sanitize(d.ID), Model: safetext.Sanitize(d.Model), Provider: safetext.Sanitize(d.ProviderName),
		Latency: msDuration(d.Latency), GenerationTime: msDuration(d.GenerationTime),
		TotalCostUSD: believableCost(d.TotalCost), BYOK: d.IsBYOK}, nil
}

// believableCost drops a cost that cannot be right (see backend.ValidCost).
func believableCost(v *float64) *float64 {
	if v == nil || !backend.ValidCost(*v) {
		return nil
	}
	return v
}

// msDuration reads a non-negative millisecond figure; anything else is absent.
func msDuration(v *float64) *time.Duration {
	if v == nil || !(*v >= 0) || *v > 1e9 {
		return nil
	}
	d := time.Duration(*v * float64(time.Millisecond))
	return &d
}

// FirstTokenSplit divides a gateway route's measured first-token time into
// the upstream's part (OpenRouter's reported latency) and the rest: the
// network to the gateway plus the gateway itself.
type FirstTokenSplit struct {
	FirstToken time.Duration // measured here
	Upstream   time.Duration // reported by OpenRouter
	Rest       time.Duration // FirstToken - Upstream
	// Note explains a split that could not be made from consistent figures.
	Note string
	OK   bool
}

// SplitFirstToken splits res's first-token time with st. It refuses (OK
// false, with a note) when either figure is missing or the reported upstream
// latency exceeds the measured first token, which happens when the two
// clocks measure different things; a negative "rest" would be a made-up number.
func SplitFirstToken(res *backend.Result, st GenerationStats) FirstTokenSplit {
	ft := res.Timing.FirstToken
	switch {
	case ft == nil:
		return FirstTokenSplit{Note: "no first token was measured"}
	case st.Latency == nil:
		return FirstTokenSplit{FirstToken: *ft, Note: "OpenRouter reported no upstream latency"}
	case *st.Latency > *ft:
		return FirstTokenSplit{FirstToken: *ft, Upstream: *st.Latency,
			Note: fmt.Sprintf("OpenRouter's upstream latency (%s) exceeds the measured first token (%s); not split",
				figure.Duration(*st.Latency), figure.Duration(*ft))}
	}
	return FirstTokenSplit{FirstToken: *ft, Upstream: *st.Latency, Rest: *ft - *st.Latency, OK: true}
}
