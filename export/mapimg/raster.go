package mapimg

import (
	"cmp"
	"image"
	"image/color"
	"math"
	"slices"
)

// pt is a point in picture pixels, y down.
type pt struct{ X, Y float64 }

// subsamples is the number of scanlines sampled in each pixel row; the
// coverage across a row is computed exactly.
const subsamples = 5

// canvas is an opaque RGB picture drawn with anti-aliased polygons.
type canvas struct {
	img      *image.RGBA
	w, h     int
	cov, run []float32 // one row of coverage, and its running-sum deltas
	// Scratch of fill, kept from call to call: a map fills thousands of
	// small shapes.
	edges, active []edge
	xs            []crossing
}

func newCanvas(w, h int, bg color.NRGBA) *canvas {
	c := &canvas{img: image.NewRGBA(image.Rect(0, 0, w, h)), w: w, h: h,
		cov: make([]float32, w+2), run: make([]float32, w+2)}
	for i := 0; i < len(c.img.Pix); i += 4 {
		c.img.Pix[i], c.img.Pix[i+1], c.img.Pix[i+2], c.img.Pix[i+3] = bg.R, bg.G, bg.B, 255
	}
	return c
}

type edge struct {
	x0, y0, x1, y1 float64 // y0 < y1
	dir            int     // +1 downwards in the ring's order, -1 upwards
}

type crossing struct {
	x   float64
	dir int
}

// fill paints the area inside rings with col: by the even-odd rule (holes
// of polygons) or the non-zero rule (unions of overlapping pieces, as
// strokes are built).
func (c *canvas) fill(rings [][]pt, col color.NRGBA, evenOdd bool) {
	if col.A == 0 {
		return
	}
	edges := c.edges[:0]
	defer func() { c.edges = edges[:0] }()
	minY, maxY := math.Inf(1), math.Inf(-1)
	minX, maxX := math.Inf(1), math.Inf(-1)
	for _, r := range rings {
		for i := range r {
			a, b := r[i], r[(i+1)%len(r)]
			if a.Y == b.Y || math.IsNaN(a.X+a.Y+b.X+b.Y) {
				continue
			}
			e := edge{a.X, a.Y, b.X, b.Y, 1}
			if a.Y > b.Y {
				e = edge{b.X, b.Y, a.X, a.Y, -1}
			}
			edges = append(edges, e)
			minY, maxY = min(minY, e.y0), max(maxY, e.y1)
			minX, maxX = min(minX, a.X, b.X), max(maxX, a.X, b.X)
		}
	}
	if len(edges) == 0 {
		return
	}
	slices.SortFunc(edges, func(a, b edge) int { return cmp.Compare(a.y0, b.y0) })
	y0 := max(int(math.Floor(minY)), 0)
	y1 := min(int(math.Ceil(maxY)), c.h-1)
	x0 := max(int(math.Floor(minX)), 0)
	x1 := min(int(math.Ceil(maxX)), c.w-1)
	if x0 > x1 {
		return
	}
	active, xs := c.active[:0], c.xs[:0]
	defer func() { c.active, c.xs = active[:0], xs[:0] }()
	next := 0
	alpha := float32(col.A) / 255
	for py := y0; py <= y1; py++ {
		clear(c.cov[x0 : x1+2])
		clear(c.run[x0 : x1+2])
		// Edges starting above the bottom of this row join; those ended
		// above its top leave.
		for next < len(edges) && edges[next].y0 < float64(py+1) {
			active = append(active, edges[next])
			next++
		}
		active = slices.DeleteFunc(active, func(e edge) bool { return e.y1 <= float64(py) })
		if len(active) == 0 {
			continue
		}
		for s := 0; s < subsamples; s++ {
			y := float64(py) + (float64(s)+0.5)/subsamples
			xs = xs[:0]
			for _, e := range active {
				if e.y0 <= y && y < e.y1 {
					xs = append(xs, crossing{e.x0 + (y-e.y0)*(e.x1-e.x0)/(e.y1-e.y0), e.dir})
				}
			}
			slices.SortFunc(xs, func(a, b crossing) int { return cmp.Compare(a.x, b.x) })
			wind := 0
			for i := 0; i+1 < len(xs); i++ {
				wind += xs[i].dir
				in := wind != 0
				if evenOdd {
					in = wind%2 != 0
				}
				if in {
					c.span(xs[i].x, xs[i+1].x, 1.0/subsamples)
				}
			}
		}
		row := c.img.Pix[py*c.img.Stride:]
		var run float32
		for x := x0; x <= x1; x++ {
			run += c.run[x]
			a := min(c.cov[x]+run, 1) * alpha
			if a <= 0.002 {
				continue
			}
			p := row[x*4 : x*4+3]
			p[0] = blend(p[0], col.R, a)
			p[1] = blend(p[1], col.G, a)
			p[2] = blend(p[2], col.B, a)
		}
	}
}

func blend(dst, src uint8, a float32) uint8 {
	return uint8(float32(dst) + (float32(src)-float32(dst))*a + 0.5)
}

// span adds weight w of coverage to the pixels between xa and xb of the
// current row, exactly at the ends.
func (c *canvas) span(xa, xb float64, w float32) {
	xa, xb = max(xa, 0), min(xb, float64(c.w))
	if xb <= xa {
		return
	}
	ia, ib := int(xa), int(xb)
	if ia == ib {
		c.cov[ia] += float32(xb-xa) * w
		return
	}
	c.cov[ia] += float32(float64(ia+1)-xa) * w
	c.run[ia+1] += w
	c.run[ib] -= w
	if ib < c.w {
		c.cov[ib] += float32(xb-float64(ib)) * w
	}
}

// rect paints a whole-pixel rectangle, as text cells are drawn.
func (c *canvas) rect(x, y, w, h int, col color.NRGBA) {
	r := image.Rect(x, y, x+w, y+h).Intersect(c.img.Rect)
	a := float32(col.A) / 255
	for py := r.Min.Y; py < r.Max.Y; py++ {
		for px := r.Min.X; px < r.Max.X; px++ {
			p := c.img.Pix[py*c.img.Stride+px*4:]
			p[0], p[1], p[2] = blend(p[0], col.R, a), blend(p[1], col.G, a), blend(p[2], col.B, a)
		}
	}
}

// strokeRings returns the outline of a polyline of width w as rings to
// fill by the non-zero rule: a quadrilateral for every segment and a disc
// at every vertex, all wound the same way, so that they unite into round
// joins and caps.
func strokeRings(line []pt, w float64, closed bool) [][]pt {
	hw := w / 2
	var out [][]pt
	n := len(line)
	if n == 0 {
		return nil
	}
	if n == 1 {
		return [][]pt{disc(line[0], hw)}
	}
	segs := n - 1
	if closed {
		segs = n
	}
	for i := 0; i < segs; i++ {
		a, b := line[i], line[(i+1)%n]
		dx, dy := b.X-a.X, b.Y-a.Y
		l := math.Hypot(dx, dy)
		if l == 0 {
			continue
		}
		nx, ny := -dy/l*hw, dx/l*hw
		out = append(out, wound([]pt{{a.X + nx, a.Y + ny}, {b.X + nx, b.Y + ny}, {b.X - nx, b.Y - ny}, {a.X - nx, a.Y - ny}}))
	}
	if hw >= 0.6 { // joins and caps show only on lines wider than a pixel or so
		for _, p := range line {
			out = append(out, disc(p, hw))
		}
	}
	return out
}

// disc returns a circle of radius r as a polygon, wound like every stroke
// piece.
func disc(c pt, r float64) []pt {
	k := int(math.Ceil(2 * math.Pi * r / 1.5))
	k = min(max(k, 8), 64)
	ring := make([]pt, k)
	for i := range ring {
		t := 2 * math.Pi * float64(i) / float64(k)
		ring[i] = pt{c.X + r*math.Cos(t), c.Y + r*math.Sin(t)}
	}
	return wound(ring)
}

// wound returns ring in the winding every stroke piece shares (positive
// shoelace area in picture coordinates).
func wound(ring []pt) []pt {
	a := 0.0
	for i := range ring {
		p, q := ring[i], ring[(i+1)%len(ring)]
		a += p.X*q.Y - q.X*p.Y
	}
	if a < 0 {
		slices.Reverse(ring)
	}
	return ring
}
