"""Country outlines for maps of the alliance, read from the package's GeoJSON.

Private: import :func:`load_country_shapes` from :mod:`natoanalysis.tables`
(or :mod:`natoanalysis`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from .datapackage import load_package
from .errors import DataError

if TYPE_CHECKING:
    from .tables import PathLike

SHAPES_RESOURCE = "country_shapes"
_SHAPES: dict[tuple[Any, ...], list[Any]] = {}


def load_country_shapes(data_dir: PathLike = None) -> pd.DataFrame:
    """Country outlines for maps of the alliance, from the shipped GeoJSON.

    One row per country or territory in the map frame (North America and
    Europe, clipped and simplified from Natural Earth 1:50m; see the
    ``country_shapes`` resource in ``datapackage.json``). Columns:

    - ``iso3`` (string): ISO 3166-1 alpha-3 code; missing for the few units
      without one (Kosovo, Northern Cyprus);
    - ``name`` (string): Natural Earth's display name (never a join key);
    - ``sovereign_iso3`` (string): the state a dependency belongs to
      (Greenland -> DNK); equal to ``iso3`` for a sovereign state;
    - ``polygons`` (object): a list of polygons, each a list of rings (the
      exterior first, then any holes), each ring an ``(n, 2)`` float array
      of longitude, latitude in degrees;
    - ``lon_min``, ``lat_min``, ``lon_max``, ``lat_max`` (float): bounding box.

    Read with the ``json`` module only; nothing is downloaded.

    >>> shapes = load_country_shapes()
    >>> fra = shapes.set_index("iso3").loc["FRA"]
    >>> bool(fra["lon_min"] > -6 and fra["lat_min"] > 41)  # mainland and Corsica only
    True
    >>> shapes.set_index("iso3").loc["GRL", "sovereign_iso3"]
    'DNK'
    """
    import json

    import numpy as np

    pkg = load_package(data_dir)
    name = pkg.resource_path(SHAPES_RESOURCE)
    key = (pkg.stamp(), name)
    features = _SHAPES.get(key)
    if features is None:
        raw = pkg.read_bytes(name)
        try:
            doc = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as exc:
            raise DataError("not UTF-8", file=name, offset=exc.start) from None
        except json.JSONDecodeError as exc:
            raise DataError(
                f"not valid JSON: {exc.msg} (column {exc.colno})", file=name, line=exc.lineno
            ) from None
        except RecursionError:
            raise DataError("not valid JSON: nested too deeply", file=name) from None
        if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
            raise DataError("expected a GeoJSON FeatureCollection", file=name)
        features = doc.get("features")
        if not isinstance(features, list) or not features:
            raise DataError("the FeatureCollection has no features (expected a list)", file=name)
        _SHAPES.clear()
        _SHAPES[key] = features
    rows = []
    for i, feat in enumerate(features):
        try:
            props = feat["properties"]
            if not isinstance(props, dict):
                raise TypeError("properties is not an object")
            geom = feat["geometry"]
            if geom["type"] not in ("Polygon", "MultiPolygon"):
                raise ValueError(f"geometry type {geom['type']!r}")
            coords = geom["coordinates"]
            polys = [coords] if geom["type"] == "Polygon" else coords
            polygons = [[np.asarray(ring, dtype=float) for ring in poly] for poly in polys]
            if not polygons or any(
                r.ndim != 2 or r.shape[1] != 2 or len(r) == 0 for p in polygons for r in p
            ):
                raise ValueError("coordinates are not [lon, lat] pairs")
            if not all(np.isfinite(r).all() for p in polygons for r in p):
                raise ValueError("coordinates are not finite numbers")
        except (KeyError, TypeError, ValueError, IndexError) as exc:
            raise DataError(
                f"feature {i} is not a valid Polygon/MultiPolygon: {exc}", file=name
            ) from None
        pts = np.concatenate([r for p in polygons for r in p])
        rows.append(
            {
                "iso3": props.get("iso3"),
                "name": props.get("name"),
                "sovereign_iso3": props.get("sovereign_iso3"),
                "polygons": polygons,
                "lon_min": pts[:, 0].min(),
                "lat_min": pts[:, 1].min(),
                "lon_max": pts[:, 0].max(),
                "lat_max": pts[:, 1].max(),
            }
        )
    df = pd.DataFrame(rows)
    for col in ("iso3", "name", "sovereign_iso3"):
        df[col] = df[col].astype("string")
    return df
