package qgis

import (
	"bytes"
	"encoding/xml"
	"strings"
)

// An elem is an XML element written with its attributes in the order
// given, so that output is byte-for-byte stable.
type elem struct {
	name  string
	attrs [][2]string
	kids  []*elem
	text  string
}

// el returns an element with the attributes given as name, value pairs.
func el(name string, attrs ...string) *elem {
	e := &elem{name: name}
	for i := 0; i+1 < len(attrs); i += 2 {
		e.attrs = append(e.attrs, [2]string{attrs[i], attrs[i+1]})
	}
	return e
}

// textEl returns an element holding text.
func textEl(name, text string) *elem { return &elem{name: name, text: text} }

func (e *elem) add(kids ...*elem) *elem {
	for _, k := range kids {
		if k != nil {
			e.kids = append(e.kids, k)
		}
	}
	return e
}

func escape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

func (e *elem) write(b *bytes.Buffer, depth int) {
	indent := strings.Repeat("  ", depth)
	b.WriteString(indent)
	b.WriteByte('<')
	b.WriteString(e.name)
	for _, a := range e.attrs {
		b.WriteByte(' ')
		b.WriteString(a[0])
		b.WriteString(`="`)
		b.WriteString(escape(a[1]))
		b.WriteByte('"')
	}
	switch {
	case len(e.kids) == 0 && e.text == "":
		b.WriteString("/>\n")
	case len(e.kids) == 0:
		b.WriteByte('>')
		b.WriteString(escape(e.text))
		b.WriteString("</" + e.name + ">\n")
	default:
		b.WriteString(">\n")
		for _, k := range e.kids {
			k.write(b, depth+1)
		}
		b.WriteString(indent + "</" + e.name + ">\n")
	}
}

// document returns root as a QGIS XML document.
func document(root *elem) []byte {
	var b bytes.Buffer
	b.WriteString("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n")
	root.write(&b, 0)
	return b.Bytes()
}
