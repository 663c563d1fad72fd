// Package webmap writes a layer set as a web map, one index.html that
// opens from its folder with a double click: no server, no network.
package webmap
