package stream

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/acme/openrouter-go/models/apierrors"
)

// LineStream is a stream of T read from a JSON Lines body (application/jsonl,
// application/x-ndjson): one JSON value per line, decoded as it arrives.
//
//	s, err := client.Exports.List(ctx, request)
//	if err != nil { ... }
//	defer s.Close()
//	for s.Next() {
//		row := s.Current()
//		...
//	}
//	if err := s.Err(); err != nil { ... }
//
// Blank lines are skipped; a line that does not decode as T stops the stream with an error
// naming the line; a body cut off by the connection stops it with an
// *apierrors.ConnectionError.
type LineStream[T any] struct {
	resp     *http.Response
	release  func()
	reader   *bufio.Reader
	current  T
	err      error
	finished bool
	line     int
}

// NewLines starts reading the JSON Lines body of resp; release is called once on Close.
func NewLines[T any](resp *http.Response, release func()) *LineStream[T] {
	return &LineStream[T]{resp: resp, release: release, reader: bufio.NewReaderSize(resp.Body, 32*1024)}
}

// Response is the HTTP response the stream reads (status and headers).
func (s *LineStream[T]) Response() *http.Response { return s.resp }

// Next advances to the next value; false at the end of the body or on an error (see Err).
func (s *LineStream[T]) Next() bool {
	for !s.finished {
		data, err := s.reader.ReadBytes('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			s.fail(&apierrors.ConnectionError{
				Err: fmt.Errorf("stream interrupted after %d lines: %w", s.line, err),
			})
			return false
		}
		if text := bytes.TrimSpace(data); len(text) > 0 {
			s.line++
			var value T
			if decodeErr := json.Unmarshal(text, &value); decodeErr != nil {
				s.fail(fmt.Errorf("line %d of the JSON Lines body: %w", s.line, decodeErr))
				return false
			}
			s.current = value
			if err != nil {
				s.finish() // the last line, without a newline
			}
			return true
		}
		if len(data) > 0 {
			s.line++
		}
		if err != nil {
			s.finish()
		}
	}
	return false
}

// Current is the value Next advanced to.
func (s *LineStream[T]) Current() T { return s.current }

// Err is the error that stopped the stream, nil when it ended normally.
func (s *LineStream[T]) Err() error { return s.err }

// Close stops the stream and releases the connection; safe to call more than once.
func (s *LineStream[T]) Close() error {
	s.finished = true
	err := s.resp.Body.Close()
	if s.release != nil {
		s.release()
		s.release = nil
	}
	return err
}

func (s *LineStream[T]) fail(err error) {
	s.err = err
	s.finish()
}

func (s *LineStream[T]) finish() {
	s.finished = true
	_ = s.Close()
}
