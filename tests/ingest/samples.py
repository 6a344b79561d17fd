"""Sample documents for the ingest tests, built in code so that every byte is known."""

from __future__ import annotations

import os
from pathlib import Path

from pledgewatch.errors import IngestError


def permissions_enforced(folder: Path) -> bool:
    """False when this process can read a mode-000 file (root, or CAP_DAC_OVERRIDE)."""
    probe = folder / ".permission-probe"
    probe.write_bytes(b"x")
    probe.chmod(0)
    try:
        with open(probe, "rb"):
            return False
    except PermissionError:
        return True
    finally:
        probe.chmod(0o600)
        os.remove(probe)


def assert_user_error(error: IngestError, path: str, *phrases: str) -> None:
    """A user-facing ingest error: names the file, says what is wrong and what to do."""
    message = str(error)
    assert isinstance(error, IngestError)
    assert error.where == path
    assert message.startswith(f"{path}: "), message
    assert error.hint, f"no hint on what to do: {message}"
    assert error.hint in message
    for phrase in phrases:
        assert phrase.lower() in message.lower(), f"{phrase!r} not in {message!r}"


ARTICLE_PARAGRAPHS = (
    "Pakistan and Afghanistan agreed to an immediate ceasefire after talks in Doha mediated by Qatar and "
    "Türkiye, the Qatari foreign ministry said on Sunday.",
    "The delegations also agreed to set up mechanisms to consolidate the ceasefire and to hold follow-up "
    "meetings to verify that it is being implemented, according to the statement.",
    "Pakistan's defence minister said the priority was an end to cross-border attacks by militant groups "
    "operating from Afghan soil, a charge the Afghan authorities have repeatedly denied.",
)

NEWS_PAGE = f"""<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>Ceasefire agreed in Doha talks | Frontier Ledger</title>
  <meta property="og:title" content="Ceasefire agreed in Doha talks">
  <meta property="og:site_name" content="Frontier Ledger">
  <meta property="og:url" content="https://frontier-ledger.example/2025/10/ceasefire-doha">
  <meta property="article:published_time" content="2025-10-19T08:30:00+05:00">
  <meta name="author" content="Staff Reporter">
</head>
<body>
  <nav class="site-nav"><ul>
    <li><a href="/">Home</a></li><li><a href="/world">World</a></li>
    <li><a href="/sport">NAVIGATION-SPORT-LINK</a></li>
  </ul></nav>
  <main>
    <article>
      <h1>Ceasefire agreed in Doha talks</h1>
      <p class="byline">By Staff Reporter</p>
      <p>{ARTICLE_PARAGRAPHS[0]}</p>
      <p>{ARTICLE_PARAGRAPHS[1]}</p>
      <p>{ARTICLE_PARAGRAPHS[2]}</p>
    </article>
    <section id="comments" class="comments">
      <h2>Comments</h2>
      <div class="comment"><p>READER-COMMENT: this will never hold, mark my words.</p></div>
      <div class="comment"><p>READER-COMMENT: finally some good news for the border towns.</p></div>
    </section>
  </main>
  <footer><p>FOOTER-TEXT © Frontier Ledger. All rights reserved.</p></footer>
</body>
</html>
"""

# A page that is all chrome: navigation, a login form, a footer, no article.
EMPTY_PAGE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Sign in</title></head>
<body>
  <nav><a href="/">Home</a> <a href="/login">Log in</a></nav>
  <form action="/login" method="post">
    <input type="text" name="user"><input type="password" name="pass"><button>Sign in</button>
  </form>
  <footer><a href="/privacy">Privacy</a></footer>
</body>
</html>
"""


def _pdf_string(text: str) -> bytes:
    """A PDF literal string (WinAnsi text: keep the samples to Latin-1)."""
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return b"(" + escaped.encode("latin-1") + b")"


def make_pdf(pages: list[list[str]], *, title: str | None = None, created: str | None = None) -> bytes:
    """A small valid PDF 1.4: one Helvetica text line per string, a correct xref table.

    ``created`` is a PDF date string such as ``"D:20240715093000+05'00'"``. A page given as an empty
    list has no text at all, like a scanned page.
    """
    page_count = len(pages)
    # object numbers: 1 catalog, 2 page tree, 3 font, then (page, content) per page, then info
    page_ids = [4 + 2 * index for index in range(page_count)]
    info_id = 4 + 2 * page_count
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids ["
        + b" ".join(b"%d 0 R" % page_id for page_id in page_ids)
        + b"] /Count %d >>" % page_count,
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    }
    for page_id, lines in zip(page_ids, pages, strict=True):
        stream = b"BT /F1 11 Tf 14 TL 72 760 Td " + b" ".join(_pdf_string(line) + b" Tj T*" for line in lines)
        stream += b" ET"
        objects[page_id] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % (page_id + 1)
        )
        objects[page_id + 1] = b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream"
    info = b""
    if title is not None:
        info += b"/Title " + _pdf_string(title) + b" "
    if created is not None:
        info += b"/CreationDate " + _pdf_string(created) + b" "
    objects[info_id] = b"<< " + info + b"/Producer (pledgewatch tests) >>"

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for number in sorted(objects):
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + objects[number] + b"\nendobj\n"
    xref_at = len(out)
    size = max(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number]
    out += b"trailer\n<< /Size %d /Root 1 0 R /Info %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        size,
        info_id,
        xref_at,
    )
    return bytes(out)


REPORT_PAGES = [
    [
        "Fifteenth report of the Analytical Support and Sanctions Monitoring Team",
        "The Monitoring Team assesses that TTP enjoys freedom of movement in Afghanistan.",
    ],
    [
        "Member States reported that al-Qaida and AQIS remain present in several provinces.",
        "IS-K remains the main external threat in the region (see annex).",
    ],
]
