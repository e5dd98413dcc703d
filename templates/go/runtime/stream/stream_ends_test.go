package stream

import (
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"sdkforge.example/sdk/models/apierrors"
)

type event struct {
	Type string `json:"type"`
	Text string `json:"text,omitempty"`
}

// oneByte returns at most one byte per Read: every byte boundary is a chunk boundary.
type oneByte struct{ r io.Reader }

func (o oneByte) Read(p []byte) (int, error) { return o.r.Read(p[:1]) }

func collect(body string, ends ...string) ([]string, error) {
	resp := &http.Response{StatusCode: 200, Body: io.NopCloser(oneByte{strings.NewReader(body)})}
	s := New[event](resp, nil, "")
	if len(ends) > 0 {
		s = s.Ends("type", ends...)
	}
	var got []string
	for s.Next() {
		got = append(got, s.Current().Type)
	}
	return got, s.Err()
}

const named = "event: message-start\ndata: {\"type\":\"message-start\"}\n\n" +
	"event: content-delta\ndata: {\"type\":\"content-delta\",\"text\":\"x\"}\n\n" +
	"event: message-end\ndata: {\"type\":\"message-end\"}\n\n"

func TestTerminalEventEndsTheStream(t *testing.T) {
	got, err := collect(named+"data: {\"type\":\"content-delta\"}\n\n", "message-end")
	if err != nil || strings.Join(got, ",") != "message-start,content-delta,message-end" {
		t.Fatalf("got %v, %v", got, err)
	}
}

func TestTerminalEventByTagOnUnnamedEvents(t *testing.T) {
	body := "data: {\"type\":\"start\"}\n\ndata: {\"type\":\"stop\"}\n\ndata: {\"type\":\"late\"}\n\n"
	got, err := collect(body, "stop")
	if err != nil || strings.Join(got, ",") != "start,stop" {
		t.Fatalf("got %v, %v", got, err)
	}
}

func TestTruncationBeforeTheTerminalEvent(t *testing.T) {
	cut := named[:strings.Index(named, "event: message-end")]
	_, err := collect(cut, "message-end")
	var conn *apierrors.ConnectionError
	if !errors.As(err, &conn) || !strings.Contains(err.Error(), "message-end") {
		t.Fatalf("want a truncation error naming message-end, got %v", err)
	}
	// Without a terminal event the connection closing ends the stream.
	if got, err := collect(cut); err != nil || len(got) != 2 {
		t.Fatalf("got %v, %v", got, err)
	}
}
