package geo

import (
	"strconv"
	"testing"
)

func TestISOTable(t *testing.T) {
	// ISO 3166-1 has 249 officially assigned codes (since South Sudan, 2011).
	if got, want := len(isoCountries), 249; got != want {
		t.Fatalf("table has %d codes, want %d", got, want)
	}
	seen2, seenN := map[string]string{}, map[string]string{}
	for i, c := range isoCountries {
		if i > 0 && isoCountries[i-1].alpha3 >= c.alpha3 {
			t.Errorf("table not sorted by alpha-3 at %s", c.alpha3)
		}
		if len(c.alpha3) != 3 || len(c.alpha2) != 2 || len(c.numeric) != 3 || c.name == "" {
			t.Errorf("malformed entry %+v", c)
		}
		if n, err := strconv.Atoi(c.numeric); err != nil || n <= 0 {
			t.Errorf("%s: numeric code %q", c.alpha3, c.numeric)
		}
		if prev, dup := seen2[c.alpha2]; dup {
			t.Errorf("alpha-2 %s used by %s and %s", c.alpha2, prev, c.alpha3)
		}
		if prev, dup := seenN[c.numeric]; dup {
			t.Errorf("numeric %s used by %s and %s", c.numeric, prev, c.alpha3)
		}
		seen2[c.alpha2], seenN[c.numeric] = c.alpha3, c.alpha3
	}
}

func TestCountryCodes(t *testing.T) {
	tests := []struct {
		alpha3, alpha2, numeric, shortNumeric, name string
	}{
		{"AFG", "AF", "004", "4", "Afghanistan"},
		{"AZE", "AZ", "031", "31", "Azerbaijan"},
		{"KAZ", "KZ", "398", "398", "Kazakhstan"},
		{"KGZ", "KG", "417", "417", "Kyrgyzstan"},
		{"RUS", "RU", "643", "643", "Russian Federation"},
		{"TJK", "TJ", "762", "762", "Tajikistan"},
		{"TKM", "TM", "795", "795", "Turkmenistan"},
		{"UZB", "UZ", "860", "860", "Uzbekistan"},
		{"AND", "AD", "020", "20", "Andorra"},
		{"ZWE", "ZW", "716", "716", "Zimbabwe"},
		{"SSD", "SS", "728", "728", "South Sudan"},
		{"CIV", "CI", "384", "384", "Côte d'Ivoire"},
	}
	for _, tt := range tests {
		t.Run(tt.alpha3, func(t *testing.T) {
			if !IsCountryCode(tt.alpha3) {
				t.Errorf("IsCountryCode(%q) = false, want true", tt.alpha3)
			}
			if got, ok := CountryName(tt.alpha3); !ok || got != tt.name {
				t.Errorf("CountryName(%q) = %q, %v; want %q, true", tt.alpha3, got, ok, tt.name)
			}
			for _, n := range []string{tt.numeric, tt.shortNumeric} {
				if got, ok := Alpha3FromNumeric(n); !ok || got != tt.alpha3 {
					t.Errorf("Alpha3FromNumeric(%q) = %q, %v; want %q, true", n, got, ok, tt.alpha3)
				}
			}
			if got, ok := Alpha3FromAlpha2(tt.alpha2); !ok || got != tt.alpha3 {
				t.Errorf("Alpha3FromAlpha2(%q) = %q, %v; want %q, true", tt.alpha2, got, ok, tt.alpha3)
			}
		})
	}
}

func TestCountryCodesUnknown(t *testing.T) {
	// XKX (Kosovo) is user-assigned, not an official code; SUN and YUG are
	// withdrawn; codes are upper case.
	for _, code := range []string{"", "XKX", "SUN", "YUG", "afg", "Afg", "AF", "AFGH", "004"} {
		if IsCountryCode(code) {
			t.Errorf("IsCountryCode(%q) = true, want false", code)
		}
		if name, ok := CountryName(code); ok {
			t.Errorf("CountryName(%q) = %q, true; want false", code, name)
		}
	}
	for _, n := range []string{"", "0", "000", "1000", "0004", "-4", "+4", "4a", " 4", "999", "008a"} {
		if got, ok := Alpha3FromNumeric(n); ok {
			t.Errorf("Alpha3FromNumeric(%q) = %q, true; want false", n, got)
		}
	}
	for _, a := range []string{"", "af", "A", "AFG", "XK", "SU"} {
		if got, ok := Alpha3FromAlpha2(a); ok {
			t.Errorf("Alpha3FromAlpha2(%q) = %q, true; want false", a, got)
		}
	}
}
