"""Plain geometry for venue locations, in pure Python (no core, no Django models, no GIS library):

- GCJ-02 ⇄ WGS84. Consumer maps in China (高德, 腾讯, 微信定位) give GCJ-02, the obfuscated datum; the system
  stores WGS84/CGCS2000 (天地图's datum; the two differ by centimetres). ``wgs84_to_gcj02`` is the well-known
  public formula (eviltransform / coordtransform); ``gcj02_to_wgs84`` inverts it by fixed-point iteration,
  which converges to well under a millimetre in a few steps.
- ``haversine_m``: great-circle distance on a sphere of the mean Earth radius.
- Districts: the vendored outline of Wuhan's districts (static/vendor/wuhan-districts, see its NOTICE) and a
  ray-casting point-in-polygon test.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path

EARTH_RADIUS_M = 6_371_008.8
# Krasovsky 1940, as the GCJ-02 formula uses it.
_A = 6378245.0
_EE = 0.00669342162296594323

WGS84 = "wgs84"
GCJ02 = "gcj02"

BOUNDARY_FILE = Path(__file__).resolve().parent.parent / "static/vendor/wuhan-districts/wuhan-districts.geojson"


def out_of_china(lng: float, lat: float) -> bool:
    """GCJ-02 shifts only points inside mainland China's rough box; elsewhere both datums agree."""
    return not (72.004 <= lng <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _transform_lat(x: float, y: float) -> float:
    ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    return ret


def _transform_lng(x: float, y: float) -> float:
    ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    ret += (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    ret += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    ret += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    return ret


def wgs84_to_gcj02(lng: float, lat: float) -> tuple[float, float]:
    if out_of_china(lng, lat):
        return lng, lat
    dlat = _transform_lat(lng - 105.0, lat - 35.0)
    dlng = _transform_lng(lng - 105.0, lat - 35.0)
    radlat = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(radlat) ** 2
    sqrtmagic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrtmagic) * math.pi)
    dlng = (dlng * 180.0) / (_A / sqrtmagic * math.cos(radlat) * math.pi)
    return lng + dlng, lat + dlat


def gcj02_to_wgs84(lng: float, lat: float, tolerance_deg: float = 1e-9, max_steps: int = 30) -> tuple[float, float]:
    """The WGS84 point whose GCJ-02 image is (lng, lat): start from the point itself and move by the residual
    until the forward formula lands within ``tolerance_deg`` (1e-9° ≈ 0.1 mm)."""
    if out_of_china(lng, lat):
        return lng, lat
    wlng, wlat = lng, lat
    for _step in range(max_steps):
        glng, glat = wgs84_to_gcj02(wlng, wlat)
        dlng, dlat = glng - lng, glat - lat
        if abs(dlng) < tolerance_deg and abs(dlat) < tolerance_deg:
            break
        wlng, wlat = wlng - dlng, wlat - dlat
    return wlng, wlat


def to_wgs84(lng: float, lat: float, system: str = WGS84) -> tuple[float, float]:
    if system == GCJ02:
        return gcj02_to_wgs84(lng, lat)
    return lng, lat


def as_decimals(lng: float, lat: float) -> tuple[Decimal, Decimal]:
    """A point as the database stores it: six decimals (≈0.1 m)."""
    step = Decimal("0.000001")
    return Decimal(repr(lng)).quantize(step, ROUND_HALF_UP), Decimal(repr(lat)).quantize(step, ROUND_HALF_UP)


def haversine_m(lng1: float, lat1: float, lng2: float, lat2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lng: float, lat: float, radius_m: float) -> tuple[float, float, float, float]:
    """(min_lng, max_lng, min_lat, max_lat) of every point within ``radius_m`` of (lng, lat) (away from the
    poles): the cheap prefilter before the haversine."""
    dlat = math.degrees(radius_m / EARTH_RADIUS_M)
    dlng = math.degrees(radius_m / (EARTH_RADIUS_M * max(math.cos(math.radians(lat)), 1e-6)))
    return lng - dlng, lng + dlng, lat - dlat, lat + dlat


# --- districts --------------------------------------------------------------------------------------------

Ring = list[tuple[float, float]]


@dataclass(frozen=True)
class Polygon:
    outer: Ring
    holes: tuple[Ring, ...]
    box: tuple[float, float, float, float]  # min_lng, max_lng, min_lat, max_lat

    def contains(self, lng: float, lat: float) -> bool:
        min_lng, max_lng, min_lat, max_lat = self.box
        if not (min_lng <= lng <= max_lng and min_lat <= lat <= max_lat):
            return False
        return _in_ring(self.outer, lng, lat) and not any(_in_ring(hole, lng, lat) for hole in self.holes)


@dataclass(frozen=True)
class District:
    code: str
    name: str
    polygons: tuple[Polygon, ...]

    def contains(self, lng: float, lat: float) -> bool:
        return any(polygon.contains(lng, lat) for polygon in self.polygons)


def _in_ring(ring: Ring, x: float, y: float) -> bool:
    """Ray casting: a ray to the east crosses the ring's edges an odd number of times iff (x, y) is inside."""
    inside = False
    j = len(ring) - 1
    for i in range(len(ring)):
        xi, yi = ring[i]
        xj, yj = ring[j]
        if (yi > y) != (yj > y) and x < (xj - xi) * (y - yi) / (yj - yi) + xi:
            inside = not inside
        j = i
    return inside


def _polygon(rings: list[list[list[float]]]) -> Polygon:
    outer = [(float(x), float(y)) for x, y, *_ in rings[0]]
    holes = tuple([(float(x), float(y)) for x, y, *_ in ring] for ring in rings[1:])
    xs, ys = [p[0] for p in outer], [p[1] for p in outer]
    return Polygon(outer=outer, holes=holes, box=(min(xs), max(xs), min(ys), max(ys)))


def parse_districts(geojson: dict) -> dict[str, District]:
    districts = {}
    for feature in geojson.get("features", []):
        geometry = feature.get("geometry") or {}
        parts = geometry.get("coordinates") or []
        if geometry.get("type") == "Polygon":
            parts = [parts]
        elif geometry.get("type") != "MultiPolygon":
            continue
        code = str(feature.get("id") or feature.get("properties", {}).get("adcode", ""))
        name = feature.get("properties", {}).get("name", "")
        districts[code] = District(code=code, name=name, polygons=tuple(_polygon(p) for p in parts if p))
    return districts


@lru_cache(maxsize=1)
def districts() -> dict[str, District]:
    """Wuhan's districts by division code, read once from the vendored GeoJSON."""
    with BOUNDARY_FILE.open(encoding="utf-8") as handle:
        return parse_districts(json.load(handle))


def district_for(code: str, name: str) -> District | None:
    """The outline of a district federation: by its division code, else by name (the outline's "武昌区"
    begins the federation's "武昌区妇联"); None for a functional zone or anything else without an outline."""
    known = districts()
    if code in known:
        return known[code]
    for district in known.values():
        if district.name and name.startswith(district.name):
            return district
    return None


def in_city(lng: float, lat: float) -> bool:
    return any(district.contains(lng, lat) for district in districts().values())


def district_at(lng: float, lat: float) -> District | None:
    for district in districts().values():
        if district.contains(lng, lat):
            return district
    return None


def interior_point(district: District, seed: int = 0) -> tuple[float, float]:
    """A point inside ``district``: the first grid point (from a ``seed``-dependent offset) of its largest
    polygon's box that the polygon contains. Deterministic, for the demo data."""
    polygon = max(district.polygons, key=lambda p: (p.box[1] - p.box[0]) * (p.box[3] - p.box[2]))
    min_lng, max_lng, min_lat, max_lat = polygon.box
    steps = 41
    for k in range(steps * steps):
        index = (seed * 7919 + k * 37) % (steps * steps)
        i, j = divmod(index, steps)
        lng = min_lng + (max_lng - min_lng) * (i + 0.5) / steps
        lat = min_lat + (max_lat - min_lat) * (j + 0.5) / steps
        if polygon.contains(lng, lat):
            return lng, lat
    return polygon.outer[0]


def convex_hull(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The convex hull of ``points``, counter-clockwise, without repeating the first point (Andrew's monotone
    chain): the outline a cluster's homes span on the map. Fewer than three distinct points come back as they
    are (a point, a segment)."""
    unique = sorted(set(points))
    if len(unique) < 3:
        return unique

    def cross(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    for point in unique:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], point) <= 0:
            lower.pop()
        lower.append(point)
    upper: list[tuple[float, float]] = []
    for point in reversed(unique):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], point) <= 0:
            upper.pop()
        upper.append(point)
    return lower[:-1] + upper[:-1]
