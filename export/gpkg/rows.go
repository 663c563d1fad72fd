package gpkg

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"strings"
)

// A session runs the statements of one write on the SQLite driver's
// connection itself. Through database/sql every argument of every row
// would be checked, converted and copied into a new slice first: most of
// the Go side's cost of a row, and a third of the export's allocations.
// Arguments are driver values: int64, float64, string, []byte or nil.
type session struct {
	ctx  context.Context
	conn driver.Conn
}

// onConn runs fn with a session on one connection of db.
func onConn(ctx context.Context, db *sql.DB, fn func(*session) error) error {
	c, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	return c.Raw(func(dc any) error {
		conn, ok := dc.(driver.Conn)
		if !ok {
			return fmt.Errorf("SQLite driver connection %T", dc)
		}
		return fn(&session{ctx: ctx, conn: conn})
	})
}

// prepare returns the prepared statement of query, to be closed.
func (s *session) prepare(query string) (driver.Stmt, error) {
	if p, ok := s.conn.(driver.ConnPrepareContext); ok {
		return p.PrepareContext(s.ctx, query)
	}
	return s.conn.Prepare(query)
}

// exec runs query once with args.
func (s *session) exec(query string, args ...driver.Value) error {
	st, err := s.prepare(query)
	if err != nil {
		return err
	}
	nv := make([]driver.NamedValue, len(args))
	for i, v := range args {
		nv[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	err = s.execStmt(st, nv)
	if cerr := st.Close(); err == nil {
		err = cerr
	}
	return err
}

// execStmt runs the prepared statement st with args.
func (s *session) execStmt(st driver.Stmt, args []driver.NamedValue) error {
	e, ok := st.(driver.StmtExecContext)
	if !ok {
		return fmt.Errorf("SQLite driver statement %T cannot execute", st)
	}
	_, err := e.ExecContext(s.ctx, args)
	return err
}

// queryInt returns the first column of the first row of query, an integer.
func (s *session) queryInt(query string) (int64, error) {
	st, err := s.prepare(query)
	if err != nil {
		return 0, err
	}
	defer st.Close()
	q, ok := st.(driver.StmtQueryContext)
	if !ok {
		return 0, fmt.Errorf("SQLite driver statement %T cannot query", st)
	}
	rows, err := q.QueryContext(s.ctx, nil)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	dest := make([]driver.Value, len(rows.Columns()))
	if len(dest) == 0 {
		return 0, errors.New("no column")
	}
	if err := rows.Next(dest); err == io.EOF {
		return 0, errors.New("no row")
	} else if err != nil {
		return 0, err
	}
	n, ok := dest[0].(int64)
	if !ok {
		return 0, fmt.Errorf("%T, want an integer", dest[0])
	}
	return n, nil
}

// maxBatch is the largest number of rows insertRows puts in one INSERT,
// and maxParams the most parameters (SQLite's default limit is 32766).
const (
	maxBatch  = 200
	maxParams = 32766
)

// insertRows inserts the values, width a row, into table (plain name) with
// the columns cols (quoted and joined), in statements of batchRows(width)
// rows, which saves most of the driver's cost a statement. When a
// statement fails, its rows are inserted one at a time to find the row at
// fault: the error comes with that row's index.
func insertRows(s *session, table, cols string, width int, values []driver.Value) (row int, err error) {
	in := newInserter(s, table, cols, width)
	defer in.close()
	return in.insert(values)
}

// batchRows returns the number of rows of width values an INSERT
// statement takes: up to maxBatch, within maxParams parameters.
func batchRows(width int) int {
	return max(1, min(maxBatch, maxParams/width))
}

// An inserter inserts rows into one table, keeping its prepared
// statements (one for each number of rows a statement) from call to call.
type inserter struct {
	s     *session
	table string
	cols  string
	width int
	row1  string              // the parameters of a row
	stmts map[int]driver.Stmt // by rows a statement
	args  []driver.NamedValue // of a statement, reused
}

// newInserter returns an inserter into table (plain name) with the
// columns cols (quoted and joined), width of them; close it after use.
func newInserter(s *session, table, cols string, width int) *inserter {
	args := make([]driver.NamedValue, batchRows(width)*width)
	for i := range args {
		args[i].Ordinal = i + 1
	}
	return &inserter{s: s, table: table, cols: cols, width: width,
		row1: "(?" + strings.Repeat(", ?", width-1) + ")", stmts: map[int]driver.Stmt{}, args: args}
}

func (in *inserter) close() {
	for _, st := range in.stmts {
		st.Close()
	}
}

func (in *inserter) stmt(n int) (driver.Stmt, error) {
	if st, ok := in.stmts[n]; ok {
		return st, nil
	}
	st, err := in.s.prepare(fmt.Sprintf("INSERT INTO %s (%s) VALUES %s", quote(in.table), in.cols, in.row1+strings.Repeat(", "+in.row1, n-1)))
	if err != nil {
		return nil, err
	}
	in.stmts[n] = st
	return st, nil
}

func (in *inserter) exec(st driver.Stmt, vs []driver.Value) error {
	a := in.args[:len(vs)]
	for i, v := range vs {
		a[i].Value = v
	}
	err := in.s.execStmt(st, a)
	for i := range a {
		a[i].Value = nil // no hold on the values
	}
	return err
}

// insert inserts the values, width a row, and returns the index among them
// of the row at fault when it fails.
func (in *inserter) insert(values []driver.Value) (row int, err error) {
	batch, width := batchRows(in.width), in.width
	rows := len(values) / width
	for first := 0; first < rows; first += batch {
		n := min(batch, rows-first)
		st, err := in.stmt(n)
		if err != nil {
			return first, err
		}
		if err := in.exec(st, values[first*width:(first+n)*width]); err == nil {
			continue
		} else if n == 1 {
			return first, err
		}
		one, err := in.stmt(1)
		if err != nil {
			return first, err
		}
		for r := first; r < first+n; r++ {
			if err := in.exec(one, values[r*width:(r+1)*width]); err != nil {
				return r, err
			}
		}
	}
	return 0, nil
}
