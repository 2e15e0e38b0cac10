"""Server-drawn SVG maps of regions and municipalities.

The boundary files in ``municipalities/data/`` are far too detailed for a page, so
``manage.py build_map_paths`` projects and simplifies them once into ``paths.json`` (committed)
and the site only reads that file, once per process. Shapes are keyed ``<country>-<code>``
(e.g. ``SE-01``, ``DK-1084``, ``SE-0180``): official codes, which never change with a rename.
"""

import json
import math
from functools import lru_cache
from pathlib import Path

PATHS_FILE = Path(__file__).resolve().parent / "paths.json"
DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# The overview map's height in SVG units; widths follow from the projection.
OVERVIEW_HEIGHT = 1000
REGION_SIZE = 600
# Douglas–Peucker tolerance and the smallest ring kept, both in SVG units: below a unit
# nothing is visible at page size, and islands smaller than this only add bytes.
TOLERANCE = 1.2
MIN_RING_AREA = 6.0


def shape_key(country_code: str, code: str) -> str:
    return f"{country_code}-{code}"


def feature_rings(feature) -> list[list[tuple[float, float]]]:
    """Every ring (outer and holes) of a Polygon or MultiPolygon feature, as (lon, lat)."""
    geometry = feature["geometry"]
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    return [[(lon, lat) for lon, lat in ring] for polygon in polygons for ring in polygon]


class Projection:
    """Equirectangular with longitudes shrunk by cos(mean latitude), fitted to a box.

    Good enough for countries of this size and far simpler than a conic projection; shapes
    look right to a reader and the server needs no GIS library.
    """

    def __init__(self, rings, *, height=None, size=None):
        lons = [lon for ring in rings for lon, _ in ring]
        lats = [lat for ring in rings for _, lat in ring]
        self.west, self.east = min(lons), max(lons)
        self.south, self.north = min(lats), max(lats)
        self.kx = math.cos(math.radians((self.south + self.north) / 2))
        span_x = (self.east - self.west) * self.kx
        span_y = self.north - self.south
        if height is not None:
            self.scale = height / span_y
        else:
            self.scale = size / max(span_x, span_y)
        self.width = math.ceil(span_x * self.scale)
        self.height = math.ceil(span_y * self.scale)

    def __call__(self, lon, lat):
        return ((lon - self.west) * self.kx * self.scale, (self.north - lat) * self.scale)

    @property
    def view_box(self) -> str:
        return f"0 0 {self.width} {self.height}"


def simplify(points, tolerance):
    """Douglas–Peucker on an open polyline (iterative, so long rings cannot overflow the stack)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy)
        worst, worst_index = 0.0, None
        for i in range(first + 1, last):
            x, y = points[i]
            if length:
                distance = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / length
            else:
                distance = math.hypot(x - x1, y - y1)
            if distance > worst:
                worst, worst_index = distance, i
        if worst_index is not None and worst > tolerance:
            keep[worst_index] = True
            stack.append((first, worst_index))
            stack.append((worst_index, last))
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def ring_area(points) -> float:
    edges = zip(points, points[1:] + points[:1], strict=True)
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in edges)) / 2


def ring_path(points) -> str:
    """Absolute first point, then integer relative steps: the shortest SVG path text."""
    rounded = []
    for x, y in points:
        point = (round(x), round(y))
        if not rounded or point != rounded[-1]:
            rounded.append(point)
    if len(rounded) > 1 and rounded[0] == rounded[-1]:
        rounded.pop()
    if len(rounded) < 3:
        return ""
    (x0, y0), steps = rounded[0], []
    for (px, py), (x, y) in zip(rounded, rounded[1:], strict=False):
        steps.append(f"{x - px} {y - py}")
    # A minus sign separates numbers by itself.
    body = " ".join(steps).replace(" -", "-")
    return f"M{x0} {y0}l{body}z"


def feature_path(rings, projection, tolerance=TOLERANCE, min_area=MIN_RING_AREA) -> str:
    """One feature's SVG path: projected, simplified, tiny islands dropped (never the largest)."""
    projected = [[projection(lon, lat) for lon, lat in ring] for ring in rings]
    largest = max(range(len(projected)), key=lambda i: ring_area(projected[i]))
    parts = []
    for index, ring in enumerate(projected):
        if index != largest and ring_area(ring) < min_area:
            continue
        parts.append(ring_path(simplify(ring, tolerance)))
    return "".join(part for part in parts if part)


@lru_cache(maxsize=1)
def load_paths() -> dict:
    """The precomputed map (see build_map_paths); read once per process."""
    with PATHS_FILE.open(encoding="utf-8") as file:
        return json.load(file)


def label_point(rings, projection) -> tuple[int, int]:
    """Where a shape's count is printed: the area centroid of its largest ring."""
    best, best_area = None, -1.0
    for ring in rings:
        points = [projection(lon, lat) for lon, lat in ring]
        area = ring_area(points)
        if area > best_area:
            best, best_area = points, area
    twice_area = cx = cy = 0.0
    for (x1, y1), (x2, y2) in zip(best, best[1:] + best[:1], strict=True):
        cross = x1 * y2 - x2 * y1
        twice_area += cross
        cx += (x1 + x2) * cross
        cy += (y1 + y2) * cross
    if not twice_area:
        return round(best[0][0]), round(best[0][1])
    return round(cx / (3 * twice_area)), round(cy / (3 * twice_area))


# Shading classes by number of published programmes: lower bounds of classes 1.. (0 is none).
SHADE_BOUNDS = (1, 3, 6, 10)


def shade(count: int) -> int:
    return sum(count >= bound for bound in SHADE_BOUNDS)


def legend() -> list[tuple[int, int, int | None]]:
    """(class, lowest, highest or None for open-ended) for every shading class."""
    bounds = (0, *SHADE_BOUNDS)
    return [
        (index, low, bounds[index + 1] - 1 if index + 1 < len(bounds) else None)
        for index, low in enumerate(bounds)
    ]


def svg_map(name: str, areas) -> dict | None:
    """The drawable map ``name`` ("overview" or a region's shape key) for ``areas``.

    ``areas`` yields dicts with key, name, count and url; areas the boundary files do not
    know (e.g. test data with made-up codes) are left off the map, never drawn wrongly.
    Returns None when there is no such map.
    """
    paths = load_paths()
    drawing = paths["overview"] if name == "overview" else paths["regions"].get(name)
    if drawing is None:
        return None
    shapes = []
    for area in areas:
        shape = drawing["shapes"].get(area["key"])
        if shape is None:
            continue
        path, x, y = shape
        shapes.append({**area, "path": path, "x": x, "y": y, "shade": shade(area["count"])})
    return {"view_box": drawing["viewBox"], "shapes": shapes}
