package sdkrt

import (
	"bytes"
	"encoding"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/textproto"
	"net/url"
	"reflect"
	"strconv"
	"strings"
)

// Scalar formats a parameter value as text: strings as they are, numbers without exponent,
// booleans as true/false, pointers followed, anything else as compact JSON.
func Scalar(v any) string {
	rv := reflect.ValueOf(v)
	for rv.IsValid() && (rv.Kind() == reflect.Pointer || rv.Kind() == reflect.Interface) {
		if rv.IsNil() {
			return ""
		}
		rv = rv.Elem()
	}
	if !rv.IsValid() {
		return ""
	}
	if text, ok := rv.Interface().(encoding.TextMarshaler); ok { // time.Time, components.Date
		if data, err := text.MarshalText(); err == nil {
			return string(data)
		}
	}
	switch rv.Kind() {
	case reflect.String:
		return rv.String()
	case reflect.Bool:
		return strconv.FormatBool(rv.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(rv.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(rv.Uint(), 10)
	case reflect.Float32, reflect.Float64:
		return strconv.FormatFloat(rv.Float(), 'f', -1, 64)
	}
	data, err := json.Marshal(rv.Interface())
	if err != nil {
		return fmt.Sprint(rv.Interface())
	}
	return string(data)
}

// IsAbsent reports whether an optional parameter was not given (nil or unset).
func IsAbsent(v any) bool {
	if v == nil {
		return true
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
		return rv.IsNil()
	}
	if s, ok := v.(interface{ IsSet() bool }); ok {
		return !s.IsSet()
	}
	return false
}

// Values formats a parameter as one or more texts: a slice gives one text per item when
// explode is true, else one comma-joined text.
func Values(v any, explode bool) []string {
	rv := reflect.ValueOf(v)
	for rv.IsValid() && rv.Kind() == reflect.Pointer && !rv.IsNil() {
		rv = rv.Elem()
	}
	if rv.IsValid() && rv.Kind() == reflect.Slice && rv.Type().Elem().Kind() != reflect.Uint8 {
		items := make([]string, rv.Len())
		for i := range items {
			items[i] = Scalar(rv.Index(i).Interface())
		}
		if explode {
			return items
		}
		return []string{strings.Join(items, ",")}
	}
	if s, ok := v.(interface{ GetAny() (any, bool) }); ok {
		if inner, ok := s.GetAny(); ok {
			return []string{Scalar(inner)}
		}
	}
	return []string{Scalar(v)}
}

// PathSegment escapes a path parameter; "." and ".." are escaped too, since URL
// normalisation would otherwise remove them and change the target.
func PathSegment(v any) (string, error) {
	text := Scalar(v)
	if text == "" {
		return "", fmt.Errorf("path parameter must not be empty")
	}
	if text == "." || text == ".." {
		return strings.ReplaceAll(text, ".", "%2E"), nil
	}
	return url.PathEscape(text), nil
}

// fileValue is what components.File provides.
type fileValue interface {
	SDKFile() (name string, content []byte, contentType string)
}

// structFields lists the JSON members of a generated struct: (name, value) in order,
// leaving out unset optional fields.
func structFields(body any) ([]string, []any, error) {
	rv := reflect.ValueOf(body)
	for rv.IsValid() && rv.Kind() == reflect.Pointer {
		rv = rv.Elem()
	}
	if !rv.IsValid() || rv.Kind() != reflect.Struct {
		return nil, nil, fmt.Errorf("form body must be a struct, got %T", body)
	}
	var names []string
	var values []any
	rt := rv.Type()
	for i := 0; i < rt.NumField(); i++ {
		sf := rt.Field(i)
		tag := sf.Tag.Get("json")
		if !sf.IsExported() || tag == "" || tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		value := rv.Field(i).Interface()
		if IsAbsent(value) {
			continue
		}
		names = append(names, name)
		values = append(values, value)
	}
	return names, values, nil
}

func formTexts(value any) []string {
	rv := reflect.ValueOf(value)
	for rv.Kind() == reflect.Pointer {
		rv = rv.Elem()
	}
	if rv.Kind() == reflect.Slice && rv.Type().Elem().Kind() != reflect.Uint8 {
		out := make([]string, 0, rv.Len())
		for i := 0; i < rv.Len(); i++ {
			out = append(out, formTexts(rv.Index(i).Interface())...)
		}
		return out
	}
	if s, ok := value.(interface{ GetAny() (any, bool) }); ok {
		if inner, ok := s.GetAny(); ok {
			return formTexts(inner)
		}
		return nil
	}
	return []string{Scalar(rv.Interface())}
}

// FormStyle is a form field's declared encoding (the spec's `encoding` object): Style is
// "form", "deepObject", "spaceDelimited" or "pipeDelimited".
type FormStyle struct {
	Style   string
	Explode bool
}

// FormBody encodes a struct as application/x-www-form-urlencoded, fields in declaration order.
// A field listed in styles follows its declared encoding (the spec's `encoding` object):
//   - deepObject: `a[k]=v`, nested `a[k][j]=v`; an array of scalars `a[]=v` per item, an array
//     holding objects or arrays by index, `a[0][k]=v`;
//   - form with explode: object members as their own keys (`k=v`), arrays repeat the name
//     (`a=1&a=2`); without explode: one value, `a=1,2` and `a=k1,v1,k2,v2`;
//   - spaceDelimited / pipeDelimited arrays: one value joined by " " / "|" (unless explode).
//
// Other fields: scalars as text, lists repeat the name, objects are sent as JSON text. The
// Python runtime (`_qs.encode_form`) follows the same rules.
func FormBody(body any, styles map[string]FormStyle) ([]byte, string, error) {
	names, values, err := structFields(body)
	if err != nil {
		return nil, "", err
	}
	var pairs [][2]string
	for i, name := range names {
		style, ok := styles[name]
		if !ok {
			for _, text := range formTexts(values[i]) {
				pairs = append(pairs, [2]string{name, text})
			}
			continue
		}
		tree, err := wireTree(values[i])
		if err != nil {
			return nil, "", fmt.Errorf("form field %s: %w", name, err)
		}
		pairs = append(pairs, styledPairs(name, tree, style)...)
	}
	var b strings.Builder
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(url.QueryEscape(p[0]))
		b.WriteByte('=')
		b.WriteString(url.QueryEscape(p[1]))
	}
	return []byte(b.String()), "application/x-www-form-urlencoded", nil
}

// member is one JSON object member; objects keep their members' order.
type member struct {
	key   string
	value any
}

// wireTree is the JSON form of v (what the server would get as JSON), objects as []member.
func wireTree(v any) (any, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return decodeOrdered(dec)
}

func decodeOrdered(dec *json.Decoder) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	delim, ok := tok.(json.Delim)
	if !ok {
		return tok, nil // string, json.Number, bool or nil
	}
	switch delim {
	case '{':
		obj := []member{}
		for dec.More() {
			key, err := dec.Token()
			if err != nil {
				return nil, err
			}
			value, err := decodeOrdered(dec)
			if err != nil {
				return nil, err
			}
			obj = append(obj, member{fmt.Sprint(key), value})
		}
		_, err = dec.Token()
		return obj, err
	case '[':
		arr := []any{}
		for dec.More() {
			value, err := decodeOrdered(dec)
			if err != nil {
				return nil, err
			}
			arr = append(arr, value)
		}
		_, err = dec.Token()
		return arr, err
	}
	return nil, fmt.Errorf("unexpected JSON delimiter %v", delim)
}

func treeText(v any) string {
	switch t := v.(type) {
	case string:
		return t
	case json.Number:
		return t.String()
	case bool:
		return strconv.FormatBool(t)
	case nil:
		return ""
	}
	var buf bytes.Buffer
	writeTree(&buf, v)
	return buf.String()
}

// writeTree writes a wire tree as compact JSON, object members in their order, no HTML escapes.
func writeTree(buf *bytes.Buffer, v any) {
	switch t := v.(type) {
	case []member:
		buf.WriteByte('{')
		for i, m := range t {
			if i > 0 {
				buf.WriteByte(',')
			}
			writeTree(buf, m.key)
			buf.WriteByte(':')
			writeTree(buf, m.value)
		}
		buf.WriteByte('}')
	case []any:
		buf.WriteByte('[')
		for i, item := range t {
			if i > 0 {
				buf.WriteByte(',')
			}
			writeTree(buf, item)
		}
		buf.WriteByte(']')
	case nil:
		buf.WriteString("null")
	default:
		var text bytes.Buffer
		enc := json.NewEncoder(&text)
		enc.SetEscapeHTML(false)
		_ = enc.Encode(t) // a string, json.Number or bool: cannot fail
		buf.Write(bytes.TrimRight(text.Bytes(), "\n"))
	}
}

func joinTexts(v any, sep string) string {
	arr, ok := v.([]any)
	if !ok {
		return treeText(v)
	}
	texts := make([]string, 0, len(arr))
	for _, item := range arr {
		if item != nil {
			texts = append(texts, treeText(item))
		}
	}
	return strings.Join(texts, sep)
}

// styledPairs encodes one form field by its declared style (the rules of FormBody).
func styledPairs(name string, tree any, style FormStyle) [][2]string {
	if style.Style == "deepObject" {
		return deepPairs(name, tree)
	}
	var pairs [][2]string
	switch t := tree.(type) {
	case nil:
	case []member:
		var flat []string
		for _, m := range t {
			if m.value == nil {
				continue
			}
			if style.Explode {
				pairs = append(pairs, [2]string{m.key, joinTexts(m.value, ",")})
			} else {
				flat = append(flat, m.key, joinTexts(m.value, ","))
			}
		}
		if len(flat) > 0 {
			pairs = append(pairs, [2]string{name, strings.Join(flat, ",")})
		}
	case []any:
		texts := []string{}
		for _, item := range t {
			if item != nil {
				texts = append(texts, treeText(item))
			}
		}
		if style.Explode {
			for _, text := range texts {
				pairs = append(pairs, [2]string{name, text})
			}
			break
		}
		sep := map[string]string{"spaceDelimited": " ", "pipeDelimited": "|"}[style.Style]
		if sep == "" {
			sep = ","
		}
		pairs = append(pairs, [2]string{name, strings.Join(texts, sep)})
	default:
		pairs = append(pairs, [2]string{name, treeText(t)})
	}
	return pairs
}

// deepPairs encodes a value in deepObject style: `a[k]=v`, nested `a[k][j]=v`; an array of
// scalars `a[]=v` per item, an array holding objects or arrays by index (`a[0][k]=v`).
func deepPairs(prefix string, tree any) [][2]string {
	var pairs [][2]string
	switch t := tree.(type) {
	case nil:
	case []member:
		for _, m := range t {
			pairs = append(pairs, deepPairs(prefix+"["+m.key+"]", m.value)...)
		}
	case []any:
		items := make([]any, 0, len(t))
		nested := false
		for _, item := range t {
			if item == nil {
				continue
			}
			items = append(items, item)
			switch item.(type) {
			case []member, []any:
				nested = true
			}
		}
		for i, item := range items {
			if nested {
				pairs = append(pairs, deepPairs(prefix+"["+strconv.Itoa(i)+"]", item)...)
			} else {
				pairs = append(pairs, [2]string{prefix + "[]", treeText(item)})
			}
		}
	default:
		pairs = append(pairs, [2]string{prefix, treeText(t)})
	}
	return pairs
}

// MultipartBody encodes a struct as multipart/form-data; components.File values are file
// parts, everything else is sent as in a form. The bytes are built once so that every retry
// sends the same body.
func MultipartBody(body any) ([]byte, string, error) {
	names, values, err := structFields(body)
	if err != nil {
		return nil, "", err
	}
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for i, name := range names {
		items := []any{values[i]}
		rv := reflect.ValueOf(values[i])
		if rv.Kind() == reflect.Slice && rv.Type().Elem().Kind() != reflect.Uint8 {
			items = items[:0]
			for j := 0; j < rv.Len(); j++ {
				items = append(items, rv.Index(j).Interface())
			}
		}
		for _, item := range items {
			if item == nil {
				continue
			}
			if f, ok := deref(item).(fileValue); ok {
				filename, content, kind := f.SDKFile()
				h := textproto.MIMEHeader{}
				h.Set("Content-Disposition", fmt.Sprintf(`form-data; name=%s; filename=%s`,
					strconv.Quote(name), strconv.Quote(filename)))
				h.Set("Content-Type", kind)
				part, err := w.CreatePart(h)
				if err != nil {
					return nil, "", err
				}
				if _, err := part.Write(content); err != nil {
					return nil, "", err
				}
				continue
			}
			for _, text := range formTexts(item) {
				if err := w.WriteField(name, text); err != nil {
					return nil, "", err
				}
			}
		}
	}
	if err := w.Close(); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), w.FormDataContentType(), nil
}

func deref(v any) any {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Pointer && !rv.IsNil() {
		return rv.Elem().Interface()
	}
	return v
}

// MissingRequired returns the wire name of the first of the required members that is nil in
// the struct body (a nil pointer, slice, map or interface, an unset union or Nullable), ""
// when all are set.
func MissingRequired(body any, required ...string) string {
	rv := reflect.ValueOf(body)
	for rv.IsValid() && rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return ""
		}
		rv = rv.Elem()
	}
	if !rv.IsValid() || rv.Kind() != reflect.Struct {
		return ""
	}
	want := make(map[string]bool, len(required))
	for _, name := range required {
		want[name] = true
	}
	rt := rv.Type()
	for i := 0; i < rt.NumField(); i++ {
		name, _, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ",")
		if name == "-" || name == "" {
			name = rt.Field(i).Tag.Get("sdkjson")
		}
		if !want[name] {
			continue
		}
		f := rv.Field(i)
		switch f.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Map, reflect.Interface:
			if f.IsNil() {
				return name
			}
		case reflect.Struct:
			if s, ok := f.Interface().(interface{ IsSet() bool }); ok && !s.IsSet() {
				return name // a union with no variant, a Nullable neither null nor a value
			}
		}
	}
	return ""
}
