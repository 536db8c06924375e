"""The compact PNG encoders draw exactly what matplotlib's own PNG shows."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

import natoanalysis as na
from natoanalysis import charts


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


@pytest.mark.parametrize("styled", [True, False])
def test_palette_encoders_start_from_the_same_pixels_as_savefig(styled):
    """palette_png and compact_png quantise exactly what savefig(format="png") renders."""
    import contextlib

    from natoanalysis.charts._style import _quantized_png

    fig = charts.outcomes_timeline(na.load_outcomes(), "p3", na.load_priorities())
    with charts.style() if styled else contextlib.nullcontext():
        reference = io.BytesIO()
        fig.savefig(reference, format="png")
        unquantised = _quantized_png(fig, lambda image: image)
    assert (_pixels(unquantised) == _pixels(reference.getvalue())).all()


def test_maps_keep_their_frame():
    """Shapes are added without touching the limits the panel sets."""
    from natoanalysis.charts.maps import PANELS

    fig = charts.alliance_map(na.load_members(), na.load_country_shapes())
    for ax, panel in zip(fig.axes, PANELS):
        (x0, x1), (y0, y1) = panel.limits()
        assert ax.get_xlim() == pytest.approx((x0, x1))
        assert ax.get_ylim() == pytest.approx((y0, y1))
        assert len(ax.patches) >= 5  # every country outline in the frame is drawn
