// Package layer describes the named, styled feature layers that the export
// writers (QGIS styles and project, GeoPackage, KML, map picture) share.
package layer
