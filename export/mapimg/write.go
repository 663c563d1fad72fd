package mapimg

import (
	"bufio"
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"encoding/xml"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/png"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/routerisk/routerisk/export/layer"
)

// markerRing returns the outline of a marker of diameter d at c.
func markerRing(shape layer.Shape, c pt, d float64) []pt {
	r := d / 2
	switch shape {
	case layer.Square:
		return wound([]pt{{c.X - r, c.Y - r}, {c.X + r, c.Y - r}, {c.X + r, c.Y + r}, {c.X - r, c.Y + r}})
	case layer.Diamond:
		return wound([]pt{{c.X, c.Y - r}, {c.X + r, c.Y}, {c.X, c.Y + r}, {c.X - r, c.Y}})
	case layer.Triangle:
		h := r * math.Sqrt(3) / 2
		return wound([]pt{{c.X, c.Y - r}, {c.X + h, c.Y + r/2}, {c.X - h, c.Y + r/2}})
	}
	return disc(c, r)
}

// WritePNG writes the picture as a PNG, drawn by this package's
// anti-aliased rasteriser (see encodePNG).
func (p *Picture) WritePNG(w io.Writer) error {
	c := newCanvas(p.Width, p.Height, background)
	for _, it := range p.items {
		switch it.kind {
		case fillItem:
			c.fill(it.rings, it.color, true)
		case strokeItem:
			var rings [][]pt
			for _, l := range it.rings {
				rings = append(rings, strokeRings(l, it.width, it.closed)...)
			}
			c.fill(rings, it.color, false)
		case markerItem:
			ring := markerRing(it.shape, it.at, it.size)
			c.fill([][]pt{ring}, it.color, false)
			if it.stroke.A > 0 {
				c.fill(strokeRings(ring, it.width, true), it.stroke, false)
			}
		case textItem:
			c.text(it.text, it.at, it.color, it.halo)
		}
	}
	return encodePNG(w, c.img)
}

// encodePNG writes img as a PNG (ISO/IEC 15948): when it is opaque, as 8-bit
// RGB with every row filtered by Up and deflated at the fastest level,
// since image/png tries all five filters on every row, which was most of
// the picture's encoding time; otherwise through image/png at
// png.BestSpeed. The map's flat colours compress well either way.
func encodePNG(w io.Writer, img *image.RGBA) error {
	b := img.Bounds()
	width, height := b.Dx(), b.Dy()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row := img.Pix[img.PixOffset(b.Min.X, y):][:4*width]
		for i := 3; i < len(row); i += 4 {
			if row[i] != 0xff {
				enc := png.Encoder{CompressionLevel: png.BestSpeed}
				return enc.Encode(w, img)
			}
		}
	}
	chunk := func(typ string, data []byte) error {
		var head [8]byte
		binary.BigEndian.PutUint32(head[:4], uint32(len(data)))
		copy(head[4:], typ)
		crc := crc32.NewIEEE()
		crc.Write(head[4:])
		crc.Write(data)
		var tail [4]byte
		binary.BigEndian.PutUint32(tail[:], crc.Sum32())
		for _, p := range [][]byte{head[:], data, tail[:]} {
			if _, err := w.Write(p); err != nil {
				return err
			}
		}
		return nil
	}
	if _, err := io.WriteString(w, "\x89PNG\r\n\x1a\n"); err != nil {
		return err
	}
	var ihdr [13]byte
	binary.BigEndian.PutUint32(ihdr[0:], uint32(width))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(height))
	ihdr[8], ihdr[9] = 8, 2 // 8 bits a sample, RGB; deflate, adaptive filtering, no interlace
	if err := chunk("IHDR", ihdr[:]); err != nil {
		return err
	}
	var idat bytes.Buffer
	z, err := zlib.NewWriterLevel(&idat, zlib.BestSpeed)
	if err != nil {
		return err
	}
	prev := make([]byte, 3*width) // the row above, RGB; zeros above the first
	cur := make([]byte, 3*width)
	line := make([]byte, 1+3*width)
	line[0] = 2 // the Up filter
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row := img.Pix[img.PixOffset(b.Min.X, y):][:4*width]
		for x := 0; x < width; x++ {
			copy(cur[3*x:3*x+3], row[4*x:4*x+3])
		}
		for i := range cur {
			line[1+i] = cur[i] - prev[i]
		}
		if _, err := z.Write(line); err != nil {
			return err
		}
		prev, cur = cur, prev
	}
	if err := z.Close(); err != nil {
		return err
	}
	if err := chunk("IDAT", idat.Bytes()); err != nil {
		return err
	}
	return chunk("IEND", nil)
}

// text draws s with its baseline-left corner at at, in the bitmap font at
// textScale; with a halo, a pale outline first keeps it readable on lines.
func (c *canvas) text(s string, at pt, col color.NRGBA, halo bool) {
	x0, y0 := int(math.Round(at.X)), int(math.Round(at.Y))
	s = ascii(s)
	cells := func(draw func(x, y int)) {
		x := x0
		for _, r := range s {
			g := glyphs[r]
			for row := range g {
				for col, ink := range g[row] {
					if ink {
						draw(x+col*textScale, y0-(glyphH-row)*textScale)
					}
				}
			}
			x += advance * textScale
		}
	}
	if halo {
		cells(func(x, y int) { c.rect(x-2, y-2, textScale+4, textScale+4, haloColor) })
	}
	cells(func(x, y int) { c.rect(x, y, textScale, textScale, col) })
}

// WriteSVG writes the picture as SVG 1.1.
func (p *Picture) WriteSVG(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" version="1.1" width="%d" height="%d" viewBox="0 0 %d %d">
<rect width="%d" height="%d" fill="%s"/>
`, p.Width, p.Height, p.Width, p.Height, p.Width, p.Height, hexColor(background))
	for _, it := range p.items {
		switch it.kind {
		case fillItem:
			fmt.Fprintf(bw, `<path d="%s" fill-rule="evenodd"%s/>`+"\n", pathData(it.rings, true), paint("fill", it.color))
		case strokeItem:
			fmt.Fprintf(bw, `<path d="%s" fill="none"%s stroke-width="%s" stroke-linecap="round" stroke-linejoin="round"/>`+"\n",
				pathData(it.rings, it.closed), paint("stroke", it.color), coord(it.width))
		case markerItem:
			stroke := ""
			if it.stroke.A > 0 {
				stroke = paint("stroke", it.stroke) + ` stroke-width="` + coord(it.width) + `"`
			}
			if it.shape == layer.Circle {
				fmt.Fprintf(bw, `<circle cx="%s" cy="%s" r="%s"%s%s/>`+"\n", coord(it.at.X), coord(it.at.Y), coord(it.size/2), paint("fill", it.color), stroke)
			} else {
				fmt.Fprintf(bw, `<path d="%s"%s%s/>`+"\n", pathData([][]pt{markerRing(it.shape, it.at, it.size)}, true), paint("fill", it.color), stroke)
			}
		case textItem:
			halo := ""
			if it.halo {
				halo = paint("stroke", haloColor) + ` stroke-width="4" stroke-linejoin="round" paint-order="stroke"`
			}
			fmt.Fprintf(bw, `<text x="%s" y="%s" font-family="DejaVu Sans, Arial, Helvetica, sans-serif" font-size="18"%s%s>%s</text>`+"\n",
				coord(it.at.X), coord(it.at.Y), paint("fill", it.color), halo, escape(it.text))
		}
	}
	bw.WriteString("</svg>\n")
	return bw.Flush()
}

func escape(s string) string {
	var b strings.Builder
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

func hexColor(c color.NRGBA) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// paint returns the SVG colour attributes of c for fill or stroke.
func paint(what string, c color.NRGBA) string {
	s := fmt.Sprintf(` %s="%s"`, what, hexColor(c))
	if c.A < 255 {
		s += fmt.Sprintf(` %s-opacity="%s"`, what, strconv.FormatFloat(float64(c.A)/255, 'f', 3, 64))
	}
	return s
}

// coord returns v with one decimal, without a trailing ".0".
func coord(v float64) string {
	s := strconv.FormatFloat(math.Round(v*10)/10, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	if s == "-0" {
		return "0"
	}
	return s
}

func pathData(rings [][]pt, closed bool) string {
	var b strings.Builder
	for _, r := range rings {
		for i, q := range r {
			if i == 0 {
				b.WriteByte('M')
			} else {
				b.WriteByte('L')
			}
			b.WriteString(coord(q.X))
			b.WriteByte(' ')
			b.WriteString(coord(q.Y))
		}
		if closed && len(r) > 0 {
			b.WriteByte('Z')
		}
	}
	return b.String()
}
