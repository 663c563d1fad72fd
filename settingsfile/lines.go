package settingsfile

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
)

// A position is a line and column in a file, 1-based.
type position struct{ line, column int }

// keyPositions returns where each key of the file is set, by its path
// (see pathKey); the file must have parsed already. Arrays of tables count
// their elements from 0, as in "Rules.0.ID".
func keyPositions(data []byte, f format) map[string]position {
	if f == formatJSON {
		return jsonPositions(data)
	}
	return tomlPositions(data)
}

// pathKey returns the lookup key of a path: its parts lower-cased (go-toml
// and this package match keys to fields ignoring case) and joined by dots.
func pathKey(parts []string) string {
	return strings.ToLower(strings.Join(parts, "."))
}

func tomlPositions(data []byte) map[string]position {
	out := map[string]position{}
	var p unstable.Parser
	p.Reset(data)
	var table []string
	count := map[string]int{}
	for p.NextExpression() {
		e := p.Expression()
		var parts []string
		var first *unstable.Node
		it := e.Key()
		for it.Next() {
			n := it.Node()
			if first == nil {
				first = n
			}
			parts = append(parts, string(n.Data))
		}
		if first == nil {
			continue
		}
		s := p.Shape(first.Raw).Start
		pos := position{s.Line, s.Column}
		switch e.Kind {
		case unstable.Table:
			table = parts
		case unstable.ArrayTable:
			k := pathKey(parts)
			table = append(parts, strconv.Itoa(count[k]))
			count[k]++
		case unstable.KeyValue:
			parts = append(append([]string(nil), table...), parts...)
		}
		if e.Kind == unstable.ArrayTable {
			parts = table
		}
		if _, ok := out[pathKey(parts)]; !ok {
			out[pathKey(parts)] = pos
		}
	}
	return out
}

func jsonPositions(data []byte) map[string]position {
	out := map[string]position{}
	dec := json.NewDecoder(bytes.NewReader(data))
	lineAt := func(off int64) position {
		before := data[:min(int(off), len(data))]
		line := bytes.Count(before, []byte("\n")) + 1
		col := len(before) - bytes.LastIndexByte(before, '\n')
		return position{line, col}
	}
	// frame is an open object or array: its path, and for an array the
	// index of the next element, for an object whether a key is expected.
	type frame struct {
		path    []string
		array   bool
		index   int
		wantKey bool
	}
	var stack []frame
	var pending []string // the path of the value about to be read
	for {
		off := dec.InputOffset()
		tok, err := dec.Token()
		if err != nil {
			return out
		}
		if len(stack) > 0 {
			top := &stack[len(stack)-1]
			if !top.array && top.wantKey {
				if k, ok := tok.(string); ok {
					pending = append(append([]string(nil), top.path...), k)
					// off is before the separator or space ahead of the key.
					p := lineAt(off + int64(bytes.IndexByte(data[off:], '"')) + 1)
					out[pathKey(pending)] = p
					top.wantKey = false
					continue
				}
			}
			if top.array {
				if d, ok := tok.(json.Delim); !ok || d != ']' {
					pending = append(append([]string(nil), top.path...), strconv.Itoa(top.index))
					top.index++
				}
			}
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, frame{path: pending, wantKey: true})
		case json.Delim('['):
			stack = append(stack, frame{path: pending, array: true})
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
		}
		if len(stack) > 0 {
			top := &stack[len(stack)-1]
			if !top.array {
				top.wantKey = true
			}
		}
	}
}
