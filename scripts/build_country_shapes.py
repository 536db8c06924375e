"""Build data/country_shapes.geojson: small country outlines for the alliance maps.

This is a maintainer's script. natoanalysis never runs it and never needs its
dependencies: the package reads the finished GeoJSON with the ``json`` module
and draws it with matplotlib.

Source
    Natural Earth admin-0 countries, version 4.1.0, 1:50m ("medium") scale,
    public domain (https://www.naturalearthdata.com/about/terms-of-use/),
    as redistributed in TopoJSON by the npm package ``world-atlas`` 2.0.2
    (file ``package/countries-50m.json`` inside ``world-atlas-2.0.2.tgz``;
    ids are ISO 3166-1 numeric codes, so France is 250 and Norway 578, unlike
    Natural Earth's ISO_A3 column, which has -99 for both).

What the script does
    1. decode the TopoJSON arcs (quantised, delta-encoded) to longitude/latitude;
    2. simplify every shared arc once (Douglas-Peucker, ``--tolerance`` degrees),
       so that neighbours keep a common border without gaps;
    3. assemble each country's polygons and clip them to two boxes that hold
       the alliance: North America (170°W-10°W, 24°N-84°N; Hawaii, Puerto Rico
       and the Aleutians west of 170°W fall outside) and Europe (35°W-70°E,
       27°N-76°N; Svalbard and France's overseas departments such as French
       Guiana fall outside, the Azores, Madeira and the Canaries stay in);
    4. drop island parts smaller than ``--min-area`` square degrees (a country
       always keeps its largest part);
    5. round coordinates to ``--digits`` decimals and write one GeoJSON Feature
       per country, exterior rings counter-clockwise (RFC 7946).

Properties of each Feature: ``iso3`` (ISO 3166-1 alpha-3 from the numeric id
via pycountry; null for the few units without an ISO code, such as Kosovo and
Northern Cyprus), ``name`` (Natural Earth's display name, never a join key)
and ``sovereign_iso3`` (the state a dependency belongs to, following Natural
Earth's sovereignty attribution: Greenland and the Faroe Islands -> DNK,
Åland -> FIN, ...; equal to ``iso3`` for a sovereign state).

Regenerate (in a throwaway virtual environment, never the project's .venv)::

    python3 -m venv /tmp/shapes-venv
    /tmp/shapes-venv/bin/pip install shapely pycountry
    cd /tmp && npm pack world-atlas@2.0.2        # or download the tarball from the npm registry
    /tmp/shapes-venv/bin/python scripts/build_country_shapes.py \\
        --tarball /tmp/world-atlas-2.0.2.tgz --out data/country_shapes.geojson --force

The defaults below produce the shipped file; the script prints its size and
refuses to overwrite an existing file unless ``--force`` is given.
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import os
import sys
import tarfile
import tempfile
from pathlib import Path

MEMBER = "package/countries-50m.json"
# sha256 of countries-50m.json in world-atlas 2.0.2, so a different input is noticed.
EXPECTED_SHA256 = "04342cdc1e3016bcd7db1630de95684d67b79fe3c8c460321e87aef469502394"

NORTH_AMERICA = (-170.0, 24.0, -10.0, 84.0)
EUROPE = (-35.0, 27.0, 70.0, 76.0)

# Dependencies inside the boxes and the state Natural Earth attributes them to
# (its SOV_A3/SOVEREIGNT columns). Every other unit is its own sovereign.
SOVEREIGN = {
    "GRL": "DNK",  # Greenland
    "FRO": "DNK",  # Faroe Islands
    "ALA": "FIN",  # Åland
    "SPM": "FRA",  # Saint Pierre and Miquelon
    "BMU": "GBR",  # Bermuda
    "IMN": "GBR",  # Isle of Man
    "JEY": "GBR",  # Jersey
    "GGY": "GBR",  # Guernsey
}

SOURCE = {
    "title": "Natural Earth admin-0 countries 1:50m, version 4.1.0",
    "path": "https://www.naturalearthdata.com/downloads/50m-cultural-vectors/",
    "via": "npm package world-atlas 2.0.2 (countries-50m.json, TopoJSON)",
    "licence": "public domain (Natural Earth terms of use)",
}


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """TopoJSON arcs -> absolute (lon, lat) coordinates."""
    sx, sy = topology["transform"]["scale"]
    tx, ty = topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(pts)
    return arcs


def simplify_arcs(arcs, tolerance):
    from shapely.geometry import LineString

    out = []
    for pts in arcs:
        if len(pts) <= 2 or tolerance <= 0:
            out.append(pts)
            continue
        simple = list(LineString(pts).simplify(tolerance, preserve_topology=False).coords)
        closed = pts[0] == pts[-1]
        if closed and len(simple) < 4:  # a small island: keep a coarser but valid ring
            simple = list(LineString(pts).simplify(tolerance / 4, preserve_topology=False).coords)
            if len(simple) < 4:
                simple = pts
        out.append(simple)
    return out


def ring(arcs, indices):
    pts: list[tuple[float, float]] = []
    for i in indices:
        seg = arcs[i] if i >= 0 else list(reversed(arcs[~i]))
        pts.extend(seg if not pts else seg[1:])
    return pts


def polygons_of(geometry, arcs):
    from shapely.geometry import Polygon

    kind = geometry["type"]
    if kind == "Polygon":
        polys = [geometry["arcs"]]
    elif kind == "MultiPolygon":
        polys = geometry["arcs"]
    else:
        return []
    out = []
    for rings in polys:
        coords = [ring(arcs, r) for r in rings]
        if len(coords[0]) < 4:
            continue
        out.append(Polygon(coords[0], [c for c in coords[1:] if len(c) >= 4]))
    return out


def polygon_parts(geom):
    """The Polygon parts of any shapely geometry."""
    if geom.is_empty:
        return []
    if geom.geom_type == "Polygon":
        return [geom]
    if hasattr(geom, "geoms"):
        return [p for g in geom.geoms for p in polygon_parts(g)]
    return []


def build(topology: dict, tolerance: float, min_area: float, digits: int) -> dict:
    import pycountry
    from shapely import make_valid
    from shapely.geometry import MultiPolygon, box, mapping
    from shapely.geometry.polygon import orient
    from shapely.ops import unary_union

    region = unary_union([box(*NORTH_AMERICA), box(*EUROPE)])
    arcs = simplify_arcs(decode_arcs(topology), tolerance)
    features = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        numeric = geometry.get("id")
        country = pycountry.countries.get(numeric=numeric) if numeric else None
        iso3 = country.alpha_3 if country else None
        name = geometry["properties"]["name"]
        parts = []
        for poly in polygons_of(geometry, arcs):
            if not poly.is_valid:
                poly = make_valid(poly)
            parts += polygon_parts(poly.intersection(region))
        if not parts:
            continue
        parts.sort(key=lambda p: p.area, reverse=True)
        parts = [parts[0]] + [p for p in parts[1:] if p.area >= min_area]
        rounded = []
        for p in parts:
            q = _round(p, digits)
            if not q.is_valid:
                q = make_valid(q)
            rounded += [orient(x, 1.0) for x in polygon_parts(q) if x.area > 0]
        if not rounded:
            continue
        merged = polygon_parts(unary_union(rounded)) if len(rounded) > 1 else rounded
        # GEOS may return clockwise exteriors: orient last (RFC 7946 wants them counter-clockwise).
        merged = [orient(p, 1.0) for p in merged]
        geom = mapping(merged[0] if len(merged) == 1 else MultiPolygon(merged))
        geom = _round_mapping(geom, digits)
        xs = [pt[0] for poly in _polys(geom) for r in poly for pt in r]
        ys = [pt[1] for poly in _polys(geom) for r in poly for pt in r]
        features.append(
            {
                "type": "Feature",
                "bbox": [min(xs), min(ys), max(xs), max(ys)],
                "properties": {
                    "iso3": iso3,
                    "name": name,
                    "sovereign_iso3": SOVEREIGN.get(iso3, iso3) if iso3 else None,
                },
                "geometry": geom,
            }
        )
    features.sort(key=lambda f: (f["properties"]["iso3"] or "~", f["properties"]["name"]))
    return {
        "type": "FeatureCollection",
        "x-source": SOURCE,
        "x-build": {
            "script": "scripts/build_country_shapes.py",
            "tolerance_degrees": tolerance,
            "min_area_square_degrees": min_area,
            "digits": digits,
            "boxes": {"north_america": NORTH_AMERICA, "europe": EUROPE},
        },
        "features": features,
    }


def _round(poly, digits):
    from shapely.geometry import Polygon

    def r(coords):
        pts = [(round(x, digits), round(y, digits)) for x, y in coords]
        dedup = [pts[0]] + [p for a, p in itertools.pairwise(pts) if p != a]
        return dedup

    ext = r(poly.exterior.coords)
    holes = [r(h.coords) for h in poly.interiors]
    return Polygon(ext, [h for h in holes if len(h) >= 4]) if len(ext) >= 4 else Polygon()


def _polys(geom):
    return [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]


def _round_mapping(geom, digits):
    def fix(x):
        if isinstance(x, (list, tuple)) and x and isinstance(x[0], float):
            return [round(v, digits) for v in x]
        return [fix(v) for v in x]

    return {"type": geom["type"], "coordinates": fix(geom["coordinates"])}


def dumps(collection: dict) -> str:
    """Compact JSON with one feature per line (small, and diffs stay readable)."""
    head = {k: v for k, v in collection.items() if k != "features"}
    lines = [json.dumps(head, ensure_ascii=False, separators=(",", ":"))[:-1] + ',"features":[']
    feats = [
        json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in collection["features"]
    ]
    lines.append(",\n".join(feats))
    lines.append("]}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("--tarball", type=Path, help="world-atlas-2.0.2.tgz from the npm registry")
    src.add_argument("--topojson", type=Path, help="an extracted countries-50m.json")
    ap.add_argument("--out", type=Path, default=Path("data/country_shapes.geojson"))
    ap.add_argument("--tolerance", type=float, default=0.04, help="degrees (default 0.04)")
    ap.add_argument("--min-area", type=float, default=0.01, help="square degrees (default 0.01)")
    ap.add_argument("--digits", type=int, default=2, help="decimals kept (default 2)")
    ap.add_argument("--force", action="store_true", help="overwrite an existing --out file")
    args = ap.parse_args(argv)

    if args.tarball:
        with tarfile.open(args.tarball) as tar:
            raw = tar.extractfile(MEMBER).read()
    else:
        raw = args.topojson.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != EXPECTED_SHA256:
        print(f"warning: input sha256 {digest} is not world-atlas 2.0.2's", file=sys.stderr)
    if args.out.exists() and not args.force:
        print(f"{args.out} exists; pass --force to overwrite it", file=sys.stderr)
        return 1
    text = dumps(build(json.loads(raw), args.tolerance, args.min_area, args.digits))
    # Write atomically: a temporary file in the same folder, renamed into place.
    fd, tmp = tempfile.mkstemp(dir=args.out.parent, prefix=".country_shapes.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
    os.chmod(tmp, 0o644)
    os.replace(tmp, args.out)
    size = args.out.stat().st_size
    n = text.count('"type":"Feature"')
    print(f"wrote {args.out}: {n} features, {size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
