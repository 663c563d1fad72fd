package gpkg

import (
	"cmp"
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// rtreeTestCells returns n cells with fixed random bounds in lon/lat,
// some of them points and some repeated, ids 1..n.
func rtreeTestCells(n int, seed uint64) []rtreeCell {
	r := rand.New(rand.NewPCG(seed, 7))
	cells := make([]rtreeCell, n)
	for i := range cells {
		x, y := 50+30*r.Float64(), 30+25*r.Float64()
		w, h := r.Float64(), 0.5*r.Float64()
		switch i % 7 {
		case 3: // a point
			w, h = 0, 0
		case 5: // the bounds of the cell before
			if i > 0 {
				c := cells[i-1]
				cells[i] = rtreeCell{int64(i + 1), c.minX, c.maxX, c.minY, c.maxY}
				continue
			}
		}
		cells[i] = cellOf(int64(i+1), x, x+w, y, y+h)
	}
	return cells
}

// TestPackRTree checks the packed tree's shape: every leaf cell once, in
// a leaf at the tree's depth; no node over the fanout or empty; each
// parent cell the exact cover of its child; node numbers 1..N with the
// parents' numbers right.
func TestPackRTree(t *testing.T) {
	for _, c := range []struct{ n, fanout int }{
		{0, 51}, {1, 51}, {2, 51}, {51, 51}, {52, 51}, {400, 51}, {2602, 51}, {1000, 4}, {17, 2},
	} {
		t.Run(fmt.Sprintf("%d cells, fanout %d", c.n, c.fanout), func(t *testing.T) {
			cells := rtreeTestCells(c.n, uint64(c.n))
			nodes, depth := packRTree(cells, c.fanout)
			byNo := map[int64]rtreeNode{}
			for i, n := range nodes {
				if n.no != int64(i+1) {
					t.Fatalf("node %d numbered %d", i, n.no)
				}
				byNo[n.no] = n
			}
			if nodes[0].parent != 0 {
				t.Errorf("root has parent %d", nodes[0].parent)
			}
			var seen []rtreeCell
			var walk func(no int64, level int)
			walk = func(no int64, level int) {
				n := byNo[no]
				if len(n.cells) > c.fanout || (len(n.cells) == 0 && c.n > 0) {
					t.Errorf("node %d has %d cells (fanout %d)", no, len(n.cells), c.fanout)
				}
				if n.leaf != (level == depth) {
					t.Errorf("node %d at level %d: leaf %v, depth %d", no, level, n.leaf, depth)
				}
				if n.leaf {
					seen = append(seen, n.cells...)
					return
				}
				for _, cell := range n.cells {
					child := byNo[cell.id]
					if child.parent != no {
						t.Errorf("node %d's parent is %d, want %d", cell.id, child.parent, no)
					}
					if u := union(cell.id, child.cells); u != cell {
						t.Errorf("node %d's cell %v is not the cover %v of its child", no, cell, u)
					}
					walk(cell.id, level+1)
				}
			}
			walk(1, 0)
			byID := func(a, b rtreeCell) int { return int(a.id - b.id) }
			slices.SortFunc(seen, byID)
			if !slices.Equal(seen, cells) {
				t.Errorf("leaves hold %d cells, want the %d given, each once", len(seen), len(cells))
			}
			if want := 0; c.n <= c.fanout && depth != want {
				t.Errorf("depth %d for %d cells, want %d", depth, c.n, want)
			}
		})
	}
}

// TestSTRGroups checks strGroups against the tiling done plainly: the
// cells sorted by the x of their centres, ties by id, cut into slices of
// √(n/fanout) groups, each sorted by y, ties by id, and cut into groups.
// Many cells share their centres, so the ties are tested too.
func TestSTRGroups(t *testing.T) {
	for _, c := range []struct{ n, fanout int }{{0, 51}, {1, 51}, {52, 51}, {2602, 51}, {1000, 4}, {17, 2}} {
		cells := rtreeTestCells(c.n, uint64(c.n)+3)
		want := slices.Clone(cells)
		byCentre := func(axis int) func(a, b rtreeCell) int {
			return func(a, b rtreeCell) int {
				ax, ay := a.centre()
				bx, by := b.centre()
				if axis == 1 {
					ax, bx = ay, by
				}
				if ax != bx {
					return cmp.Compare(ax, bx)
				}
				return cmp.Compare(a.id, b.id)
			}
		}
		slices.SortFunc(want, byCentre(0))
		leaves := (c.n + c.fanout - 1) / c.fanout
		per := int(math.Ceil(math.Sqrt(float64(leaves)))) * c.fanout
		for s := 0; s < c.n; s += per {
			slices.SortFunc(want[s:min(c.n, s+per)], byCentre(1))
		}
		var got []rtreeCell
		groups := strGroups(cells, c.fanout)
		for _, g := range groups {
			if len(g) == 0 || len(g) > c.fanout {
				t.Errorf("%d cells, fanout %d: a group of %d", c.n, c.fanout, len(g))
			}
			got = append(got, g...)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%d cells, fanout %d: the groups hold the cells in another order", c.n, c.fanout)
		}
		if c.n > 0 && len(groups) < leaves {
			t.Errorf("%d cells, fanout %d: %d groups, want at least %d", c.n, c.fanout, len(groups), leaves)
		}
	}
}

func TestRoundOutward(t *testing.T) {
	for _, v := range []float64{0, 1, -1, 0.1, -0.1, 69.123456789, -179.99999999, 89.9999999999, 1e-40} {
		if d := roundDown(v); float64(d) > v || float64(math.Nextafter32(d, float32(math.Inf(1)))) <= v && float64(d) != v {
			t.Errorf("roundDown(%v) = %v: not the largest float32 at most v", v, d)
		}
		if u := roundUp(v); float64(u) < v || float64(math.Nextafter32(u, float32(math.Inf(-1)))) >= v && float64(u) != v {
			t.Errorf("roundUp(%v) = %v: not the smallest float32 at least v", v, u)
		}
	}
}

// TestLoadRTree bulk-loads trees into SQLite's R*Tree module and checks
// them with rtreecheck(), answers to window queries against a brute-force
// scan, and that SQLite can go on inserting and deleting in them.
func TestLoadRTree(t *testing.T) {
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "rtree.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	for _, n := range []int{0, 1, 51, 52, 3000} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			rt := fmt.Sprintf("rt%d", n)
			cells := rtreeTestCells(n, 11)
			if err := inTx(db, func(s *session) error {
				if err := s.exec(fmt.Sprintf(`CREATE VIRTUAL TABLE %s USING rtree(id, minx, maxx, miny, maxy)`, rt)); err != nil {
					return err
				}
				return loadPacked(s, rt, packed{cells: cells}) // packed at SQLite's fanout
			}); err != nil {
				t.Fatal(err)
			}
			rtreeCheck(t, db, rt, cells)

			// SQLite edits the packed tree as its own.
			tx, err := db.Begin()
			if err != nil {
				t.Fatal(err)
			}
			more := rtreeTestCells(200, 12)
			for i := range more {
				more[i].id += 1_000_000
				c := more[i]
				if _, err := tx.Exec(fmt.Sprintf(`INSERT INTO %s VALUES (?, ?, ?, ?, ?)`, rt), c.id, c.minX, c.maxX, c.minY, c.maxY); err != nil {
					t.Fatal(err)
				}
			}
			cells = append(cells, more...)
			var kept []rtreeCell
			for _, c := range cells {
				if c.id%3 == 0 {
					if _, err := tx.Exec(fmt.Sprintf(`DELETE FROM %s WHERE id = ?`, rt), c.id); err != nil {
						t.Fatal(err)
					}
				} else {
					kept = append(kept, c)
				}
			}
			if err := tx.Commit(); err != nil {
				t.Fatal(err)
			}
			rtreeCheck(t, db, rt, kept)
		})
	}
}

// rtreeCheck checks the R-tree rt with rtreecheck() and 40 window
// queries against the cells it should hold.
func rtreeCheck(t *testing.T, db *sql.DB, rt string, cells []rtreeCell) {
	t.Helper()
	var check string
	if err := db.QueryRow(`SELECT rtreecheck(?)`, rt).Scan(&check); err != nil {
		t.Fatal(err)
	}
	if check != "ok" {
		t.Fatalf("rtreecheck: %s", check)
	}
	var count int
	if err := db.QueryRow(fmt.Sprintf(`SELECT count(*) FROM %s`, rt)).Scan(&count); err != nil || count != len(cells) {
		t.Fatalf("count %d (%v), want %d", count, err, len(cells))
	}
	r := rand.New(rand.NewPCG(3, 4))
	for q := range 40 {
		x, y := 48+34*r.Float64(), 28+29*r.Float64()
		w, h := 3*r.Float64(), 2*r.Float64()
		var want []int64
		for _, c := range cells {
			if float64(c.maxX) >= x && float64(c.minX) <= x+w && float64(c.maxY) >= y && float64(c.minY) <= y+h {
				want = append(want, c.id)
			}
		}
		rows, err := db.Query(fmt.Sprintf(`SELECT id FROM %s WHERE maxx >= ? AND minx <= ? AND maxy >= ? AND miny <= ? ORDER BY id`, rt), x, x+w, y, y+h)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				t.Fatal(err)
			}
			got = append(got, id)
		}
		rows.Close()
		if !slices.Equal(got, want) {
			t.Fatalf("query %d: got %d ids, want %d", q, len(got), len(want))
		}
	}
}

// TestInsertRows inserts rows in batches, a last short one included, and
// checks them back; a row breaking a constraint is named by its index.
func TestInsertRows(t *testing.T) {
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "rows.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	if _, err := db.Exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT, w REAL CHECK (w >= 0))`); err != nil {
		t.Fatal(err)
	}
	const n = 2*maxBatch + 57
	var values []driver.Value
	for i := range n {
		values = append(values, int64(i+1), fmt.Sprintf("row %d", i), float64(i)/2)
	}
	if err := inTx(db, func(s *session) error {
		_, err := insertRows(s, "t", "id, v, w", 3, values)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	var count int
	var sum float64
	var last string
	if err := db.QueryRow(`SELECT count(*), sum(w), max(v) FROM t`).Scan(&count, &sum, &last); err != nil {
		t.Fatal(err)
	}
	if want := float64(n*(n-1)) / 4; count != n || sum != want || last != "row 99" {
		t.Errorf("got %d rows, sum %v, max %q; want %d, %v, %q", count, sum, last, n, want, "row 99")
	}

	var bad []driver.Value
	for i := range n {
		w := 1.0
		if i == maxBatch+33 {
			w = -1
		}
		bad = append(bad, int64(n+i+1), "x", w)
	}
	var row int
	err = inTx(db, func(s *session) (err error) {
		row, err = insertRows(s, "t", "id, v, w", 3, bad)
		return err
	})
	if err == nil || row != maxBatch+33 {
		t.Errorf("got row %d, error %v; want row %d and a constraint error", row, err, maxBatch+33)
	}
	if err := db.QueryRow(`SELECT count(*) FROM t`).Scan(&count); err != nil || count != n {
		t.Errorf("%d rows after the failed insert (%v), want %d: rolled back", count, err, n)
	}
}

// inTx runs fn in a transaction on a session of db, committed when fn
// succeeds and rolled back when it fails.
func inTx(db *sql.DB, fn func(*session) error) error {
	return onConn(context.Background(), db, func(s *session) error {
		if err := s.exec("BEGIN"); err != nil {
			return err
		}
		if err := fn(s); err != nil {
			s.exec("ROLLBACK")
			return err
		}
		return s.exec("COMMIT")
	})
}

// TestQueryInt reads an integer through a session, and refuses a query
// without rows or of another type.
func TestQueryInt(t *testing.T) {
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "q.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	err = onConn(context.Background(), db, func(s *session) error {
		if err := s.exec(`CREATE TABLE t (n INTEGER, s TEXT)`); err != nil {
			return err
		}
		if err := s.exec(`INSERT INTO t VALUES (?, ?), (?, ?)`, int64(7), "a", int64(-3), "b"); err != nil {
			return err
		}
		if n, err := s.queryInt(`SELECT sum(n) FROM t`); err != nil || n != 4 {
			t.Errorf("sum: got %d, %v; want 4", n, err)
		}
		if _, err := s.queryInt(`SELECT n FROM t WHERE n > 100`); err == nil || !strings.Contains(err.Error(), "no row") {
			t.Errorf("no row: got %v", err)
		}
		if _, err := s.queryInt(`SELECT s FROM t`); err == nil || !strings.Contains(err.Error(), "want an integer") {
			t.Errorf("text: got %v", err)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestLikelyFanout checks that SQLite's two-dimensional R*Tree nodes hold
// likelyFanout cells, the fanout feed packs the trees at before SQLite is
// asked (another would be packed again, correct but slower).
func TestLikelyFanout(t *testing.T) {
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "f.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE VIRTUAL TABLE rt USING rtree(id, minx, maxx, miny, maxy)`); err != nil {
		t.Fatal(err)
	}
	var size int
	if err := db.QueryRow(`SELECT length(data) FROM rt_node WHERE nodeno = 1`).Scan(&size); err != nil {
		t.Fatal(err)
	}
	if got := (size - 4) / rtreeCellBytes; got != likelyFanout {
		t.Errorf("nodes of %d bytes hold %d cells, want likelyFanout %d", size, got, likelyFanout)
	}
}
