package plan

import "errors"

// errAborted reports that lp.abort stopped a solve.
var errAborted = errors.New("plan: stopped")

const (
	lpPivotTol = 1e-11
	lpCostTol  = 1e-10
)
