// Package conic is the Lambert conformal conic projection that the export
// writers share, fitted to an extent.
package conic

import (
	"fmt"
	"math"

	"github.com/paulmach/orb"
)

// RadiusKm is the radius of the sphere the picture is projected on: the
// IUGG mean Earth radius, 6371.0088 km.
const RadiusKm = 6371.0088

// A Conic is a Lambert conformal conic projection on the sphere: Lat1 and
// Lat2 the standard parallels, Lat0 and Lon0 the origin, in degrees.
type Conic struct {
	Lat0, Lon0, Lat1, Lat2 float64
	n, f, rho0             float64
}

// For returns the conic fitted to b (lon/lat): centred on it, with the
// standard parallels at one sixth of its height from its top and bottom
// (the usual rule of thumb, which keeps the scale error small over the
// extent), and false where b comes too near the equator or a pole for a
// conic to suit (the cone flattens into a cylinder or a plane).
func For(b orb.Bound) (Conic, bool) {
	h := b.Max[1] - b.Min[1]
	c := Conic{Lat0: (b.Min[1] + b.Max[1]) / 2, Lon0: (b.Min[0] + b.Max[0]) / 2, Lat1: b.Min[1] + h/6, Lat2: b.Max[1] - h/6}
	rad := math.Pi / 180
	φ1, φ2 := c.Lat1*rad, c.Lat2*rad
	t := func(φ float64) float64 { return math.Tan(math.Pi/4 + φ/2) }
	if math.Abs(φ2-φ1) < 1e-9 {
		c.n = math.Sin(φ1)
	} else {
		c.n = math.Log(math.Cos(φ1)/math.Cos(φ2)) / math.Log(t(φ2)/t(φ1))
	}
	if math.IsNaN(c.n) || math.Abs(c.n) < 0.1 || math.Abs(c.Lat1) > 80 || math.Abs(c.Lat2) > 80 {
		return Conic{}, false
	}
	c.f = math.Cos(φ1) * math.Pow(t(φ1), c.n) / c.n
	c.rho0 = RadiusKm * c.f / math.Pow(t(c.Lat0*rad), c.n)
	return c, true
}

// Project returns p (lon/lat) in km on the plane of the conic, the origin
// at (Lon0, Lat0), y north.
func (c Conic) Project(p orb.Point) (x, y float64) {
	rad := math.Pi / 180
	lat := math.Max(math.Min(p[1], 89.9), -89.9)
	rho := RadiusKm * c.f / math.Pow(math.Tan(math.Pi/4+lat*rad/2), c.n)
	dl := p[0] - c.Lon0
	for dl > 180 {
		dl -= 360
	}
	for dl < -180 {
		dl += 360
	}
	θ := c.n * dl * rad
	return rho * math.Sin(θ), c.rho0 - rho*math.Cos(θ)
}

// The WGS 84 ellipsoid (EPSG:7030): semi-major axis in metres and inverse
// flattening.
const (
	wgs84A    = 6378137.0
	wgs84InvF = 298.257223563
)

// ProjectCRS returns p (lon/lat, WGS 84) in metres in the CRS of Proj4 and
// WKT: the conic on the WGS 84 ellipsoid with its parameters as written
// there (to 1e-4°), by the formulas of EPSG method 9802.
func (c Conic) ProjectCRS(p orb.Point) (x, y float64) {
	e2 := (2 - 1/wgs84InvF) / wgs84InvF
	return lcc2SP(wgs84A, math.Sqrt(e2), r4(c.Lat0), r4(c.Lon0), r4(c.Lat1), r4(c.Lat2), p)
}

// lcc2SP returns p (lon/lat in degrees) projected by the Lambert conic
// conformal (2SP) on the ellipsoid of semi-major axis a (metres) and
// eccentricity e, false origin at (lon0, lat0), no false easting or
// northing (IOGP Guidance Note 7-2, EPSG method 9802).
func lcc2SP(a, e, lat0, lon0, lat1, lat2 float64, p orb.Point) (x, y float64) {
	rad := math.Pi / 180
	m := func(φ float64) float64 { s := e * math.Sin(φ); return math.Cos(φ) / math.Sqrt(1-s*s) }
	t := func(φ float64) float64 {
		s := e * math.Sin(φ)
		return math.Tan(math.Pi/4-φ/2) / math.Pow((1-s)/(1+s), e/2)
	}
	φ1, φ2 := lat1*rad, lat2*rad
	var n float64
	if math.Abs(φ2-φ1) < 1e-12 {
		n = math.Sin(φ1)
	} else {
		n = (math.Log(m(φ1)) - math.Log(m(φ2))) / (math.Log(t(φ1)) - math.Log(t(φ2)))
	}
	f := m(φ1) / (n * math.Pow(t(φ1), n))
	lat := math.Max(math.Min(p[1], 89.9), -89.9)
	r, rF := a*f*math.Pow(t(lat*rad), n), a*f*math.Pow(t(lat0*rad), n)
	dl := p[0] - lon0
	for dl > 180 {
		dl -= 360
	}
	for dl < -180 {
		dl += 360
	}
	θ := n * dl * rad
	return r * math.Sin(θ), rF - r*math.Cos(θ)
}

// Proj4 returns the conic as a PROJ string, on the WGS 84 ellipsoid in
// metres, as QGIS reads a custom CRS.
func (c Conic) Proj4() string {
	return fmt.Sprintf("+proj=lcc +lat_0=%s +lon_0=%s +lat_1=%s +lat_2=%s +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs",
		g(c.Lat0), g(c.Lon0), g(c.Lat1), g(c.Lat2))
}

// WKT returns the conic as an OGC WKT 2 PROJCRS on WGS 84, named name.
func (c Conic) WKT(name string) string {
	return fmt.Sprintf(`PROJCRS[%q,BASEGEOGCRS["WGS 84",DATUM["World Geodetic System 1984",ELLIPSOID["WGS 84",6378137,298.257223563,LENGTHUNIT["metre",1]]],PRIMEM["Greenwich",0,ANGLEUNIT["degree",0.0174532925199433]]],CONVERSION["Lambert Conic Conformal (2SP)",METHOD["Lambert Conic Conformal (2SP)",ID["EPSG",9802]],PARAMETER["Latitude of false origin",%s,ANGLEUNIT["degree",0.0174532925199433]],PARAMETER["Longitude of false origin",%s,ANGLEUNIT["degree",0.0174532925199433]],PARAMETER["Latitude of 1st standard parallel",%s,ANGLEUNIT["degree",0.0174532925199433]],PARAMETER["Latitude of 2nd standard parallel",%s,ANGLEUNIT["degree",0.0174532925199433]],PARAMETER["Easting at false origin",0,LENGTHUNIT["metre",1]],PARAMETER["Northing at false origin",0,LENGTHUNIT["metre",1]]],CS[Cartesian,2],AXIS["easting (X)",east,ORDER[1],LENGTHUNIT["metre",1]],AXIS["northing (Y)",north,ORDER[2],LENGTHUNIT["metre",1]]]`,
		name, g(c.Lat0), g(c.Lon0), g(c.Lat1), g(c.Lat2))
}

// g returns v as Proj4 and WKT write it, to 1e-4°.
func g(v float64) string { return fmt.Sprintf("%.4f", r4(v)) }

// r4 returns v rounded to 1e-4, the precision of the CRS's parameters.
func r4(v float64) float64 { return math.Round(v*1e4) / 1e4 }
