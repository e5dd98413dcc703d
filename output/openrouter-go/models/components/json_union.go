package components

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// jsonKind is the kind of a JSON value from its first byte: 'n', 't' (true/false), '"',
// '0' (number), '[' or '{'.
func jsonKind(data []byte) byte {
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return 0
	}
	switch c := data[0]; {
	case c == 't' || c == 'f':
		return 't'
	case c == '-' || (c >= '0' && c <= '9'):
		return '0'
	default:
		return c
	}
}

// decodeVariant decodes data into target if its JSON kind is one `kinds` allows;
// strict also refuses unknown object members (the first pass of union decoding).
func decodeVariant(data []byte, target any, kinds string, strict bool) bool {
	if !strings.ContainsRune(kinds, rune(jsonKind(data))) {
		return false
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	if strict {
		dec.DisallowUnknownFields()
	}
	if dec.Decode(target) != nil {
		return false
	}
	return !dec.More()
}

// discriminatorValue returns the raw JSON value of the tag property of an object.
func discriminatorValue(data []byte, property string) (json.RawMessage, bool) {
	var members map[string]json.RawMessage
	if json.Unmarshal(data, &members) != nil {
		return nil, false
	}
	raw, ok := members[property]
	return raw, ok
}

// tagIs reports whether the raw JSON tag equals want (a string), or, for a non-string tag,
// whether its compact JSON text equals want.
func tagIs(raw json.RawMessage, want string, isString bool) bool {
	if isString {
		var s string
		return json.Unmarshal(raw, &s) == nil && s == want
	}
	var buf bytes.Buffer
	return json.Compact(&buf, raw) == nil && buf.String() == want
}

// errNoVariant is returned when JSON matches none of a union's variants.
var errNoVariant = errors.New("value matches none of the union's variants")

func noVariant(union string, data []byte) error {
	text := string(data)
	if len(text) > 80 {
		text = text[:80] + "..."
	}
	return fmt.Errorf("%s: %w: %s", union, errNoVariant, text)
}
