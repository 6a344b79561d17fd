"""Charts as PNG bytes (matplotlib, Agg canvas, no pyplot global state) for inlining as data URIs."""

from __future__ import annotations

import base64
import io

from pledgewatch.report.views import HUE_COLORS, Scorecard

_INK = "#374151"
_MUTED = "#9ca3af"
_BREACH = "#1f2937"


def png_data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def words_vs_breaches_png(scorecards: list[Scorecard], *, dpi: int = 110) -> bytes | None:
    """One panel per party: its words (bars) and the breach weight against it (line) per month.

    Every party gets the same axes and scales, so panels compare like with like. None when there
    is nothing to plot.
    """
    cards = [card for card in scorecards if card.rows]
    if not cards:
        return None

    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    periods = sorted({row.period for card in cards for row in card.rows})
    labels = {row.period: row.period_label for card in cards for row in card.rows}
    top = max([1.0, *(max(row.words, row.breach_weight) for card in cards for row in card.rows)])

    figure = Figure(figsize=(max(6.0 * len(cards), 6.0), 2.7), dpi=dpi, layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.subplots(1, len(cards), sharey=True, squeeze=False)[0]
    positions = list(range(len(periods)))
    for ax, card in zip(axes, cards, strict=True):
        by_period = {row.period: row for row in card.rows}
        words = [by_period[p].words if p in by_period else 0 for p in periods]
        breaches = [by_period[p].breach_weight if p in by_period else 0.0 for p in periods]
        color = HUE_COLORS.get(card.voice.hue, HUE_COLORS["i"])
        ax.bar(positions, words, width=0.6, color=color, alpha=0.55)
        ax.plot(
            positions,
            breaches,
            color=_BREACH,
            marker="o",
            markersize=4,
            linewidth=1.6,
        )
        ax.set_title(card.voice.label, loc="left", fontsize=10, color=_INK, fontweight="bold")
        ax.set_xticks(positions, [labels[p] for p in periods], fontsize=8, color=_INK)
        ax.set_ylim(0, top * 1.15)
        ax.tick_params(axis="y", labelsize=8, colors=_INK)
        ax.grid(axis="y", color="#e5e7eb", linewidth=0.8)
        ax.set_axisbelow(True)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        for side in ("left", "bottom"):
            ax.spines[side].set_color(_MUTED)
    # legend in neutral gray: it describes every panel, not the first party's
    handles = [
        Patch(facecolor=_MUTED, alpha=0.7, label="words (own assurances, commitments, denials)"),
        Line2D(
            [], [], color=_BREACH, marker="o", markersize=4, linewidth=1.6, label="breach weight (evidence)"
        ),
    ]
    figure.legend(handles=handles, loc="outside lower center", ncols=2, fontsize=8, frameon=False)

    buffer = io.BytesIO()
    # no Software/date metadata: the same data gives the same bytes
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()
