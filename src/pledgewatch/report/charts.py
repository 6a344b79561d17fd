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


def _style_axes(ax) -> None:
    ax.grid(axis="y", color="#e5e7eb", linewidth=0.7)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    for side in ("left", "bottom"):
        ax.spines[side].set_color(_MUTED)
    ax.tick_params(colors=_INK, labelsize=7.5, length=2.5)


def saydo_timeline_png(scorecards: list[Scorecard], *, dpi: int = 200, width: float = 7.0) -> bytes | None:
    """Words against deeds over time, one column per party, on the same scales for every party.

    Top row: the party's own words per month (bars: assurances and statements, denials stacked above)
    and, on the right-hand axis, the weight of the evidence: breach (solid line) and implementation
    (dashed). Bottom row: the say-do gap (dot) with its uncertainty band (bar). None when there is
    nothing to plot.
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
    top_words = max([4, *(row.words for card in cards for row in card.rows)])
    top_weight = max(
        [1.0, *(max(row.breach_weight, row.implementation_weight) for card in cards for row in card.rows)]
    )
    x = list(range(len(periods)))

    figure = Figure(figsize=(width, 3.9), dpi=dpi, layout="constrained")
    FigureCanvasAgg(figure)
    grid = figure.subplots(2, len(cards), squeeze=False, height_ratios=[1.55, 1.0])
    for column, card in enumerate(cards):
        by_period = {row.period: row for row in card.rows}
        rows = [by_period.get(p) for p in periods]
        color = HUE_COLORS.get(card.voice.hue, HUE_COLORS["i"])
        ax = grid[0][column]
        assurances = [r.assurances if r else 0 for r in rows]
        denials = [r.denials if r else 0 for r in rows]
        ax.bar(x, assurances, width=0.62, color=color, alpha=0.45, linewidth=0)
        ax.bar(x, denials, width=0.62, bottom=assurances, color=color, alpha=0.85, linewidth=0)
        ax.set_ylim(0, top_words * 1.18)
        ax.set_xticks(x, [labels[p] for p in periods])
        _style_axes(ax)
        if column == 0:
            ax.set_ylabel("words (count)", fontsize=7.5, color=_INK)
        ax.set_title(card.voice.label, loc="left", fontsize=9.5, color=color, fontweight="bold")
        deeds = ax.twinx()
        deeds.plot(
            x,
            [r.breach_weight if r else 0 for r in rows],
            color=_BREACH,
            marker="o",
            markersize=3.5,
            linewidth=1.4,
        )
        deeds.plot(
            x,
            [r.implementation_weight if r else 0 for r in rows],
            color=_BREACH,
            marker="s",
            markersize=3,
            linewidth=1.1,
            linestyle=(0, (3, 2)),
            markerfacecolor="white",
        )
        deeds.set_ylim(0, top_weight * 1.18)
        deeds.tick_params(colors=_INK, labelsize=7.5, length=2.5)
        for side in ("top", "left"):
            deeds.spines[side].set_visible(False)
        deeds.spines["right"].set_color(_MUTED)
        deeds.spines["bottom"].set_visible(False)
        if column == len(cards) - 1:
            deeds.set_ylabel("evidence weight", fontsize=7.5, color=_INK)

        gap_ax = grid[1][column]
        values = [r.gap_value if r else 0.0 for r in rows]
        lows = [r.gap_low if r else 0.0 for r in rows]
        highs = [r.gap_high if r else 0.0 for r in rows]
        gap_ax.vlines(x, lows, highs, color=color, alpha=0.35, linewidth=5)
        gap_ax.plot(x, values, color=color, marker="o", markersize=4, linewidth=1.0)
        gap_ax.set_ylim(0, 1.0)
        gap_ax.set_yticks([0, 0.5, 1.0])
        gap_ax.set_xticks(x, [labels[p] for p in periods])
        _style_axes(gap_ax)
        if column == 0:
            gap_ax.set_ylabel("say–do gap", fontsize=7.5, color=_INK)
    handles = [
        Patch(facecolor=_MUTED, alpha=0.45, label="own assurances and statements"),
        Patch(facecolor=_MUTED, alpha=0.9, label="own denials"),
        Line2D([], [], color=_BREACH, marker="o", markersize=3.5, linewidth=1.4, label="breach evidence"),
        Line2D(
            [],
            [],
            color=_BREACH,
            marker="s",
            markersize=3,
            linewidth=1.1,
            linestyle=(0, (3, 2)),
            markerfacecolor="white",
            label="implementation evidence",
        ),
        Line2D([], [], color=_MUTED, marker="o", markersize=4, linewidth=1.0, label="gap (bar: band)"),
    ]
    figure.legend(
        handles=handles,
        loc="outside lower center",
        ncols=5,
        fontsize=7,
        frameon=False,
        handlelength=1.6,
        columnspacing=1.2,
    )
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()
