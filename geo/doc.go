// Package geo reads, writes and measures the geography of a smuggling
// corridor: countries, borders, border segments, settlements, crossings,
// outposts and roads, with geodesic distances in kilometres.
package geo
