package route

// MarshalText returns the modes as String writes them, e.g. "foot|horse",
// so that settings files and JSON hold readable names.
func (m Modes) MarshalText() ([]byte, error) {
	return []byte(m.String()), nil
}

// UnmarshalText sets m to the modes named in text, as ParseModes reads them.
func (m *Modes) UnmarshalText(text []byte) error {
	v, err := ParseModes(string(text))
	if err != nil {
		return err
	}
	*m = v
	return nil
}
