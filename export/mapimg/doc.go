// Package mapimg draws styled layers as a map picture with a legend, to SVG
// and, through its own anti-aliased rasteriser, to PNG.
package mapimg
