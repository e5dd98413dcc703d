package components

import (
	"bytes"
	"encoding/json"
)

// Nullable is a field the API allows to be null, with three states:
//
//   - not set (the zero value): the field is left out of the JSON object;
//   - null (Null: true, see Null): the field is sent as JSON null;
//   - a value (see NullableValue): the field is sent as that value.
//
// In a response, Set tells whether the field was present and Null whether it was null.
type Nullable[T any] struct {
	Value T    // the value, when Set and not Null
	Null  bool // the field is (or is sent as) JSON null
	Set   bool // the field is present
}

// NullableValue returns a Nullable holding value.
func NullableValue[T any](value T) Nullable[T] {
	return Nullable[T]{Value: value, Set: true}
}

// Null returns a Nullable that is sent as JSON null: components.Null[int64]().
func Null[T any]() Nullable[T] {
	return Nullable[T]{Null: true, Set: true}
}

// Get returns the value and whether there is one (set and not null).
func (n Nullable[T]) Get() (T, bool) {
	return n.Value, n.Set && !n.Null
}

// GetAny is Get without the type, for code that handles every Nullable alike.
func (n Nullable[T]) GetAny() (any, bool) {
	return n.Value, n.Set && !n.Null
}

// IsSet reports whether the field is present; an unset field is left out of the JSON.
func (n Nullable[T]) IsSet() bool { return n.Set }

// MarshalJSON writes null or the value.
func (n Nullable[T]) MarshalJSON() ([]byte, error) {
	if !n.Set || n.Null {
		return []byte("null"), nil
	}
	return json.Marshal(n.Value)
}

// UnmarshalJSON reads null or a value; either way the field counts as set.
func (n *Nullable[T]) UnmarshalJSON(data []byte) error {
	n.Set = true
	if bytes.Equal(bytes.TrimSpace(data), []byte("null")) {
		var zero T
		n.Value, n.Null = zero, true
		return nil
	}
	n.Null = false
	return json.Unmarshal(data, &n.Value)
}
