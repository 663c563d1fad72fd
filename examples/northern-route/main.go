// Command northern-route runs the routerisk analysis of the embedded
// Afghanistan – Central Asia – Russia corridor and writes its layers, ready
// for QGIS, into an output folder.
//
//	go run ./examples/northern-route -out out/
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"text/tabwriter"

	"github.com/paulmach/orb/geojson"

	"github.com/routerisk/routerisk/geo"
)

func main() {
	out := flag.String("out", "out", "output folder (created if missing)")
	segmentKm := flag.Float64("segment-km", geo.DefaultSegmentKm, "length of the border segments in km (≥ 0.5)")
	flag.Parse()
	if err := run(*out, *segmentKm, os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "northern-route:", err)
		os.Exit(1)
	}
}

func run(out string, segmentKm float64, w io.Writer) error {
	c, err := geo.NorthernRoute()
	if err != nil {
		return err
	}
	segs, err := c.Segments(segmentKm)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	layers := []struct {
		name string
		fc   *geojson.FeatureCollection
	}{
		{"countries", geo.CountriesLayer(c.Countries)},
		{"borders", geo.BordersLayer(c.Borders)},
		{"segments", geo.SegmentsLayer(segs)},
		{"crossings", geo.CrossingsLayer(c.Crossings)},
		{"outposts", geo.OutpostsLayer(c.Outposts)},
		{"settlements", geo.SettlementsLayer(c.Settlements)},
	}
	for _, l := range layers {
		if err := geo.WriteLayer(filepath.Join(out, l.name+".geojson"), l.fc); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "%s: %d countries, %d borders, %d segments of ~%g km, %d crossings, %d outposts, %d settlements\n\n",
		c.Name, len(c.Countries), len(c.Borders), len(segs), segmentKm, len(c.Crossings), len(c.Outposts), len(c.Settlements))
	printBorderTable(w, c, segs)
	fmt.Fprintf(w, "\nlayers written to %s\n", out)
	return nil
}

// remoteKm is the distance beyond which a border stretch counts as remote:
// farther than this from every outpost and every settlement.
const remoteKm = 25

func printBorderTable(w io.Writer, c *geo.Corridor, segs []geo.Segment) {
	type row struct {
		segments            int
		derivedKm, remoteKm float64
	}
	rows := map[string]*row{}
	for _, b := range c.Borders {
		rows[b.Pair()] = &row{derivedKm: geo.MultiLineLengthKm(b.Geometry)}
	}
	for _, s := range segs {
		r := rows[s.A+"-"+s.B]
		r.segments++
		if s.Remote.NearestSettlementKm() > remoteKm && min(s.Remote.OutpostKm[0], s.Remote.OutpostKm[1]) > remoteKm {
			r.remoteKm += s.LengthKm
		}
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "border\tofficial km\tderived km\tderived/official\tsegments\tkm > %d km from posts and towns\t\n", remoteKm)
	for _, pair := range geo.NorthernRoutePairs() {
		r, ok := rows[pair]
		if !ok {
			fmt.Fprintf(tw, "%s\t\tmissing\t\t\t\t\n", pair)
			continue
		}
		official, _ := geo.OfficialBorderKm(pair[:3], pair[4:])
		fmt.Fprintf(tw, "%s\t%.0f\t%.0f\t%.2f\t%d\t%.0f\t\n", pair, official, r.derivedKm, r.derivedKm/official, r.segments, r.remoteKm)
	}
	tw.Flush()
}
