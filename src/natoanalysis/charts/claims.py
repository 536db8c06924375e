"""The fact-check as pictures: verdicts by claim type, and the article with its claims marked."""

from __future__ import annotations

import html
import itertools

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from ._style import (
    NEUTRAL,
    OKABE_ITO,
    add_caption,
    attach_info,
    new_figure,
    set_titles,
    source_caption,
    style,
)

__all__ = ["VERDICT_COLOURS", "VERDICT_SYMBOLS", "highlight_article", "verdicts_by_type"]

#: One Okabe–Ito colour per verdict (contradicted bars are also hatched).
VERDICT_COLOURS = {
    "supported": OKABE_ITO[2],  # bluish green
    "partly supported": OKABE_ITO[1],  # orange
    "contradicted": OKABE_ITO[3],  # vermillion
    "unverified": NEUTRAL,  # grey
}
#: A symbol per verdict, so that colour is never the only cue.
VERDICT_SYMBOLS = {
    "supported": "✓",
    "partly supported": "≈",
    "contradicted": "✗",
    "unverified": "?",
}
_TINTS = {  # light backgrounds for highlighted text (dark text stays readable)
    "supported": "#CDEBE2",
    "partly supported": "#F9E4B5",
    "contradicted": "#F6CFB8",
    "unverified": "#E4E4E4",
}
_HATCH = {"contradicted": "//"}


def _verdict_order(claims: pd.DataFrame) -> list[str]:
    dtype = claims["verdict"].dtype
    if isinstance(dtype, pd.CategoricalDtype):
        return [str(c) for c in dtype.categories]
    return list(VERDICT_COLOURS)


def verdicts_by_type(claims: pd.DataFrame) -> Figure:
    """Stacked horizontal bars: how many claims of each type got each verdict.

    ``claims`` is :func:`natoanalysis.load_claims` (or a subset). Types are
    sorted by the number of claims, the most common on top; each segment is
    labelled with its count. The caption names the sources of the evidence
    (``evidence_source_ids``) when the column is there.

    >>> import natoanalysis as na
    >>> fig = verdicts_by_type(na.load_claims())
    >>> fig.axes[0].get_xlabel()
    'Number of claims'
    """
    verdicts = _verdict_order(claims)
    counts = (
        pd.crosstab(claims["claim_type"].astype(str), claims["verdict"].astype(str))
        .reindex(columns=verdicts, fill_value=0)
        .assign(_total=lambda d: d.sum(axis=1))
        .sort_values(["_total"], ascending=True, kind="stable")
        .drop(columns="_total")
    )
    n = len(claims)
    n_ok = int((claims["verdict"] == "supported").sum())
    n_bad = int((claims["verdict"] == "contradicted").sum())
    with style():
        fig = new_figure((9.0, 5.2))
        ax = fig.add_subplot()
        left = pd.Series(0, index=counts.index)
        for verdict in verdicts:
            widths = counts[verdict]
            bars = ax.barh(
                counts.index,
                widths,
                left=left,
                color=VERDICT_COLOURS[verdict],
                hatch=_HATCH.get(verdict),
                edgecolor="white",
                linewidth=1.2,
                label=f"{VERDICT_SYMBOLS[verdict]} {verdict}",
            )
            for bar, w in zip(bars, widths):
                if w:
                    ax.annotate(
                        str(int(w)),
                        (bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height() / 2),
                        ha="center",
                        va="center",
                        fontsize=10,
                        weight="bold",
                        color="black" if verdict == "partly supported" else "white",
                        bbox=dict(boxstyle="round,pad=0.15", fc=VERDICT_COLOURS[verdict], lw=0),
                    )
            left = left + widths
        title = (
            f"{n_ok} of the article's {n} checkable claims are supported; {n_bad} are contradicted"
        )
        set_titles(
            fig,
            title,
            "Claims per type (count), by the verdict the sources support; "
            "each segment gives its count",
        )
        ax.set_xlabel("Number of claims")
        ax.set_ylabel("Claim type")
        ax.set_xlim(0, max(int(left.max()) + 0.5, 1))
        locator = ax.xaxis.get_major_locator()
        if isinstance(locator, MaxNLocator):  # the default AutoLocator is one
            locator.set_params(integer=True)
        ax.grid(axis="y", visible=False)
        ax.legend(
            handles=[
                Patch(
                    facecolor=VERDICT_COLOURS[v],
                    hatch=_HATCH.get(v),
                    edgecolor="white",
                    label=f"{VERDICT_SYMBOLS[v]} {v}",
                )
                for v in verdicts
            ],
            loc="lower right",
            title="Verdict",
            alignment="left",
        )
        if "evidence_source_ids" in claims:
            ids = [s for lst in claims["evidence_source_ids"] for s in lst]
        else:
            ids = list(claims["source_id"])
        add_caption(fig, source_caption(ids))
        totals = claims["verdict"].astype(str).value_counts()
        attach_info(
            fig,
            title="Fact check: verdicts by claim type",
            alt=f"Stacked bar chart: {title}. Verdicts: "
            + ", ".join(f"{int(totals.get(v, 0))} {v}" for v in verdicts)
            + ". Claim types, most common first: "
            + ", ".join(f"{t} {int(counts.loc[t].sum())}" for t in counts.index[::-1]),
        )
    return fig


def highlight_article(text: str, claims: pd.DataFrame, *, legend: bool = True) -> str:
    """The article as HTML, each claim's words marked by its verdict.

    Each claim gets a light background in its verdict's colour, an underline
    and a small label with its id and verdict symbol (so colour is never the
    only cue); hovering shows the claim and the verdict. Where claims
    overlap, the shorter one colours the shared words. All text is
    HTML-escaped. ``claims`` needs ``claim_id``, ``article_start``,
    ``article_end`` and ``verdict`` (``statement`` and ``quote`` are used
    when present). A span that does not fit the text raises
    :class:`ValueError`.

    >>> claims = pd.DataFrame(
    ...     {"claim_id": ["C1"], "article_start": [4], "article_end": [7], "verdict": ["supported"]}
    ... )
    >>> out = highlight_article("Say <b> & more", claims, legend=False)
    >>> "&lt;b&gt;" in out and "<b>" not in out
    True
    """
    spans = []
    for r in claims.itertuples(index=False):
        start, end = int(r.article_start), int(r.article_end)
        if not 0 <= start < end <= len(text):
            raise ValueError(
                f"claim {r.claim_id}: span {start}:{end} does not fit a text of {len(text)} "
                "characters"
            )
        quote = getattr(r, "quote", None)
        if isinstance(quote, str) and text[start:end] != quote:
            raise ValueError(
                f"claim {r.claim_id}: text[{start}:{end}] is {text[start:end]!r}, not {quote!r}"
            )
        statement = getattr(r, "statement", None)
        spans.append((start, end, str(r.claim_id), str(r.verdict), statement))
    cuts = sorted({0, len(text), *(s for s, *_ in spans), *(e for _, e, *_ in spans)})
    ends: dict[int, list[tuple[int, int, str, str, object]]] = {}
    for sp in sorted(spans, key=lambda sp: (sp[1], -sp[0])):
        ends.setdefault(sp[1], []).append(sp)
    parts = []
    for a, b in itertools.pairwise(cuts):
        chunk = html.escape(text[a:b])
        covering = [sp for sp in spans if sp[0] <= a and b <= sp[1]]
        if covering:
            inner = min(covering, key=lambda sp: (sp[1] - sp[0], sp[2]))
            verdict = inner[3]
            tip = "\n".join(
                f"{cid} ({v})" + (f": {st}" if isinstance(st, str) else "")
                for _, _, cid, v, st in sorted(covering, key=lambda sp: sp[2])
            )
            parts.append(
                f'<mark title="{html.escape(tip, quote=True)}" style="background:'
                f"{_TINTS.get(verdict, '#EEEEEE')};border-bottom:2px solid "
                f'{VERDICT_COLOURS.get(verdict, NEUTRAL)};padding:0 1px">{chunk}</mark>'
            )
        else:
            parts.append(chunk)
        for _, _, cid, verdict, _ in ends.get(b, []):
            parts.append(
                '<sup style="font-family:sans-serif;font-size:70%;font-weight:bold;'
                f'color:#333333">{html.escape(cid)}{VERDICT_SYMBOLS.get(verdict, "")}</sup>'
            )
    body = "".join(parts)
    key = ""
    if legend:
        order = _verdict_order(claims) if "verdict" in claims else list(VERDICT_COLOURS)
        key = (
            '<p style="font-family:sans-serif;font-size:90%">'
            + " ".join(
                f'<span style="background:{_TINTS[v]};border-bottom:2px solid '
                f'{VERDICT_COLOURS[v]};padding:0 4px;margin-right:6px">'
                f"{VERDICT_SYMBOLS[v]} {html.escape(v)}</span>"
                for v in order
                if v in VERDICT_COLOURS
            )
            + "</p>"
        )
    return (
        f'<div class="natoanalysis-claims">{key}<div style="white-space:pre-wrap;'
        'font-family:Georgia,serif;line-height:1.7;max-width:48em">'
        f"{body}</div></div>"
    )
