// Package qgis writes QGIS layer styles (.qml) and project files (.qgs)
// for styled layers.
package qgis
