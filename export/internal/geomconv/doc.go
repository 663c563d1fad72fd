// Package geomconv converts orb geometries to go-geom ones, for go-geom's
// encoders (WKB in a GeoPackage, KML).
package geomconv
