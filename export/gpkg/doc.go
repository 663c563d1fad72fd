// Package gpkg writes styled layers into an OGC GeoPackage with their QGIS
// styles, in pure Go.
package gpkg
