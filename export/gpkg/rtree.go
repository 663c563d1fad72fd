package gpkg

import (
	"cmp"
	"database/sql/driver"
	"encoding/binary"
	"fmt"
	"math"
	"slices"
)

// This file bulk-loads the R-tree of a feature table: the tree is packed in
// Go by Sort-Tile-Recursive (Leutenegger, Lopez and Edgington, "STR: a
// simple and efficient algorithm for R-tree packing", ICDE 1997) and its
// nodes are written straight into the three shadow tables of SQLite's
// R*Tree module (%_node, %_rowid, %_parent; https://sqlite.org/rtree.html),
// instead of one INSERT a feature into the virtual table, which splits
// and reinserts nodes as it goes. SQLite's rtreecheck() accepts the result
// and SQLite keeps editing it as its own.

// An rtreeCell is one entry of an R-tree node: a feature id in a leaf, a
// child's node number above, with its bounds as the module stores them
// (float32, rounded outward).
type rtreeCell struct {
	id                     int64
	minX, maxX, minY, maxY float32
}

func (c rtreeCell) centre() (x, y float64) {
	return (float64(c.minX) + float64(c.maxX)) / 2, (float64(c.minY) + float64(c.maxY)) / 2
}

// cellOf returns the cell of feature fid with bounds b, rounded outward to
// float32 as the module rounds them, so that the box still covers b.
func cellOf(fid int64, minX, maxX, minY, maxY float64) rtreeCell {
	return rtreeCell{fid, roundDown(minX), roundUp(maxX), roundDown(minY), roundUp(maxY)}
}

func roundDown(v float64) float32 {
	f := float32(v)
	if float64(f) > v {
		f = math.Nextafter32(f, float32(math.Inf(-1)))
	}
	return f
}

func roundUp(v float64) float32 {
	f := float32(v)
	if float64(f) < v {
		f = math.Nextafter32(f, float32(math.Inf(1)))
	}
	return f
}

// An rtreeNode is one node of a packed R-tree.
type rtreeNode struct {
	no     int64 // node number: 1 for the root, then level by level
	parent int64 // the parent's node number, 0 for the root
	leaf   bool
	cells  []rtreeCell
}

// packRTree returns the nodes of an R-tree over the leaf cells, at most
// fanout cells a node, packed by Sort-Tile-Recursive, in node-number order
// (the root first), and the tree's depth (0 when the root is a leaf). Ties
// are broken by id, so the tree is the same from run to run. It runs in
// O(n log n) for n cells.
func packRTree(leaves []rtreeCell, fanout int) ([]rtreeNode, int) {
	if len(leaves) == 0 {
		return []rtreeNode{{no: 1, leaf: true}}, 0
	}
	// levels[0] holds the leaves' groups; a cell above the leaves holds,
	// until numbering, the index of its child group in the level below.
	levels := [][][]rtreeCell{strGroups(leaves, fanout)}
	for groups := levels[0]; len(groups) > 1; groups = levels[len(levels)-1] {
		up := make([]rtreeCell, len(groups))
		for i, g := range groups {
			up[i] = union(int64(i), g)
		}
		levels = append(levels, strGroups(up, fanout))
	}
	depth := len(levels) - 1
	// Number the nodes from the root down, each level in its parents'
	// order, and point the cells at their children's numbers.
	root := rtreeNode{no: 1, leaf: depth == 0, cells: levels[depth][0]}
	nodes := []rtreeNode{root}
	current := []int{0} // indices in nodes of the level being linked
	for l := depth - 1; l >= 0; l-- {
		var next []int
		for _, pi := range current {
			for c := range nodes[pi].cells {
				child := rtreeNode{no: int64(len(nodes) + 1), parent: nodes[pi].no, leaf: l == 0, cells: levels[l][nodes[pi].cells[c].id]}
				nodes[pi].cells[c].id = child.no
				next = append(next, len(nodes))
				nodes = append(nodes, child)
			}
		}
		current = next
	}
	return nodes, depth
}

// strGroups returns the cells tiled into groups of at most fanout: sorted
// by the x of their centres into vertical slices of about √(n/fanout)
// groups each, then each slice by y, ties broken by id. The cells must be
// in increasing id order; the groups hold the cells of a new slice, and
// cells itself is left as it is.
func strGroups(cells []rtreeCell, fanout int) [][]rtreeCell {
	// Small keys are sorted, not the cells: a centre coordinate and the
	// cell's index, which orders as its id.
	type key struct {
		v float64
		i int
	}
	byKey := func(a, b key) int {
		if a.v != b.v {
			return cmp.Compare(a.v, b.v)
		}
		return a.i - b.i
	}
	n := len(cells)
	keys := make([]key, n)
	for i, c := range cells {
		x, _ := c.centre()
		keys[i] = key{x, i}
	}
	leaves := (n + fanout - 1) / fanout
	per := int(math.Ceil(math.Sqrt(float64(leaves)))) * fanout // cells a slice
	slices.SortFunc(keys, byKey)
	for s := 0; s < n; s += per {
		slice := keys[s:min(n, s+per)]
		for j := range slice {
			_, slice[j].v = cells[slice[j].i].centre()
		}
		slices.SortFunc(slice, byKey)
	}
	sorted := make([]rtreeCell, n)
	for j, k := range keys {
		sorted[j] = cells[k.i]
	}
	var groups [][]rtreeCell
	for s := 0; s < n; s += per {
		slice := sorted[s:min(n, s+per)]
		for g := 0; g < len(slice); g += fanout {
			groups = append(groups, slice[g:min(len(slice), g+fanout):min(len(slice), g+fanout)])
		}
	}
	return groups
}

// union returns the cell with id covering the cells.
func union(id int64, cells []rtreeCell) rtreeCell {
	u := cells[0]
	u.id = id
	for _, c := range cells[1:] {
		u.minX, u.maxX = min(u.minX, c.minX), max(u.maxX, c.maxX)
		u.minY, u.maxY = min(u.minY, c.minY), max(u.maxY, c.maxY)
	}
	return u
}

// encodeNode returns the node as the R*Tree module stores it in a blob of
// size bytes: the tree's depth (root only) and the cell count as 16-bit
// big-endian integers, then each cell's id as a 64-bit and its bounds as
// 32-bit big-endian floats, zeros after.
func encodeNode(n rtreeNode, depth, size int) []byte {
	b := make([]byte, 4, size)
	if n.no == 1 {
		binary.BigEndian.PutUint16(b, uint16(depth))
	}
	binary.BigEndian.PutUint16(b[2:], uint16(len(n.cells)))
	for _, c := range n.cells {
		b = binary.BigEndian.AppendUint64(b, uint64(c.id))
		for _, v := range []float32{c.minX, c.maxX, c.minY, c.maxY} {
			b = binary.BigEndian.AppendUint32(b, math.Float32bits(v))
		}
	}
	return b[:size]
}

// rtreeCellBytes is the size of a two-dimensional cell: the id and four
// float32 bounds.
const rtreeCellBytes = 8 + 4*4

// A packed tree is the leaf cells of an R-tree and, when the fanout was
// known, the tree packed from them (by packRTree) at that fanout.
type packed struct {
	cells  []rtreeCell
	fanout int // 0: not packed yet
	nodes  []rtreeNode
	depth  int
}

// likelyFanout is the fanout of a two-dimensional R*Tree node in SQLite
// whose pages are 4 KiB or larger: RTREE_MAXCELLS, 51 (sqlite/ext/rtree/rtree.c),
// at which feed packs the tree ahead of SQLite.
const likelyFanout = 51

// pack returns p packed at likelyFanout.
func pack(cells []rtreeCell) packed {
	nodes, depth := packRTree(cells, likelyFanout)
	return packed{cells: cells, fanout: likelyFanout, nodes: nodes, depth: depth}
}

// loadPacked writes the R-tree of p into the shadow tables of the empty
// R*Tree virtual table rt (plain name), just created, packing it again if
// SQLite's nodes hold another number of cells than p was packed for.
func loadPacked(s *session, rt string, p packed) error {
	size64, err := s.queryInt(fmt.Sprintf(`SELECT length(data) FROM %s WHERE nodeno = 1`, quote(rt+"_node")))
	if err != nil {
		return fmt.Errorf("R-tree root node: %w", err)
	}
	size := int(size64)
	fanout := (size - 4) / rtreeCellBytes
	if fanout < 2 {
		return fmt.Errorf("R-tree nodes of %d bytes hold fewer than two cells", size)
	}
	if p.fanout != fanout {
		p.nodes, p.depth = packRTree(p.cells, fanout)
	}
	cells, nodes, depth := p.cells, p.nodes, p.depth
	if err := s.exec(fmt.Sprintf(`UPDATE %s SET data = ? WHERE nodeno = 1`, quote(rt+"_node")), encodeNode(nodes[0], depth, size)); err != nil {
		return err
	}
	var nodeRows, parentRows, rowidRows []driver.Value
	maxID := int64(0)
	for _, c := range cells {
		maxID = max(maxID, c.id)
	}
	leafOf := make([]int64, maxID+1) // the leaf node of each id, 0 for none
	for _, n := range nodes {
		if n.no != 1 {
			nodeRows = append(nodeRows, n.no, encodeNode(n, depth, size))
			parentRows = append(parentRows, n.no, n.parent)
		}
		if n.leaf {
			for _, c := range n.cells {
				leafOf[c.id] = n.no
			}
		}
	}
	// The rowids go in in increasing order, each appended to the table's
	// B-tree rather than put between others, which would split its pages.
	for id, no := range leafOf {
		if no != 0 {
			rowidRows = append(rowidRows, int64(id), no)
		}
	}
	for _, t := range []struct {
		table string
		cols  string
		rows  []driver.Value
	}{
		{rt + "_node", "nodeno, data", nodeRows},
		{rt + "_parent", "nodeno, parentnode", parentRows},
		{rt + "_rowid", "rowid, nodeno", rowidRows},
	} {
		if _, err := insertRows(s, t.table, t.cols, 2, t.rows); err != nil {
			return fmt.Errorf("%s: %w", t.table, err)
		}
	}
	return nil
}
