package components

import (
	"encoding/json"
	"fmt"
)

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
