// Package stream holds the server-sent events decoder and EventStream, the value a
// streaming operation returns.
package stream

import (
	"bytes"
	"strconv"
	"strings"
)

// Event is one dispatched server-sent event.
type Event struct {
	Event string // the last `event:` field, "" for the default type "message"
	Data  string // the `data:` lines joined with "\n"
	ID    string // the last event ID so far (it persists across events)
	Retry int    // the last reconnection time in ms so far, -1 if none
}

// Decoder is an incremental WHATWG event-stream decoder
// (https://html.spec.whatwg.org/multipage/server-sent-events.html#event-stream-interpretation):
// feed it bytes cut anywhere (even inside a CRLF pair or a UTF-8 character), get complete
// events back. Lines end at CRLF, LF or CR; a leading BOM is dropped; comments are skipped;
// an event without data lines is not dispatched; the event still pending at the end of the
// stream is discarded.
type Decoder struct {
	started   bool     // the BOM is only stripped at the very start
	pendingCR bool     // the last chunk ended in CR: a leading LF belongs to it
	partial   []byte   // the current unterminated line
	data      []string // data lines of the current event
	hasData   bool
	event     string
	lastID    string
	retry     int
}

// NewDecoder returns a decoder at the start of a stream.
func NewDecoder() *Decoder { return &Decoder{retry: -1} }

var bom = []byte("\xef\xbb\xbf")

// Feed decodes one chunk and appends the events it completed to out.
func (d *Decoder) Feed(chunk []byte, out []Event) []Event {
	if !d.started {
		// The BOM may itself arrive split across chunks: wait for 3 bytes first.
		if len(d.partial)+len(chunk) < len(bom) && bytes.HasPrefix(bom, append(d.partial, chunk...)) {
			d.partial = append(d.partial, chunk...)
			return out
		}
		d.started = true
		chunk = append(d.partial, chunk...)
		d.partial = nil
		chunk = bytes.TrimPrefix(chunk, bom)
	}
	if d.pendingCR && len(chunk) > 0 {
		d.pendingCR = false
		if chunk[0] == '\n' {
			chunk = chunk[1:] // the second half of a CRLF split across chunks
		}
	}
	for len(chunk) > 0 {
		i := bytes.IndexAny(chunk, "\r\n")
		if i < 0 {
			d.partial = append(d.partial, chunk...)
			return out
		}
		var line []byte
		if len(d.partial) > 0 {
			d.partial = append(d.partial, chunk[:i]...)
			line = d.partial
		} else {
			line = chunk[:i]
		}
		if chunk[i] == '\r' {
			if i+1 < len(chunk) {
				if chunk[i+1] == '\n' {
					i++
				}
			} else {
				d.pendingCR = true
			}
		}
		chunk = chunk[i+1:]
		out = d.line(line, out)
		d.partial = d.partial[:0]
	}
	return out
}

func (d *Decoder) line(line []byte, out []Event) []Event {
	if len(line) == 0 {
		// Blank line: dispatch, unless the event has no data lines (then only reset).
		if d.hasData {
			out = append(out, Event{
				Event: d.event,
				Data:  strings.Join(d.data, "\n"),
				ID:    d.lastID,
				Retry: d.retry,
			})
		}
		d.data = d.data[:0]
		d.hasData = false
		d.event = ""
		return out
	}
	colon := bytes.IndexByte(line, ':')
	if colon == 0 {
		return out // a comment, e.g. ": OPENROUTER PROCESSING"
	}
	var name, value string
	if colon < 0 {
		name = string(line)
	} else {
		name = string(line[:colon])
		v := line[colon+1:]
		if len(v) > 0 && v[0] == ' ' {
			v = v[1:]
		}
		value = string(v)
	}
	switch name {
	case "data":
		d.data = append(d.data, value)
		d.hasData = true
	case "event":
		d.event = value
	case "id":
		if !strings.ContainsRune(value, 0) {
			d.lastID = value
		}
	case "retry":
		if n, err := strconv.Atoi(value); err == nil && n >= 0 && isDigits(value) {
			d.retry = n
		}
	}
	// Any other field name is ignored, as the standard requires.
	return out
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// Finish ends the stream: the pending event is discarded; it reports whether one had been
// started (data, an event type or part of a line), which means the stream was cut mid-event.
func (d *Decoder) Finish() bool {
	pending := d.hasData || d.event != "" || len(d.partial) > 0 || (!d.started && len(d.partial) > 0)
	d.data, d.hasData, d.event, d.partial = nil, false, "", nil
	return pending
}
