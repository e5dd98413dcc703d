package sdkrt

import (
	"math"
	"math/rand"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The retry numbers are the Python SDK's (openai-python 1.x semantics).
const (
	DefaultMaxRetries    = 2                      // retries after the first attempt
	DefaultInitialDelay  = 500 * time.Millisecond // backoff of the first retry, before jitter
	DefaultMaxDelay      = 8 * time.Second        // backoff cap
	DefaultMaxRetryAfter = 60 * time.Second       // a longer Retry-After fails at once
	DefaultTimeout       = 600 * time.Second      // per attempt, until the body is read
	RetryCountHeader     = "X-Retry-Count"
)

// RetryConfig says how failed attempts are retried. Zero durations mean the defaults.
type RetryConfig struct {
	MaxRetries    int           // retries after the first attempt; 0 disables retries
	InitialDelay  time.Duration // backoff before the first retry (then doubling), before jitter
	MaxDelay      time.Duration // backoff cap
	MaxRetryAfter time.Duration // the longest Retry-After honoured; longer fails at once
}

// DefaultRetryConfig is used when the SDK is built without WithRetryConfig.
func DefaultRetryConfig() RetryConfig {
	return RetryConfig{
		MaxRetries:    DefaultMaxRetries,
		InitialDelay:  DefaultInitialDelay,
		MaxDelay:      DefaultMaxDelay,
		MaxRetryAfter: DefaultMaxRetryAfter,
	}
}

func (c RetryConfig) withDefaults() RetryConfig {
	if c.MaxRetries < 0 {
		c.MaxRetries = 0
	}
	if c.InitialDelay <= 0 {
		c.InitialDelay = DefaultInitialDelay
	}
	if c.MaxDelay <= 0 {
		c.MaxDelay = DefaultMaxDelay
	}
	if c.MaxRetryAfter <= 0 {
		c.MaxRetryAfter = DefaultMaxRetryAfter
	}
	return c
}

// Backoff is min(initial * 2^n, max) scaled by a random factor in [0.75, 1].
func (c RetryConfig) Backoff(retriesTaken int) time.Duration {
	c = c.withDefaults()
	delay := float64(c.InitialDelay) * math.Pow(2, float64(retriesTaken))
	if delay > float64(c.MaxDelay) {
		delay = float64(c.MaxDelay)
	}
	return time.Duration(delay * (0.75 + 0.25*rand.Float64()))
}

// ShouldRetry reports whether a response status is worth another attempt: the
// x-should-retry header decides when present, else 408, 409, 429 and every 5xx.
func ShouldRetry(resp *http.Response) bool {
	switch strings.ToLower(strings.TrimSpace(resp.Header.Get("x-should-retry"))) {
	case "true":
		return true
	case "false":
		return false
	}
	s := resp.StatusCode
	return s == 408 || s == 409 || s == 429 || s >= 500
}

// ParseRetryAfter returns the delay the server asked for: retry-after-ms first, then
// Retry-After as seconds or an HTTP date; ok is false when neither is usable.
func ParseRetryAfter(h http.Header, now time.Time) (time.Duration, bool) {
	if ms := strings.TrimSpace(h.Get("retry-after-ms")); ms != "" {
		if v, err := strconv.ParseFloat(ms, 64); err == nil && !math.IsNaN(v) && !math.IsInf(v, 0) {
			return time.Duration(v * float64(time.Millisecond)), true
		}
	}
	value := strings.TrimSpace(h.Get("retry-after"))
	if value == "" {
		return 0, false
	}
	if v, err := strconv.ParseFloat(value, 64); err == nil {
		if math.IsNaN(v) || math.IsInf(v, 0) || v > 1e9 {
			return 0, false
		}
		return time.Duration(v * float64(time.Second)), true
	}
	if t, err := http.ParseTime(value); err == nil {
		return t.Sub(now), true
	}
	return 0, false
}
