package stream

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"

	"github.com/acme/openrouter-go/models/apierrors"
)

// done always ends a stream, even one declared without a sentinel: it is never valid JSON.
const done = "[DONE]"

// bodyStart is how much of an offending event an error message quotes.
const bodyStart = 200

// EventStream is a stream of T, one value per server-sent event:
//
//	s, err := client.Completions.CreateStream(ctx, request)
//	if err != nil { ... }
//	defer s.Close()
//	for s.Next() {
//		chunk := s.Current()
//		...
//	}
//	if err := s.Err(); err != nil { ... }
//
// The rules: data lines are joined with "\n"; an event whose data is blank is skipped; a
// `[DONE]` sentinel ends the stream; an `error` event or an error payload ({"error": ...},
// {"object": "error"}) stops it with an *apierrors.StreamError; a default or `message` event
// that does not decode as T stops it with an error; an event of another type that does not
// decode is skipped (a keep-alive); a stream that needs a sentinel and ends without one
// stops with an *apierrors.ConnectionError ("truncated").
type EventStream[T any] struct {
	resp     *http.Response
	release  func()
	sentinel string
	decoder  *Decoder
	pending  []Event
	buf      []byte
	current  T
	err      error
	finished bool
	count    int
	ends     []string // events (names or payload tags) that complete the stream
	tag      string   // payload property holding the tag
	complete bool     // a terminal event was yielded: the next Next ends the stream
}

// Ends names the events that complete the stream, by SSE event name or by the payload's tag
// property: such an event is yielded, then the stream ends, and a body that ends before one
// is truncated (an *apierrors.ConnectionError).
func (s *EventStream[T]) Ends(tag string, names ...string) *EventStream[T] {
	s.tag = tag
	s.ends = names
	return s
}

func (s *EventStream[T]) isEnd(e Event) bool {
	for _, name := range s.ends {
		if e.Event == name {
			return true
		}
	}
	var probe map[string]json.RawMessage
	var tag string
	if json.Unmarshal([]byte(e.Data), &probe) != nil || json.Unmarshal(probe[s.tag], &tag) != nil {
		return false
	}
	for _, name := range s.ends {
		if tag == name {
			return true
		}
	}
	return false
}

// New reads T values from the body of resp. release (may be nil) is called on Close.
// sentinel is the data that ends the stream ("" when the end of the body ends it).
func New[T any](resp *http.Response, release func(), sentinel string) *EventStream[T] {
	return &EventStream[T]{
		resp:     resp,
		release:  release,
		sentinel: sentinel,
		decoder:  NewDecoder(),
		buf:      make([]byte, 32*1024),
	}
}

// Response is the HTTP response the stream reads (status and headers).
func (s *EventStream[T]) Response() *http.Response { return s.resp }

// Next advances to the next value; false at the end of the stream or on an error (see Err).
func (s *EventStream[T]) Next() bool {
	if s.complete && !s.finished {
		s.finish()
	}
	for !s.finished {
		for len(s.pending) > 0 {
			event := s.pending[0]
			s.pending = s.pending[1:]
			if s.handle(event) {
				return true
			}
			if s.finished {
				return false
			}
		}
		n, err := s.resp.Body.Read(s.buf)
		if n > 0 {
			s.pending = s.decoder.Feed(s.buf[:n], s.pending[:0])
		}
		if err != nil && len(s.pending) == 0 {
			s.end(err)
		} else if err != nil {
			// Handle the events of this last chunk first; the error is seen on the next read.
			continue
		}
	}
	return false
}

// Current is the value Next advanced to.
func (s *EventStream[T]) Current() T { return s.current }

// Err is the error that stopped the stream, nil when it ended normally.
func (s *EventStream[T]) Err() error { return s.err }

// Close stops the stream and releases the connection; safe to call more than once.
func (s *EventStream[T]) Close() error {
	s.finished = true
	err := s.resp.Body.Close()
	if s.release != nil {
		s.release()
		s.release = nil
	}
	return err
}

func (s *EventStream[T]) end(err error) {
	mid := s.decoder.Finish()
	if errors.Is(err, io.EOF) {
		if s.sentinel != "" || len(s.ends) > 0 {
			where := "between events"
			if mid {
				where = "in the middle of an event"
			}
			signal := s.sentinel
			if signal == "" {
				signal = strings.Join(s.ends, " or ")
			}
			s.fail(&apierrors.ConnectionError{
				Err: fmt.Errorf("stream ended before %s: truncated %s after %d events",
					signal, where, s.count),
			})
			return
		}
		s.finish()
		return
	}
	s.fail(&apierrors.ConnectionError{
		Err: fmt.Errorf("stream interrupted after %d events: %w", s.count, err),
	})
}

func (s *EventStream[T]) fail(err error) {
	s.err = err
	s.finish()
}

func (s *EventStream[T]) finish() {
	s.finished = true
	_ = s.Close()
}

// handle applies the rules to one event; true when it produced a value.
func (s *EventStream[T]) handle(e Event) bool {
	stripped := strings.TrimSpace(e.Data)
	if stripped == "" {
		if len(s.ends) > 0 && e.Event != "" && s.isEnd(e) {
			s.finish() // a terminal event without data
		}
		return false
	}
	if stripped == done || (s.sentinel != "" && stripped == s.sentinel) {
		s.finish()
		return false
	}
	if e.Event == "error" {
		s.fail(apierrors.NewStreamError(e.Data))
		return false
	}
	// A cheap substring test first: an "error" key must appear literally in the text.
	if strings.Contains(e.Data, `"error"`) {
		var payload any
		if json.Unmarshal([]byte(e.Data), &payload) == nil && apierrors.IsErrorPayload(payload) {
			s.fail(apierrors.NewStreamError(e.Data))
			return false
		}
	}
	var value T
	if e.Event == "" || e.Event == "message" {
		if err := json.Unmarshal([]byte(e.Data), &value); err != nil {
			start := e.Data
			if len(start) > bodyStart {
				start = start[:bodyStart]
			}
			s.fail(fmt.Errorf("stream event %d does not match the declared type: %w (data: %s)",
				s.count, err, start))
			return false
		}
	} else {
		// Events of other types are kept only when they really fit (no unknown members):
		// a keep-alive such as `event: ping` must not end the stream.
		dec := json.NewDecoder(bytes.NewReader([]byte(e.Data)))
		dec.DisallowUnknownFields()
		if dec.Decode(&value) != nil {
			return false
		}
	}
	s.current = value
	s.count++
	if len(s.ends) > 0 && s.isEnd(e) {
		s.complete = true
	}
	return true
}
