// Package topojson decodes TopoJSON topologies into the corridor's country
// polygons and the borders that their shared arcs describe.
package topojson
