package components

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
)

// The helpers below are what the generated models' MarshalJSON and UnmarshalJSON methods
// call. encoding/json's `omitempty` cannot leave out a struct such as Nullable, and it drops
// empty slices that the caller set on purpose; here a field with `omitempty` is left out only
// when it is really unset: a nil pointer, slice, map or interface, or an unset Nullable.

type isSetter interface{ IsSet() bool }

// marshalObject writes a generated struct as a JSON object: fields in declaration order,
// then the entries of the field tagged `sdk:"extra"` (additional properties).
func marshalObject(v any) ([]byte, error) {
	rv := reflect.ValueOf(v)
	rt := rv.Type()
	var buf bytes.Buffer
	buf.WriteByte('{')
	written := map[string]bool{}
	comma := false
	for i := 0; i < rt.NumField(); i++ {
		sf := rt.Field(i)
		if !sf.IsExported() {
			continue
		}
		fv := rv.Field(i)
		if sf.Tag.Get("sdk") == "extra" {
			if fv.IsNil() {
				continue
			}
			keys := fv.MapKeys()
			sortKeys(keys)
			for _, key := range keys {
				name := key.String()
				if written[name] {
					continue // a declared field wins over an additional property
				}
				if err := writeMember(&buf, &comma, name, fv.MapIndex(key).Interface()); err != nil {
					return nil, err
				}
			}
			continue
		}
		// `sdkjson` holds a wire name encoding/json cannot take as a tag (a comma, a quote...).
		name, omit := sf.Tag.Lookup("sdkjson")
		if omit {
			omit = sf.Tag.Get("sdkomit") == "true"
		} else {
			tag := sf.Tag.Get("json")
			if tag == "-" || tag == "" {
				continue
			}
			var options string
			name, options, _ = strings.Cut(tag, ",")
			omit = strings.Contains(options, "omitempty")
		}
		if omit && unset(fv) {
			continue
		}
		written[name] = true
		if err := writeMember(&buf, &comma, name, fv.Interface()); err != nil {
			return nil, fmt.Errorf("field %s: %w", name, err)
		}
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

func writeMember(buf *bytes.Buffer, comma *bool, name string, value any) error {
	data, err := json.Marshal(value)
	if err != nil {
		return err
	}
	if *comma {
		buf.WriteByte(',')
	}
	*comma = true
	key, _ := json.Marshal(name)
	buf.Write(key)
	buf.WriteByte(':')
	buf.Write(data)
	return nil
}

func unset(fv reflect.Value) bool {
	switch fv.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
		return fv.IsNil()
	}
	if s, ok := fv.Interface().(isSetter); ok {
		return !s.IsSet()
	}
	return false
}

func sortKeys(keys []reflect.Value) {
	// Insertion sort: additional properties are few, and sort.Slice needs a closure anyway.
	for i := 1; i < len(keys); i++ {
		for j := i; j > 0 && keys[j].String() < keys[j-1].String(); j-- {
			keys[j], keys[j-1] = keys[j-1], keys[j]
		}
	}
}

// unmarshalExtra fills *extra with the members of a JSON object that are not in known.
func unmarshalExtra[T any](data []byte, extra *map[string]T, known []string) error {
	var all map[string]json.RawMessage
	if err := json.Unmarshal(data, &all); err != nil {
		return err
	}
	for _, name := range known {
		delete(all, name)
	}
	if len(all) == 0 {
		return nil
	}
	out := make(map[string]T, len(all))
	for name, raw := range all {
		var value T
		if err := json.Unmarshal(raw, &value); err != nil {
			return fmt.Errorf("additional property %q: %w", name, err)
		}
		out[name] = value
	}
	*extra = out
	return nil
}

// unmarshalMember decodes the member `name` of a JSON object into target, if present (for
// wire names encoding/json cannot take as a tag).
func unmarshalMember(data []byte, name string, target any) error {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(data, &members); err != nil {
		return err
	}
	if raw, ok := members[name]; ok {
		if err := json.Unmarshal(raw, target); err != nil {
			return fmt.Errorf("field %q: %w", name, err)
		}
	}
	return nil
}

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

// setTag sets an optional constant tag member that is not set yet.
func setTag[T ~string](p **T, v T) {
	if *p == nil {
		*p = &v
	}
}
