package main

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"

	"github.com/paulmach/orb"

	"github.com/routerisk/routerisk/geo"
	"github.com/routerisk/routerisk/internal/atomicfile"
)

// writeAtomic creates path's folder if needed and writes path atomically.
func writeAtomic(path string, write func(w io.Writer) error) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return atomicfile.Write(path, write)
}

// writeFeatures writes a GeoJSON FeatureCollection, one feature a line.
// props must marshal to a JSON object; a struct keeps the schema's order.
func writeFeatures(path string, n int, feature func(i int) (props any, g orb.Geometry)) error {
	return writeAtomic(path, func(w io.Writer) error {
		if _, err := io.WriteString(w, `{"type":"FeatureCollection","features":[`); err != nil {
			return err
		}
		for i := 0; i < n; i++ {
			props, g := feature(i)
			pj, err := json.Marshal(props)
			if err != nil {
				return err
			}
			gj, err := json.Marshal(struct {
				Type        string       `json:"type"`
				Coordinates orb.Geometry `json:"coordinates"`
			}{g.GeoJSONType(), g})
			if err != nil {
				return err
			}
			sep := ",\n"
			if i == 0 {
				sep = "\n"
			}
			if _, err := fmt.Fprintf(w, `%s{"type":"Feature","properties":%s,"geometry":%s}`, sep, pj, gj); err != nil {
				return err
			}
		}
		_, err := io.WriteString(w, "\n]}\n")
		return err
	})
}

func writeCountries(path string, cs []geo.Country) error {
	type props struct {
		Code string `json:"code"`
		Name string `json:"name"`
	}
	return writeFeatures(path, len(cs), func(i int) (any, orb.Geometry) {
		return props{cs[i].Code, cs[i].Name}, cs[i].Geometry
	})
}

func writeBorders(path string, bs []geo.Border) error {
	type props struct {
		A        string  `json:"a"`
		B        string  `json:"b"`
		Pair     string  `json:"pair"`
		LengthKm float64 `json:"length_km"`
		Source   string  `json:"source"`
	}
	return writeFeatures(path, len(bs), func(i int) (any, orb.Geometry) {
		b := bs[i]
		km := math.Round(geo.MultiLineLengthKm(b.Geometry)*1000) / 1000
		return props{b.A, b.B, b.Pair(), km, b.Source}, b.Geometry
	})
}

func writeSettlements(path string, ss []geo.Settlement) error {
	type props struct {
		ID         string `json:"id"`
		Name       string `json:"name"`
		Country    string `json:"country"`
		Population int    `json:"population"`
	}
	return writeFeatures(path, len(ss), func(i int) (any, orb.Geometry) {
		s := ss[i]
		return props{s.ID, s.Name, s.Country, s.Population}, s.Point
	})
}
