package route

// Validate returns an error naming the first field of s that Build would
// refuse (wrapping ErrBadSettings), or nil; a settings file is checked
// with it before any graph is built.
func (s *Settings) Validate() error {
	return s.check()
}
