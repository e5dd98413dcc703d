package components

import (
	"encoding/base64"
	"encoding/json"
)

// File is binary content: a file upload in a multipart body, base64 text inside JSON.
type File struct {
	FileName    string // the file name sent in a multipart body ("upload" when empty)
	Content     []byte // the bytes
	ContentType string // the part's content type ("application/octet-stream" when empty)
}

// SDKFile returns what a multipart body needs to send the file.
func (f File) SDKFile() (string, []byte, string) {
	name, kind := f.FileName, f.ContentType
	if name == "" {
		name = "upload"
	}
	if kind == "" {
		kind = "application/octet-stream"
	}
	return name, f.Content, kind
}

// MarshalJSON writes the content as a base64 string.
func (f File) MarshalJSON() ([]byte, error) {
	return json.Marshal(base64.StdEncoding.EncodeToString(f.Content))
}

// UnmarshalJSON reads a base64 string (or, failing that, the string's bytes as they are).
func (f *File) UnmarshalJSON(data []byte) error {
	var text string
	if err := json.Unmarshal(data, &text); err != nil {
		return err
	}
	if decoded, err := base64.StdEncoding.DecodeString(text); err == nil {
		f.Content = decoded
	} else {
		f.Content = []byte(text)
	}
	return nil
}
