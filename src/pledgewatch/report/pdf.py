"""The briefing as a PDF, laid out with ReportLab's platypus from the same :class:`Briefing` as the HTML.

Why ReportLab: it is a pure-Python wheel on PyPI (with Pillow), so ``pip install`` is all a fresh
machine needs. HTML-to-PDF engines were weighed and set aside: WeasyPrint needs the system Pango and
HarfBuzz libraries (not installable from PyPI), and headless browsers download a browser build.
Fonts are the DejaVu Sans files that matplotlib already ships, embedded in the PDF, so the same glyphs
(dashes, curly quotes, "ü", ●○) print on every machine.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

from pledgewatch.report.briefing import Briefing, EvidenceRef, NumberedIncident
from pledgewatch.report.views import HUE_COLORS

INK = "#1f2937"
MUTED = "#6b7280"
LINE = "#e5e7eb"
WASH = "#f7f7f5"
LINK = "#2f5670"
WASHES = {"a": "#eaf1f6", "b": "#f6f0e5", "c": "#f0edf6", "d": "#e9f2f1", "i": "#f1f2f4"}
# (text, background) per status, as in the HTML (views/CSS): neutral, never a party's hue
STATUS_COLORS = {
    "reported": ("#4b5563", "#f3f4f6"),
    "corroborated": ("#1e4d5c", "#e8f2f5"),
    "contested": ("#7a4b0c", "#fbf1df"),
    "confirmed": ("#ffffff", "#374151"),
    "retracted": ("#6b7280", "#ffffff"),
    "kept": ("#1e4d5c", "#e8f2f5"),
    "in_progress": ("#34506b", "#eef3f8"),
    "stalled": ("#6b5a1e", "#f8f4e3"),
    "broken": ("#7f2d2d", "#f8eaea"),
    "unverified": ("#4b5563", "#f9fafb"),
}
FONT = "PWSans"


@lru_cache(maxsize=1)
def _register_fonts() -> str:
    """Embed DejaVu Sans (shipped with matplotlib); fall back to Helvetica if it cannot be found."""
    import matplotlib
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    files = {
        FONT: "DejaVuSans.ttf",
        f"{FONT}-Bold": "DejaVuSans-Bold.ttf",
        f"{FONT}-Italic": "DejaVuSans-Oblique.ttf",
        f"{FONT}-BoldItalic": "DejaVuSans-BoldOblique.ttf",
    }
    if not all((folder / name).is_file() for name in files.values()):
        return "Helvetica"
    for name, filename in files.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / filename)))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, f"{FONT}-Bold")
    addMapping(FONT, 0, 1, f"{FONT}-Italic")
    addMapping(FONT, 1, 1, f"{FONT}-BoldItalic")
    return FONT


def _styles(font: str):
    from reportlab.lib.colors import HexColor
    from reportlab.lib.styles import ParagraphStyle

    base = ParagraphStyle("base", fontName=font, fontSize=8.6, leading=11.4, textColor=HexColor(INK))
    return {
        "base": base,
        "brand": ParagraphStyle("brand", parent=base, fontSize=7, leading=9, textColor=HexColor(MUTED)),
        "title": ParagraphStyle(
            "title",
            parent=base,
            fontSize=19,
            leading=23,
            spaceBefore=2,
            spaceAfter=4,
            fontName=f"{font}-Bold" if font == FONT else "Helvetica-Bold",
        ),
        "meta": ParagraphStyle("meta", parent=base, fontSize=7.6, leading=10, textColor=HexColor(MUTED)),
        "h2": ParagraphStyle(
            "h2",
            parent=base,
            fontSize=12.5,
            leading=16,
            spaceBefore=10,
            spaceAfter=5,
            fontName=f"{font}-Bold" if font == FONT else "Helvetica-Bold",
        ),
        "h3": ParagraphStyle(
            "h3",
            parent=base,
            fontSize=9.6,
            leading=12.5,
            spaceBefore=7,
            spaceAfter=2,
            fontName=f"{font}-Bold" if font == FONT else "Helvetica-Bold",
        ),
        "lede": ParagraphStyle(
            "lede",
            parent=base,
            fontSize=8.4,
            leading=11.4,
            backColor=HexColor(WASH),
            borderColor=HexColor("#9ca3af"),
            borderWidth=0,
            borderPadding=(5, 7, 5, 7),
            spaceBefore=6,
            spaceAfter=9,
        ),
        "small": ParagraphStyle("small", parent=base, fontSize=7.2, leading=9.2),
        "tiny": ParagraphStyle("tiny", parent=base, fontSize=6.5, leading=8.2, textColor=HexColor(MUTED)),
        "cell": ParagraphStyle("cell", parent=base, fontSize=7.4, leading=9.4),
        "cellc": ParagraphStyle("cellc", parent=base, fontSize=7.4, leading=9.4, alignment=1),
        "ledger": ParagraphStyle("ledger", parent=base, fontSize=6.8, leading=8.6, alignment=1),
        "caption": ParagraphStyle(
            "caption",
            parent=base,
            fontSize=7.2,
            leading=9.2,
            textColor=HexColor(MUTED),
            spaceBefore=2,
            spaceAfter=6,
        ),
        "bullet": ParagraphStyle("bullet", parent=base, leftIndent=10, bulletIndent=2, spaceAfter=2),
        "note": ParagraphStyle(
            "note", parent=base, fontSize=7.4, leading=9.6, leftIndent=16, firstLineIndent=-16, spaceAfter=4
        ),
        "quote": ParagraphStyle(
            "quote", parent=base, fontSize=7.4, leading=9.6, leftIndent=16, textColor=HexColor("#374151")
        ),
    }


def _e(text: object) -> str:
    return escape(str(text or ""))


def _num(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"


def _hue(key: str) -> str:
    return HUE_COLORS.get(key, HUE_COLORS["i"])


def _dots(score: int) -> str:
    return "●" * score + "○" * (3 - score)


def _refs(refs: Sequence[EvidenceRef]) -> str:
    out = []
    for ref in refs:
        if ref.anchor:
            out.append(f'<a href="#{ref.anchor}" color="{LINK}">{_e(ref.label)}</a>')
        else:
            out.append(_e(ref.label))
    return " ".join(out)


def _status_text(status: str) -> str:
    color = STATUS_COLORS.get(status, (INK, "#ffffff"))[0]
    if status == "unverified":  # the quiet default: legible, not loud
        return f'<font color="#9ca3af">{_e(status)}</font>'
    return f'<font color="{color}"><b>{_e(status.replace("_", " "))}</b></font>'


def write_pdf(briefing: Briefing, path: str | Path) -> Path:
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(render_pdf(briefing))
    return out


def render_pdf(briefing: Briefing) -> bytes:
    """The briefing as PDF bytes (A4 portrait)."""
    from reportlab.lib.colors import HexColor
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

    font = _register_fonts()
    styles = _styles(font)
    buffer = io.BytesIO()
    width, height = A4
    margin_x, margin_top, margin_bottom = 16 * mm, 17 * mm, 15 * mm
    doc = BaseDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=margin_x,
        rightMargin=margin_x,
        topMargin=margin_top,
        bottomMargin=margin_bottom,
        title=f"{briefing.title} — pledgewatch",
        author="pledgewatch",
        subject="Monitoring and verification briefing",
        creator=f"pledgewatch {briefing.version}",
        invariant=1,  # no creation date or random id: the same briefing gives the same bytes
    )
    frame = Frame(
        margin_x,
        margin_bottom,
        width - 2 * margin_x,
        height - margin_top - margin_bottom,
        id="body",
        leftPadding=0,
        rightPadding=0,
        topPadding=0,
        bottomPadding=0,
    )

    def decorate(canvas, document) -> None:
        canvas.saveState()
        canvas.setFont(font, 6.6)
        canvas.setFillColor(HexColor(MUTED))
        if document.page > 1:
            canvas.drawString(margin_x, height - 10 * mm, f"pledgewatch · {briefing.title}")
            if briefing.method:
                canvas.drawRightString(width - margin_x, height - 10 * mm, f"method {briefing.method}")
            canvas.setStrokeColor(HexColor(LINE))
            canvas.line(margin_x, height - 11.5 * mm, width - margin_x, height - 11.5 * mm)
        canvas.drawString(
            margin_x,
            9 * mm,
            "Figures are claims by their sources, not facts. Both parties are judged by the same rules.",
        )
        canvas.drawRightString(width - margin_x, 9 * mm, f"page {document.page}")
        canvas.restoreState()

    doc.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=decorate)])
    content_width = width - 2 * margin_x
    story = _story(briefing, styles, content_width, font)
    doc.build(story)
    return buffer.getvalue()


def _story(b: Briefing, st, width: float, font: str) -> list:
    from reportlab.lib.colors import HexColor
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak, HRFlowable, KeepTogether, Paragraph, Spacer, Table

    bold = f"{font}-Bold" if font == FONT else "Helvetica-Bold"
    story: list = []
    story.append(Paragraph("PLEDGEWATCH · MONITORING AND VERIFICATION BRIEFING", st["brand"]))
    story.append(Paragraph(_e(b.title), st["title"]))
    meta = []
    if b.span:
        meta.append(f"Incidents {_e(b.span)}")
    meta.append(f"generated {_e(b.generated_at.strftime('%d %b %Y, %H:%M %Z').strip())}")
    if b.method:
        meta.append(f"assessment method {_e(b.method)}")
    meta.append(f"pledgewatch {_e(b.version)}")
    story.append(Paragraph(" · ".join(meta), st["meta"]))
    story.append(HRFlowable(width="100%", thickness=2, color=HexColor(INK), spaceBefore=5, spaceAfter=2))
    story.append(
        Paragraph(
            "Every figure in this briefing is a <b>claim by its source</b>, shown as “X says”, never as "
            "fact. "
            "Each side's figures are set side by side; estimates give a low, best and high value over all "
            "claims, "
            "and the numbered notes quote the sentence each figure rests on. Both parties are judged by the "
            "same "
            "rules: a party's own assurances and denials are counted as <i>words</i>, never as evidence that "
            "it "
            "kept a commitment. Evidence is weighted by how well it is established "
            "(reported &lt; contested &lt; corroborated &lt; confirmed).",
            st["lede"],
        )
    )

    # counts strip
    counts = [
        ("documents", b.counts["documents"]),
        ("claims", b.counts["claims"]),
        ("incidents", b.counts["incidents"]),
        ("contested", b.counts["contested"]),
        ("commitments", b.counts["commitments"]),
    ]
    strip = Table(
        [
            [
                Paragraph(
                    f'<font size="14"><b>{n}</b></font><br/>'
                    f'<font size="6.5" color="{MUTED}">{label.upper()}</font>',
                    st["base"],
                )
                for label, n in counts
            ]
        ],
        colWidths=[width / 5] * 5,
    )
    strip.setStyle(
        [
            ("BOX", (0, 0), (-1, -1), 0.5, HexColor(LINE)),
            ("INNERGRID", (0, 0), (-1, -1), 0.5, HexColor(LINE)),
            ("TOPPADDING", (0, 0), (-1, -1), 4),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ("LEFTPADDING", (0, 0), (-1, -1), 7),
        ]
    )
    story += [strip, Spacer(1, 6)]

    story.append(Paragraph("Summary", st["h2"]))
    lines = []
    if b.incidents:
        status = ", ".join(f"{n} {s}" for s, n in b.status_counts)
        text = f"{len(b.incidents)} incidents" + (f" between {_e(b.span)}" if b.span else "") + f": {status}."
        if b.unattributed:
            text += f" {len(b.unattributed)} name no perpetrator and count against no party."
        lines.append(text)
    else:
        lines.append("No incidents have been reconciled yet.")
    if not b.summaries:
        lines.append("No assessment has been stored yet.")
    for text in lines:
        story.append(Paragraph(text, st["bullet"], bulletText="•"))
    if b.summaries:
        story.append(Spacer(1, 4))
        story.append(_summary_table(b, st, width, bold))
        story.append(
            Paragraph(
                "The same months for every party. Evidence weights: reported 0.25, contested 0.5, "
                "corroborated 0.75, "
                "confirmed 1; a commitment is broken at a breach weight of 1 in a month. Benchmarks: ● per "
                "level "
                "reached. The method note at the end gives every rule.",
                st["caption"],
            )
        )
        story.append(_findings_table(b, st, width, bold))

    if b.timeline_png:
        story.append(CondPageBreak(95 * mm))
        story.append(Paragraph("Words and deeds over time", st["h2"]))
        story.append(_image(b.timeline_png, width))
        story.append(
            Paragraph(
                "Bars: the party's own words per month (lighter: assurances and statements; darker: "
                "denials). "
                "Lines (right-hand scale): the weight of breach evidence (solid) and implementation evidence "
                "(dashed). Bottom: the say–do gap with its uncertainty band. Same months and scales for "
                "every party.",
                st["caption"],
            )
        )
    if b.map_png:
        caption = f"Incidents by number (see “Incidents”), at their reported location. {_e(b.boundary_note)}"
        if b.unmapped:
            caption += (
                " Not on the map (no coordinates, or outside the region): "
                + ", ".join(i.label for i in b.unmapped)
                + "."
            )
        story.append(
            KeepTogether(
                [
                    Paragraph("Incident map", st["h2"]),
                    _image(b.map_png, width, max_height=122 * mm),
                    Paragraph(caption, st["caption"]),
                ]
            )
        )

    story.append(CondPageBreak(60 * mm))
    story.append(Paragraph("Commitment ledger", st["h2"]))
    if b.ledger:
        story.append(
            Paragraph(
                "Each commitment's status per month (– not in force). A party's version of a shared "
                "undertaking is "
                "listed next to the other party's. Evidence: incidents (I…) and quoted claims […] behind the "
                "latest status.",
                st["caption"],
            )
        )
        story.append(_ledger_table(b, st, width, bold))
    else:
        story.append(Paragraph("No commitments loaded.", st["meta"]))

    if b.benchmarks:
        story.append(CondPageBreak(70 * mm))
        story.append(Paragraph("Verification benchmarks", st["h2"]))
        story.append(
            Paragraph(
                "Concrete steps a credible party would take, scored for every party with the same criteria "
                "on the "
                "Peace Accords Matrix scale (0 not initiated, 1 minimal, 2 intermediate, 3 full)"
                + (f", from the evidence of the last {b.lookback_months} months" if b.lookback_months else "")
                + ". The criteria for each level are listed under each benchmark.",
                st["caption"],
            )
        )
        story.append(_benchmark_table(b, st, width, bold))

    story.append(CondPageBreak(50 * mm))
    story.append(Paragraph("Incidents: what each side says", st["h2"]))
    if b.unattributed:
        story.append(
            Paragraph(
                f"{len(b.unattributed)} of {len(b.incidents)} incidents name no perpetrator in the reports "
                "read "
                f"({', '.join(i.label for i in b.unattributed)}); no rule counts them against any party. "
                "Reports that "
                "attribute them would change the assessment.",
                st["lede"],
            )
        )
    if not b.incidents:
        story.append(Paragraph("No incidents.", st["meta"]))
    for item in b.incidents:
        story.append(KeepTogether(_incident_block(item, st, width, bold)))

    if b.scorecards:
        story.append(CondPageBreak(45 * mm))
        story.append(Paragraph("Party scorecards: words and deeds per month", st["h2"]))
        story.append(_scorecard_table(b, st, width, bold))

    story.append(CondPageBreak(60 * mm))
    story.append(Paragraph("Method note", st["h2"]))
    method = [
        (
            "Figures are claims by their sources",
            "Every number is attributed to whoever states it, with the quoted sentence in the notes. No "
            "party's figure is "
            "shown as fact. Party-affiliated sources are grouped under that party; sources not affiliated "
            "with a party are "
            "shown as independent.",
        ),
        (
            "Estimates: low / best / high",
            "Low is the lowest credible figure claimed, high the highest, best the median of independent "
            "sources when "
            "there are any, otherwise of all claims.",
        ),
        ("Incident status", "; ".join(f"<b>{_e(s)}</b>: {_e(t)}" for s, t in b.status_help.items()) + "."),
        *[(title, _e(text)) for title, text in b.method_notes],
        (
            "Commitment statuses",
            "; ".join(
                f"<b>{_e(s.replace('_', ' '))}</b>: {_e(t)}" for s, t in b.commitment_status_help.items()
            )
            + ".",
        ),
    ]
    for title, text in method:
        story.append(Paragraph(f"<b>{_e(title) if '<' not in title else title}</b>", st["small"]))
        story.append(Paragraph(text, st["small"]))
        story.append(Spacer(1, 3))

    story.append(CondPageBreak(40 * mm))
    story.append(Paragraph("Notes: the evidence sentences", st["h2"]))
    if not b.footnotes:
        story.append(Paragraph("No claims cited.", st["meta"]))
    for c in b.footnotes:
        via = f", as reported by {_e(c.via)}" if c.via else ""
        title = _e(c.document_title)
        if c.document_url:
            title = f'<a href="{_e(c.document_url)}" color="{LINK}">{title}</a>'
        tail = [title]
        if c.document and c.document.source:
            tail.append(f"{_e(c.document.source)} ({_e(c.source_kind)})")
        if c.published:
            tail.append(_e(c.published))
        if c.document_url:
            tail.append(f'<font size="6.3">{_e(c.document_url)}</font>')
        tail.append(f"claim {_e(c.claim.id)}")
        story.append(
            Paragraph(
                f'<a name="fn-{c.number}"/><b>{c.number}.</b>&nbsp;&nbsp;'
                f"<b>{_e(c.who)}</b> {_e(c.verb)}{via}: "
                f"“{_e(' '.join(c.claim.text.split()))}”<br/>"
                f'<font color="{MUTED}">{" · ".join(tail)}</font>',
                st["note"],
            )
        )
    story.append(Spacer(1, 8))
    story.append(
        Paragraph(
            f"Generated by pledgewatch {_e(b.version)}. Neutral by construction: both parties' commitments "
            "are tracked "
            "with the same rules, and figures are attributed claims.",
            st["tiny"],
        )
    )
    return story


def _image(png: bytes, width: float, max_height: float | None = None):
    from reportlab.lib.utils import ImageReader
    from reportlab.platypus import Image

    reader = ImageReader(io.BytesIO(png))
    w, h = reader.getSize()
    draw_w, draw_h = width, width * h / w
    if max_height and draw_h > max_height:
        draw_w, draw_h = draw_w * max_height / draw_h, max_height
    return Image(io.BytesIO(png), width=draw_w, height=draw_h)


def _base_table_style(bold: str):
    from reportlab.lib.colors import HexColor

    return [
        ("FONTNAME", (0, 0), (-1, 0), bold),
        ("FONTSIZE", (0, 0), (-1, -1), 7.4),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, HexColor("#9ca3af")),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, HexColor(LINE)),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3.5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3.5),
    ]


def _summary_table(b: Briefing, st, width: float, bold: str):
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Paragraph, Table

    parties = b.summaries
    label_w = width * 0.40
    col_w = (width - label_w) / max(len(parties), 1)
    header = [Paragraph("", st["tiny"])] + [
        Paragraph(
            f'<font color="{_hue(s.voice.hue)}" size="9.5"><b>{_e(s.voice.label)}</b></font>', st["cellc"]
        )
        for s in parties
    ]
    rows = [header]
    sections: list[int] = []

    def section(text: str) -> None:
        rows.append(
            [Paragraph(f'<font color="{MUTED}"><b>{_e(text.upper())}</b></font>', st["tiny"])]
            + [""] * len(parties)
        )
        sections.append(len(rows) - 1)

    def add(label: str, cells: list[str]) -> None:
        rows.append(
            [Paragraph(f'<font color="#374151">{label}</font>', st["cell"])]
            + [Paragraph(c, st["cellc"]) for c in cells]
        )

    def statuses(pairs) -> str:
        return ", ".join(f"{n}&nbsp;{_status_text(status)}" for status, n in pairs) or "–"

    latest = parties[0].period_label if parties else ""
    section(f"Latest month shown: {latest}")
    add("Commitments in force", [str(s.in_force) for s in parties])
    add("Their status", [statuses(s.statuses) for s in parties])
    add("Say–do gap (band)", [f"<b>{s.gap}</b> ({s.band})" for s in parties])
    shown = b.periods
    span = format_span(shown)
    section(f"Over the months shown: {span}")
    add("Own words (of which denials)", [f"{s.totals['words']:g} ({s.totals['denials']:g})" for s in parties])
    add("Breach evidence weight", [_num(s.totals["breach"]) for s in parties])
    add("Implementation evidence weight", [_num(s.totals["implementation"]) for s in parties])
    add("Commitment-months with evidence", [statuses(s.status_months) for s in parties])
    add("Highest say–do gap", [_e(s.peak_gap) for s in parties])
    if b.benchmarks:
        section(f"Verification benchmarks, {latest} (0 not initiated … 3 full)")
        for row in b.benchmarks:
            cells = []
            for s in parties:
                cell = row.cells.get(s.voice.key)
                cells.append(
                    f'<font color="{_hue(s.voice.hue)}">{_dots(cell.score)}</font> {cell.score}'
                    if cell
                    else "–"
                )
            add(_e(row.title), cells)
    table = Table(rows, colWidths=[label_w] + [col_w] * len(parties), repeatRows=1)
    style = _base_table_style(bold)
    for i, s in enumerate(parties, start=1):
        style += [
            ("LINEABOVE", (i, 0), (i, 0), 2, HexColor(_hue(s.voice.hue))),
            ("BACKGROUND", (i, 1), (i, -1), HexColor(WASHES.get(s.voice.hue, WASH))),
        ]
    for r in sections:
        style += [
            ("SPAN", (0, r), (-1, r)),
            ("BACKGROUND", (0, r), (-1, r), HexColor("#ffffff")),
            ("TOPPADDING", (0, r), (-1, r), 6),
        ]
    table.setStyle(style)
    return table


def _findings_table(b: Briefing, st, width: float, bold: str):
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Paragraph, Table

    parties = b.parties
    header = [
        Paragraph(
            f'<font color="{_hue(v.hue)}"><b>{_e(v.label)}</b></font>: commitments with evidence', st["cell"]
        )
        for v in parties
    ]
    cells = []
    for v in parties:
        items = b.findings.get(v.key, [])
        if not items:
            cells.append(
                Paragraph(
                    f'<font color="{MUTED}">No evidence matched any of its commitments in the months '
                    "shown: every status is unverified.</font>",
                    st["cell"],
                )
            )
            continue
        lines = [
            f"{_status_text(f.status)} {_e(f.period_label)} — {_e(f.label)}"
            + (f' <font size="6.6">{_refs(f.refs)}</font>' if f.refs else "")
            for f in items
        ]
        cells.append(Paragraph("<br/>".join(lines), st["cell"]))
    table = Table([header, cells], colWidths=[width / max(len(parties), 1)] * len(parties))
    style = _base_table_style(bold)
    for i, v in enumerate(parties):
        style.append(("LINEABOVE", (i, 0), (i, 0), 2, HexColor(_hue(v.hue))))
    table.setStyle(style)
    return table


def format_span(periods: Sequence[str]) -> str:
    from pledgewatch.report.views import format_period

    if not periods:
        return "none"
    if len(periods) == 1:
        return format_period(periods[0])
    return f"{len(periods)} months from {format_period(periods[0])} to {format_period(periods[-1])}"


def _ledger_table(b: Briefing, st, width: float, bold: str):
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Paragraph, Table

    n = len(b.period_labels)
    party_w, month_w, refs_w = 21 * 2.835, 16.5 * 2.835, 17 * 2.835
    text_w = width - party_w - n * month_w - refs_w
    header = (
        [Paragraph("<b>Party</b>", st["cell"]), Paragraph("<b>Commitment</b>", st["cell"])]
        + [Paragraph(f"<b>{_e(label)}</b>", st["cellc"]) for label in b.period_labels]
        + [Paragraph("<b>Evidence</b>", st["cell"])]
    )
    rows = [header]
    style = _base_table_style(bold)
    for group in b.ledger:
        rows.append([Paragraph(f"<b>{_e(group.instrument)}</b>", st["cell"])] + [""] * (n + 2))
        r = len(rows) - 1
        style += [("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), HexColor(WASH))]
        for row in group.rows:
            e = row.entry
            source = _e(e.commitment.source_document)
            if e.source_url:
                source = f'<a href="{_e(e.source_url)}" color="{LINK}">{source}</a>'
            cells = [
                Paragraph(f'<font color="{_hue(e.voice.hue)}">■</font> {_e(e.obligor)}', st["cell"]),
                Paragraph(
                    f"<b>{_e(e.category)}</b> — {_e(e.commitment.text)}<br/>"
                    f'<font size="6.3" color="{MUTED}">{source} · valid {_e(e.valid)}</font>',
                    st["cell"],
                ),
            ]
            for _, cell in row.cells:
                cells.append(
                    Paragraph(
                        _status_text(cell.status) if cell else '<font color="#b0b4bb">–</font>', st["ledger"]
                    )
                )
            cells.append(Paragraph(_refs(row.refs) or '<font color="#b0b4bb">none</font>', st["cell"]))
            rows.append(cells)
            r = len(rows) - 1
            for j, (_, cell) in enumerate(row.cells, start=2):
                if cell and cell.status != "unverified":
                    style.append(("BACKGROUND", (j, r), (j, r), HexColor(STATUS_COLORS[cell.status][1])))
    table = Table(rows, colWidths=[party_w, text_w] + [month_w] * n + [refs_w], repeatRows=1)
    table.setStyle(style)
    return table


def _benchmark_table(b: Briefing, st, width: float, bold: str):
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Paragraph, Table

    parties = b.parties
    first_w = width * 0.5
    col_w = (width - first_w) / max(len(parties), 1)
    rows = [
        [Paragraph("<b>Benchmark and level criteria</b>", st["cell"])]
        + [Paragraph(f'<font color="{_hue(v.hue)}"><b>{_e(v.label)}</b></font>', st["cell"]) for v in parties]
    ]
    for row in b.benchmarks:
        levels = "".join(f"<br/><b>{level}</b>: {_e(text)}" for level, text in row.levels)
        first = Paragraph(
            f"<b>{_e(row.title)}</b>"
            + (f'<br/><font color="#4b5563">{_e(row.question)}</font>' if row.question else "")
            + f'<font size="6.4" color="{MUTED}">{levels}</font>',
            st["cell"],
        )
        cells = [first]
        for v in parties:
            cell = row.cells.get(v.key)
            if cell is None:
                cells.append(Paragraph("–", st["cell"]))
                continue
            cells.append(
                Paragraph(
                    f'<font color="{_hue(v.hue)}" size="10">{_dots(cell.score)}</font> '
                    f"<b>{cell.score}</b> {_e(cell.label)}<br/>"
                    f'<font size="6.4" color="{MUTED}">{_e(cell.reason)}</font>'
                    + (f"<br/>{_refs(cell.refs)}" if cell.refs else ""),
                    st["cell"],
                )
            )
        rows.append(cells)
    table = Table(rows, colWidths=[first_w] + [col_w] * len(parties), repeatRows=1)
    style = _base_table_style(bold)
    for i, v in enumerate(parties, start=1):
        style.append(("LINEABOVE", (i, 0), (i, 0), 2, HexColor(_hue(v.hue))))
    table.setStyle(style)
    return table


def _incident_block(item: NumberedIncident, st, width: float, bold: str) -> list:
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Paragraph, Spacer, Table

    inc = item.view
    tags = ", ".join(inc.tags)
    perpetrators = ", ".join(item.perpetrators) if item.perpetrators else "none named"
    out = [
        Paragraph(f'<a name="{item.anchor}"/><b>{item.label}</b>&nbsp;&nbsp;{_e(inc.title)}', st["h3"]),
        Paragraph(
            f"{_e(inc.when)} · {_e(inc.place)} · {_status_text(inc.status)}"
            + (f" · {_e(tags)}" if tags else "")
            + f" · {inc.incident.sources} independent source{'s' if inc.incident.sources != 1 else ''}"
            + f" · perpetrator: {_e(perpetrators)}",
            st["meta"],
        ),
        Paragraph(f"<b>Why {_e(inc.status)}:</b> {_e(inc.incident.reason or inc.status_help)}", st["small"]),
    ]
    if inc.rows:
        voices = inc.voices
        fixed = 3 * 11 * 2.835
        label_w = 33 * 2.835
        voice_w = (width - fixed - label_w) / max(len(voices), 1)
        header = (
            [Paragraph("<b>Figure</b>", st["cell"])]
            + [
                Paragraph(
                    f'<font color="{_hue(v.hue)}"><b>{_e(v.heading)}</b></font><br/>'
                    f'<font size="6" color="{MUTED}">{_e(v.caption)}</font>',
                    st["cell"],
                )
                for v in voices
            ]
            + [Paragraph(f"<b>{h}</b>", st["cellc"]) for h in ("Low", "Best", "High")]
        )
        rows = [header]
        for row in inc.rows:
            cells = [Paragraph(_e(row.label), st["cell"])]
            for v in voices:
                figures = row.by_voice.get(v.key, [])
                if figures:
                    text = "<br/>".join(
                        f"{_e(f.who)} {_e(f.verb)} <b>{_e(f.value)}</b> "
                        f'<a href="#fn-{f.number}" color="{LINK}"><super>{f.number}</super></a>'
                        for f in figures
                    )
                elif inc.denials_by_voice.get(v.key):
                    text = "<i>denies</i>"
                else:
                    text = '<font color="#b0b4bb">no figure</font>'
                cells.append(Paragraph(text, st["cell"]))
            cells += [
                Paragraph(row.low, st["cellc"]),
                Paragraph(f"<b>{row.best}</b>", st["cellc"]),
                Paragraph(row.high, st["cellc"]),
            ]
            rows.append(cells)
        table = Table(rows, colWidths=[label_w] + [voice_w] * len(voices) + [11 * 2.835] * 3, repeatRows=1)
        style = _base_table_style(bold)
        for i, v in enumerate(voices, start=1):
            style += [
                ("LINEABOVE", (i, 0), (i, 0), 1.6, HexColor(_hue(v.hue))),
                ("BACKGROUND", (i, 1), (i, -1), HexColor(WASHES.get(v.hue, WASH))),
            ]
        table.setStyle(style)
        out += [Spacer(1, 3), table]
    else:
        sources = " ".join(f'<a href="#fn-{c.number}" color="{LINK}">[{c.number}]</a>' for c in inc.claims)
        out.append(Paragraph(f"No casualty figures claimed. Sources: {sources or 'none'}", st["small"]))
    for v in inc.voices:
        for d in inc.denials_by_voice.get(v.key, []):
            out.append(
                Paragraph(
                    f'<font color="{_hue(v.hue)}">■</font> '
                    f"<i>{_e(d.who)} denies: “{_e(' '.join(d.claim.text.split()))}”</i> "
                    f'<a href="#fn-{d.number}" color="{LINK}"><super>{d.number}</super></a>',
                    st["small"],
                )
            )
    out.append(Spacer(1, 4))
    return out


def _scorecard_table(b: Briefing, st, width: float, bold: str):
    from reportlab.lib.colors import HexColor
    from reportlab.platypus import Paragraph, Table

    header = ["Party", "Month", "Words", "Breach wt", "Impl. wt", "Gap", "Band", "Commitment statuses"]
    widths = [22, 17, 12, 15, 14, 11, 19]
    widths_pt = [w * 2.835 for w in widths]
    widths_pt.append(width - sum(widths_pt))
    rows = [[Paragraph(f"<b>{h}</b>", st["cell"]) for h in header]]
    style = _base_table_style(bold)
    for card in b.scorecards:
        for k, r in enumerate(card.rows):
            rows.append(
                [
                    Paragraph(
                        f'<font color="{_hue(card.voice.hue)}">■</font> {_e(card.voice.label)}'
                        if k == 0
                        else "",
                        st["cell"],
                    ),
                    Paragraph(_e(r.period_label), st["cell"]),
                    Paragraph(str(r.words), st["cellc"]),
                    Paragraph(_num(r.breach_weight), st["cellc"]),
                    Paragraph(_num(r.implementation_weight), st["cellc"]),
                    Paragraph(f"<b>{r.gap}</b>", st["cellc"]),
                    Paragraph(r.band, st["cellc"]),
                    Paragraph(
                        ", ".join(f"{n}&nbsp;{_status_text(s)}" for s, n in r.status_counts) or "–",
                        st["cell"],
                    ),
                ]
            )
        style.append(("LINEBELOW", (0, len(rows) - 1), (-1, len(rows) - 1), 0.8, HexColor("#9ca3af")))
    table = Table(rows, colWidths=widths_pt, repeatRows=1)
    table.setStyle(style)
    return table
