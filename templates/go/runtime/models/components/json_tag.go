package components

// setTag sets an optional constant tag member that is not set yet.
func setTag[T ~string](p **T, v T) {
	if *p == nil {
		*p = &v
	}
}
