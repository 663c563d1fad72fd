// Package route turns a corridor into a compact directed graph of settlements, crossings and border gaps, and answers routing questions on it: shortest paths, k best and diverse routes, minimum cuts and betweenness, with caller-supplied edge weights.
package route
