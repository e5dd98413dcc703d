package components

import (
	"bytes"
	"encoding/json"
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
