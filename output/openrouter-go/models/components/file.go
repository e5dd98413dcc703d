package components

import (
	"encoding/base64"
	"encoding/json"
	"io"
)

// File is binary content: a file upload in a multipart body, base64 text inside JSON.
type File struct {
	FileName    string // the file name sent in a multipart body ("upload" when empty)
	Content     []byte // the bytes
	ContentType string // the part's content type ("application/octet-stream" when empty)
	// Reader, when Content is nil, gives the bytes of a binary request body: it is read to
	// the end once, when the call is made, so that a retry sends the same bytes.
	Reader io.Reader
}

// Bytes returns Content, or what Reader gives when Content is nil.
func (f File) Bytes() ([]byte, error) {
	if f.Content == nil && f.Reader != nil {
		return io.ReadAll(f.Reader)
	}
	return f.Content, nil
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
