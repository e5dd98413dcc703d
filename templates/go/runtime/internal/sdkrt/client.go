// Package sdkrt is the HTTP machinery shared by every operation of the SDK: building
// requests, credentials, retries with backoff and Retry-After, timeouts and error statuses.
package sdkrt

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"sdkforge.example/sdk/models/apierrors"
)

// HTTPClient is what the SDK sends requests with; *http.Client satisfies it.
type HTTPClient interface {
	Do(req *http.Request) (*http.Response, error)
}

// Credential is one configured way to authenticate, named after its security scheme.
type Credential struct {
	Scheme   string // the scheme's name in the spec
	Kind     string // "bearer", "basic" or "api_key"
	Location string // for api_key: "header", "query" or "cookie"
	Name     string // for api_key: the header, query or cookie name
	Value    string // the token or key
	Username string // for basic
	Password string // for basic
}

// Config is the SDK-wide configuration every call starts from.
type Config struct {
	Client            HTTPClient
	ServerURL         string // base URL, without a trailing slash
	Retry             RetryConfig
	Timeout           time.Duration // per attempt; 0 means DefaultTimeout
	UserAgent         string
	Credentials       []Credential
	IdempotencyHeader string      // sent with one key per call on non-GET requests, when set
	Headers           http.Header // sent with every request (a call's headers win)
}

// CallOptions override the configuration for one call.
type CallOptions struct {
	Retry     *RetryConfig
	Timeout   time.Duration
	ServerURL string
	Headers   http.Header
	// ResponseInto, when set, receives the final HTTP response (its body already read:
	// Body then reads the same bytes again; for a stream it is the stream itself).
	ResponseInto **http.Response
}

// Request is one operation call, ready to send (and to send again on retry).
type Request struct {
	Method      string
	Path        string // with path parameters already substituted and escaped
	Query       url.Values
	Headers     http.Header
	Body        []byte // nil when the call has no body
	ContentType string
	Accept      string
	Security    [][]string // alternatives of scheme names; nil sends no credentials
	Stream      bool       // the body is read incrementally by the caller
	Options     CallOptions
}

// Do sends the request, retrying as configured. On success it returns the response and,
// unless r.Stream, its whole body (the response body is then closed). For a stream the body
// is left open and release must be called once it has been read. An error status after the
// last attempt is an *apierrors.APIError; a failed connection an *apierrors.ConnectionError.
func (c *Config) Do(ctx context.Context, r *Request) (*http.Response, []byte, func(), error) {
	retry := c.Retry
	if r.Options.Retry != nil {
		retry = *r.Options.Retry
	}
	retry = retry.withDefaults()
	timeout := c.Timeout
	if r.Options.Timeout > 0 {
		timeout = r.Options.Timeout
	}
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	target, err := c.url(r)
	if err != nil {
		return nil, nil, nil, err
	}
	idempotencyKey := ""
	if c.IdempotencyHeader != "" && r.Method != http.MethodGet {
		idempotencyKey = newKey()
	}
	op := r.Method + " " + strings.SplitN(target, "?", 2)[0]
	for attempt := 0; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return nil, nil, nil, err
		}
		attemptCtx, cancel := context.WithCancel(ctx)
		timer := time.AfterFunc(timeout, cancel)
		stop := func() bool { // true when the timeout fired
			fired := !timer.Stop()
			cancel()
			return fired
		}
		req, err := c.build(attemptCtx, r, target, attempt, idempotencyKey)
		if err != nil {
			stop()
			return nil, nil, nil, err
		}
		resp, err := c.Client.Do(req)
		if err != nil {
			timedOut := stop()
			if ctx.Err() != nil {
				return nil, nil, nil, ctx.Err()
			}
			if attempt < retry.MaxRetries && retryableTransport(err) {
				if err := sleep(ctx, retry.Backoff(attempt)); err != nil {
					return nil, nil, nil, err
				}
				continue
			}
			return nil, nil, nil, &apierrors.ConnectionError{Op: op, Timeout: timedOut, Err: err}
		}
		if resp.StatusCode >= 200 && resp.StatusCode < 300 {
			if r.Stream {
				// The timeout covers the wait for the headers; a stream may then run for
				// as long as the caller reads it (cancel the context to stop it).
				timer.Stop()
				r.keep(resp, nil)
				return resp, nil, cancel, nil
			}
			body, readErr := io.ReadAll(resp.Body)
			resp.Body.Close()
			timedOut := stop()
			if readErr == nil {
				r.keep(resp, body)
				return resp, body, nil, nil
			}
			if ctx.Err() != nil {
				return nil, nil, nil, ctx.Err()
			}
			if attempt < retry.MaxRetries {
				if err := sleep(ctx, retry.Backoff(attempt)); err != nil {
					return nil, nil, nil, err
				}
				continue
			}
			return nil, nil, nil, &apierrors.ConnectionError{Op: op, Timeout: timedOut, Err: readErr}
		}
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 8<<20))
		resp.Body.Close()
		stop()
		delay, hasDelay := ParseRetryAfter(resp.Header, time.Now())
		if attempt < retry.MaxRetries && ShouldRetry(resp) {
			if hasDelay && delay > retry.MaxRetryAfter {
				// Waiting minutes inside a call helps nobody: fail fast and say how long.
				return nil, nil, nil, apierrors.NewAPIError(resp, body, delay)
			}
			if !hasDelay || delay <= 0 {
				delay = retry.Backoff(attempt)
			}
			if err := sleep(ctx, delay); err != nil {
				return nil, nil, nil, err
			}
			continue
		}
		if !hasDelay || delay < 0 {
			delay = 0
		}
		r.keep(resp, body)
		return nil, nil, nil, apierrors.NewAPIError(resp, body, delay)
	}
}

// keep hands the response to the caller's WithResponseInto; body is what was read (nil for
// a stream, whose body is left as it is).
func (r *Request) keep(resp *http.Response, body []byte) {
	if r.Options.ResponseInto == nil {
		return
	}
	if body != nil || !r.Stream {
		resp.Body = io.NopCloser(bytes.NewReader(body))
	}
	*r.Options.ResponseInto = resp
}

func (c *Config) url(r *Request) (string, error) {
	base := c.ServerURL
	if r.Options.ServerURL != "" {
		base = r.Options.ServerURL
	}
	base = strings.TrimRight(base, "/")
	if base == "" {
		return "", errors.New("no server URL: this API declares none, so pass WithServerURL")
	}
	if !strings.HasPrefix(base, "http://") && !strings.HasPrefix(base, "https://") {
		return "", fmt.Errorf("invalid server URL %q: it must start with http:// or https://", base)
	}
	path := r.Path
	if !strings.HasPrefix(path, "/") {
		path = "/" + path
	}
	query := url.Values{}
	for name, values := range r.Query {
		query[name] = append([]string(nil), values...)
	}
	for _, cred := range c.credentials(r.Security) {
		if cred.Kind == "api_key" && cred.Location == "query" {
			query.Set(cred.Name, cred.Value)
		}
	}
	target := base + path
	if len(query) > 0 {
		target += "?" + query.Encode()
	}
	return target, nil
}

func (c *Config) build(
	ctx context.Context, r *Request, target string, attempt int, idempotencyKey string,
) (*http.Request, error) {
	var body io.Reader
	if r.Body != nil {
		body = bytes.NewReader(r.Body)
	}
	req, err := http.NewRequestWithContext(ctx, r.Method, target, body)
	if err != nil {
		return nil, err
	}
	if c.UserAgent != "" {
		req.Header.Set("User-Agent", c.UserAgent)
	}
	if r.ContentType != "" && r.Body != nil {
		req.Header.Set("Content-Type", r.ContentType)
	}
	if r.Accept != "" {
		req.Header.Set("Accept", r.Accept)
	}
	for name, values := range r.Headers {
		req.Header[http.CanonicalHeaderKey(name)] = values
	}
	for _, cred := range c.credentials(r.Security) {
		switch {
		case cred.Kind == "bearer":
			req.Header.Set("Authorization", "Bearer "+cred.Value)
		case cred.Kind == "basic":
			req.SetBasicAuth(cred.Username, cred.Password)
		case cred.Location == "header":
			req.Header.Set(cred.Name, cred.Value)
		case cred.Location == "cookie":
			req.AddCookie(&http.Cookie{Name: cred.Name, Value: cred.Value})
		}
	}
	if idempotencyKey != "" {
		req.Header.Set(c.IdempotencyHeader, idempotencyKey)
	}
	req.Header.Set(RetryCountHeader, strconv.Itoa(attempt))
	for name, values := range c.Headers {
		req.Header[http.CanonicalHeaderKey(name)] = values
	}
	for name, values := range r.Options.Headers {
		req.Header[http.CanonicalHeaderKey(name)] = values
	}
	return req, nil
}

// credentials picks the credentials to send: the first alternative whose schemes are all
// configured; else none if some alternative needs nothing; else every configured one the
// alternatives name (the server then says what is missing).
func (c *Config) credentials(alternatives [][]string) []Credential {
	byScheme := map[string]Credential{}
	for _, cred := range c.Credentials {
		if cred.Value != "" || cred.Username != "" || cred.Password != "" {
			byScheme[cred.Scheme] = cred
		}
	}
	optional := false
	for _, alt := range alternatives {
		if len(alt) == 0 {
			optional = true
			continue
		}
		var picked []Credential
		for _, scheme := range alt {
			if cred, ok := byScheme[scheme]; ok {
				picked = append(picked, cred)
			}
		}
		if len(picked) == len(alt) {
			return picked
		}
	}
	if optional {
		return nil
	}
	var some []Credential
	seen := map[string]bool{}
	for _, alt := range alternatives {
		for _, scheme := range alt {
			if cred, ok := byScheme[scheme]; ok && !seen[scheme] {
				seen[scheme] = true
				some = append(some, cred)
			}
		}
	}
	return some
}

// retryableTransport reports whether a transport error may succeed on another attempt
// (everything but a malformed request, which would fail the same way again).
func retryableTransport(err error) bool {
	var urlErr *url.Error
	if errors.As(err, &urlErr) && strings.Contains(urlErr.Err.Error(), "unsupported protocol") {
		return false
	}
	return true
}

func sleep(ctx context.Context, d time.Duration) error {
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

func newKey() string {
	var b [16]byte
	if _, err := rand.Read(b[:]); err != nil {
		return strconv.FormatInt(time.Now().UnixNano(), 36)
	}
	return "sdk-retry-" + hex.EncodeToString(b[:])
}

// BodyReader is a successful response's body, read as it arrives: the caller must Close it,
// which also ends the call.
func BodyReader(resp *http.Response, release func()) io.ReadCloser {
	return &bodyReader{ReadCloser: resp.Body, release: release}
}

type bodyReader struct {
	io.ReadCloser
	release func()
}

func (b *bodyReader) Close() error {
	err := b.ReadCloser.Close()
	if b.release != nil {
		b.release()
		b.release = nil
	}
	return err
}
