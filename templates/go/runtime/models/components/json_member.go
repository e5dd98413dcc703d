package components

import (
	"encoding/json"
	"fmt"
)

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
