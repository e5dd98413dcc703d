// Package apierrors holds the errors an SDK call returns: APIError for any error status,
// a typed error per status the API declares (see errors.go), and StreamError for an error
// event inside a stream.
//
// Use errors.As to inspect them:
//
//	var apiErr *apierrors.APIError
//	if errors.As(err, &apiErr) {
//		log.Println(apiErr.StatusCode, string(apiErr.Body))
//	}
//
// Every typed error unwraps to its *APIError, so the check above matches them too.
package apierrors

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// bodyStart is how much of a body an error message quotes.
const bodyStart = 200

// APIError is a response with an error status (after any retries).
type APIError struct {
	StatusCode int         // the HTTP status code
	Body       []byte      // the whole response body
	Headers    http.Header // the response headers
	Message    string      // the server's message (from {"error": {"message"}} and similar), one line
	Method     string      // the request method
	URL        string      // the request URL without its query (which may hold credentials)
	// RetryAfter is the delay the server asked for (Retry-After or retry-after-ms), 0 if none.
	// A delay above the retry limit is not waited for: the error is returned at once.
	RetryAfter time.Duration
}

// NewAPIError builds an APIError from a finished response and its body.
func NewAPIError(resp *http.Response, body []byte, retryAfter time.Duration) *APIError {
	e := &APIError{
		StatusCode: resp.StatusCode,
		Body:       body,
		Headers:    resp.Header,
		Message:    serverMessage(body),
		RetryAfter: retryAfter,
	}
	if resp.Request != nil {
		e.Method = resp.Request.Method
		if resp.Request.URL != nil {
			u := *resp.Request.URL
			u.RawQuery = ""
			u.User = nil
			e.URL = u.String()
		}
	}
	return e
}

// Error reports the status and the server's message on one line.
func (e *APIError) Error() string {
	text := fmt.Sprintf("API error: status %d", e.StatusCode)
	if e.Method != "" {
		text += fmt.Sprintf(" (%s %s)", e.Method, e.URL)
	}
	if e.Message != "" {
		text += ": " + e.Message
	}
	return text
}

// StreamError is an error event received inside a stream (`event: error`, or a data payload
// shaped like {"error": {...}} or {"object": "error", ...}).
type StreamError struct {
	Message string // the error's message, one line
	Code    any    // the error's code or type, nil if none
	Payload any    // the decoded event data (a string when it is not JSON)
}

// Error returns the message.
func (e *StreamError) Error() string {
	if e.Code != nil {
		return fmt.Sprintf("stream error (%v): %s", e.Code, e.Message)
	}
	return "stream error: " + e.Message
}

// NewStreamError builds a StreamError from an event's data, decoded when it is JSON.
func NewStreamError(data string) *StreamError {
	var payload any
	if err := json.Unmarshal([]byte(data), &payload); err != nil {
		payload = data
	}
	e := &StreamError{Payload: payload}
	if obj, ok := payload.(map[string]any); ok {
		switch inner := obj["error"].(type) {
		case map[string]any:
			e.Code = first(inner["code"], inner["type"])
			e.Message, _ = inner["message"].(string)
		case string:
			e.Message = inner
			e.Code = obj["code"]
		default:
			e.Code = first(obj["code"], obj["type"])
			e.Message, _ = obj["message"].(string)
		}
	}
	if strings.TrimSpace(e.Message) == "" {
		e.Message = clip(data)
	}
	e.Message = strings.Join(strings.Fields(e.Message), " ")
	if e.Message == "" {
		e.Message = "error event in stream"
	}
	return e
}

// IsErrorPayload reports whether decoded event data is an error object.
func IsErrorPayload(payload any) bool {
	obj, ok := payload.(map[string]any)
	if !ok {
		return false
	}
	switch obj["error"].(type) {
	case map[string]any, string:
		return true
	}
	return obj["object"] == "error"
}

func first(values ...any) any {
	for _, v := range values {
		if v != nil {
			return v
		}
	}
	return nil
}

func clip(text string) string {
	if len(text) > bodyStart {
		return text[:bodyStart]
	}
	return text
}

// serverMessage finds the human-readable message of an error body, on one line.
func serverMessage(body []byte) string {
	var obj map[string]any
	message := ""
	if json.Unmarshal(body, &obj) == nil {
		switch inner := obj["error"].(type) {
		case map[string]any:
			message, _ = inner["message"].(string)
		case string:
			message = inner
		}
		if message == "" {
			if m, ok := obj["message"].(string); ok {
				message = m
			} else if d, ok := obj["detail"]; ok && d != nil {
				if s, ok := d.(string); ok {
					message = s
				} else if b, err := json.Marshal(d); err == nil {
					message = string(b)
				}
			}
		}
	}
	if message == "" {
		message = clip(string(body))
	}
	return strings.Join(strings.Fields(message), " ")
}

// ConnectionError is a request that got no usable response: the connection failed, timed
// out, or broke while the body was read (after any retries).
type ConnectionError struct {
	Op      string // what was being done, e.g. "POST https://api.example.com/v1/items"
	Timeout bool   // the attempt ran past the SDK's timeout
	Err     error  // the underlying error
}

// Error describes the failure on one line.
func (e *ConnectionError) Error() string {
	what := "connection error"
	if e.Timeout {
		what = "request timed out"
	}
	if e.Op != "" {
		what += " (" + e.Op + ")"
	}
	if e.Err != nil {
		what += ": " + e.Err.Error()
	}
	return what
}

// Unwrap returns the underlying error.
func (e *ConnectionError) Unwrap() error { return e.Err }

// Is makes errors.Is(err, context.DeadlineExceeded) true for an attempt that ran past the
// SDK's timeout.
func (e *ConnectionError) Is(target error) bool {
	return e.Timeout && target == context.DeadlineExceeded
}

// ValidationError is a request the SDK refused to send: a required field is not set.
type ValidationError struct {
	Field   string // the field's wire name
	Message string
}

// Error describes the problem on one line.
func (e *ValidationError) Error() string {
	return "invalid request: " + e.Field + ": " + e.Message
}
