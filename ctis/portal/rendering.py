"""Page text to HTML: a tiny, safe subset (paragraphs, ``## `` headings, ``- `` lists).

Staff write plain text; every character is escaped, so a page can never carry a script,
a link to another host or an image that would cost a visitor data.
"""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def _blocks(text: str) -> list[tuple[str, list[str]]]:
    """Group lines into ("h2" | "p" | "ul", lines) blocks."""
    blocks: list[tuple[str, list[str]]] = []
    for chunk in text.replace("\r\n", "\n").split("\n\n"):
        for raw in chunk.split("\n"):
            line = raw.strip()
            if not line:
                continue
            if line.startswith("## "):
                blocks.append(("h2", [line[3:].strip()]))
                continue
            kind, content = ("ul", line[2:].strip()) if line.startswith("- ") else ("p", line)
            if blocks and blocks[-1][0] == kind and blocks[-1][1][-1:] != [""]:
                blocks[-1][1].append(content)
            else:
                blocks.append((kind, [content]))
        # A blank line ends a paragraph or a list.
        if blocks and blocks[-1][0] != "h2":
            blocks[-1][1].append("")
    return blocks


def render_body(text: str) -> SafeString:
    """Render page text.

    Examples:
        >>> str(render_body("Hello\\nthere\\n\\n## Signs\\n- one\\n- two"))
        '<p>Hello there</p>\\n<h2>Signs</h2>\\n<ul><li>one</li><li>two</li></ul>'
    """
    html: list[str] = []
    for kind, lines in _blocks(text):
        parts = [escape(line) for line in lines if line]
        if kind == "h2":
            html.append(f"<h2>{parts[0]}</h2>")
        elif kind == "p":
            html.append(f"<p>{' '.join(parts)}</p>")
        else:
            html.append("<ul>" + "".join(f"<li>{part}</li>" for part in parts) + "</ul>")
    return mark_safe("\n".join(html))  # noqa: S308 - every piece above is escaped
