package risk

import "fmt"

// MarshalText returns the choice set's name as String writes it, e.g.
// "by_border", so that settings files and JSON hold readable names.
func (c ChoiceSet) MarshalText() ([]byte, error) {
	if c > ChoiceDiverse {
		return nil, fmt.Errorf("%w: unknown choice set %d", ErrBadParam, uint8(c))
	}
	return []byte(c.String()), nil
}

// UnmarshalText sets c to the choice set named in text: "by_border",
// "k_best" or "diverse".
func (c *ChoiceSet) UnmarshalText(text []byte) error {
	for v := ChoiceByBorder; v <= ChoiceDiverse; v++ {
		if string(text) == v.String() {
			*c = v
			return nil
		}
	}
	return fmt.Errorf("%w: unknown choice set %q (want by_border, k_best or diverse)", ErrBadParam, text)
}
