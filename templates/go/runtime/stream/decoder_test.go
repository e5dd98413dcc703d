package stream

import (
	"reflect"
	"testing"
)

// decodeAll feeds input whole and byte by byte; both must give the same events.
func decodeAll(t *testing.T, input string) []Event {
	t.Helper()
	whole := NewDecoder().Feed([]byte(input), nil)
	d := NewDecoder()
	var split []Event
	for i := 0; i < len(input); i++ {
		split = d.Feed([]byte{input[i]}, split)
	}
	if !reflect.DeepEqual(whole, split) && !(len(whole) == 0 && len(split) == 0) {
		t.Fatalf("%q: whole %#v != byte-by-byte %#v", input, whole, split)
	}
	return whole
}

func TestDecoderCases(t *testing.T) {
	cases := []struct {
		input string
		data  []string
	}{
		{"data: a\ndata: b\n\n", []string{"a\nb"}},
		{": keep-alive\n\ndata: x\n\n", []string{"x"}},
		{"event: ping\n\n", nil},
		{"data: a\r\n\r\ndata: b\r\rdata: c\n\r\n", []string{"a", "b", "c"}},
		{"\xef\xbb\xbfdata: x\n\n", []string{"x"}},
		{"data\n\ndata:\n\n", []string{"", ""}},
		{"data:x\n\ndata:  x\n\n", []string{"x", " x"}},
		{"id: 7\n\n\n\n", nil},
		{"data: x", nil},
		{"data: x\n", nil},
	}
	for _, c := range cases {
		var got []string
		for _, e := range decodeAll(t, c.input) {
			got = append(got, e.Data)
		}
		if !reflect.DeepEqual(got, c.data) {
			t.Errorf("%q: got %q, want %q", c.input, got, c.data)
		}
	}
}

func TestDecoderFields(t *testing.T) {
	events := decodeAll(t, "id: 7\nretry: 3000\nevent: ping\ndata: x\n\nretry: 1.5s\nid: a\x00b\ndata: y\n\n")
	if len(events) != 2 {
		t.Fatalf("got %d events", len(events))
	}
	if events[0].ID != "7" || events[0].Retry != 3000 || events[0].Event != "ping" {
		t.Errorf("first event %#v", events[0])
	}
	if events[1].ID != "7" || events[1].Retry != 3000 || events[1].Event != "" {
		t.Errorf("second event %#v", events[1])
	}
}

func TestFinishReportsPending(t *testing.T) {
	d := NewDecoder()
	d.Feed([]byte("data: x\n"), nil)
	if !d.Finish() {
		t.Error("a started event must count as pending")
	}
	d = NewDecoder()
	d.Feed([]byte("data: x\n\n"), nil)
	if d.Finish() {
		t.Error("nothing is pending after a dispatched event")
	}
}
