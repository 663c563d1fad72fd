// Package kml writes styled layers as one KML document for Google Earth.
package kml
