package gpkg

import (
	"database/sql"
	"fmt"
	"strings"
)

// maxBatch is the largest number of rows insertRows puts in one INSERT,
// and maxParams the most parameters (SQLite's default limit is 32766).
const (
	maxBatch  = 200
	maxParams = 32766
)

// insertRows inserts the values, width a row, into table (plain name) with
// the columns cols (quoted and joined), in statements of up to maxBatch
// rows, which saves most of database/sql's and the driver's cost a
// statement. When a statement fails, its rows are inserted one at a time
// to find the row at fault: the error comes with that row's index.
func insertRows(tx *sql.Tx, table, cols string, width int, values []any) (row int, err error) {
	batch := max(1, min(maxBatch, maxParams/width))
	row1 := "(?" + strings.Repeat(", ?", width-1) + ")"
	stmts := map[int]*sql.Stmt{} // by rows a statement
	defer func() {
		for _, st := range stmts {
			st.Close()
		}
	}()
	stmt := func(n int) (*sql.Stmt, error) {
		if st, ok := stmts[n]; ok {
			return st, nil
		}
		st, err := tx.Prepare(fmt.Sprintf("INSERT INTO %s (%s) VALUES %s", quote(table), cols, row1+strings.Repeat(", "+row1, n-1)))
		if err != nil {
			return nil, err
		}
		stmts[n] = st
		return st, nil
	}
	rows := len(values) / width
	for first := 0; first < rows; first += batch {
		n := min(batch, rows-first)
		st, err := stmt(n)
		if err != nil {
			return first, err
		}
		if _, err := st.Exec(values[first*width : (first+n)*width]...); err == nil {
			continue
		} else if n == 1 {
			return first, err
		}
		one, err := stmt(1)
		if err != nil {
			return first, err
		}
		for r := first; r < first+n; r++ {
			if _, err := one.Exec(values[r*width : (r+1)*width]...); err != nil {
				return r, err
			}
		}
	}
	return 0, nil
}
