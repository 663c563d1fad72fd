// Package northernroute is the Afghanistan – Central Asia – Russia
// "Northern Route" built on the general packages: its embedded geography,
// trunk roads and railways, origins and markets, country parameters,
// scenarios and observed figures, each with its source or marked as an
// assumption.
package northernroute
