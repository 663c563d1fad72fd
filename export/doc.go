// Package export writes an analysis into a QGIS-ready folder: styled
// GeoJSON layers, a QGIS project, a GeoPackage, KML and a map picture.
package export
