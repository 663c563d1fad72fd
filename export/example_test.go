package export_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"

	"github.com/routerisk/routerisk/export"
	"github.com/routerisk/routerisk/export/layer"
)

// Write two scored layers as a QGIS-ready folder. Each layer's style is
// picked for what it is: the crossings graduated by p_interdict, the route
// drawn by rank and tonnes.
func ExampleWrite() {
	crossings := geojson.NewFeatureCollection()
	for _, x := range []struct {
		name     string
		lon, lat float64
		p        float64
	}{
		{"Hairatan – Termez", 67.42, 37.23, 0.031},
		{"Nizhniy Panj – Sherkhan Bandar", 68.65, 37.20, 0.012},
	} {
		f := geojson.NewFeature(orb.Point{x.lon, x.lat})
		f.Properties["name"] = x.name
		f.Properties["p_interdict"] = x.p
		crossings.Append(f)
	}
	routes := geojson.NewFeatureCollection()
	f := geojson.NewFeature(orb.LineString{{68.86, 36.73}, {67.42, 37.23}, {69.24, 41.31}})
	f.Properties["rank"] = 1
	f.Properties["tonnes"] = 4.2
	routes.Append(f)

	tmp, err := os.MkdirTemp("", "export-example")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	m, err := export.Write(filepath.Join(tmp, "out"), "border", []export.Layer{
		{Name: "crossings", Title: "Crossings", Features: crossings, Style: layer.CrossingStyle(crossings)},
		{Name: "routes", Title: "Routes", Features: routes, Style: layer.RouteStyle(routes)},
	}, &export.Options{Title: "Two crossings", MapWidth: 400})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(filepath.Base(m.QGS))
	for _, f := range m.Files {
		if f.Features > 0 {
			fmt.Printf("%-17s %-7s %d features\n", f.Name, f.Format, f.Features)
		} else {
			fmt.Printf("%-17s %s\n", f.Name, f.Format)
		}
	}
	// Output:
	// border.qgs
	// routes.geojson    geojson 1 features
	// routes.qml        qml
	// crossings.geojson geojson 2 features
	// crossings.qml     qml
	// border.qgs        qgs
	// border.gpkg       gpkg
	// border.kml        kml
	// border.svg        svg
	// border.png        png
	// index.html        html
	// routerisk-export.json json
}
