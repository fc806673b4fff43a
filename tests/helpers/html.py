"""Reading an HTML export's tags and text, to prove user text never becomes markup."""

from __future__ import annotations

from html.parser import HTMLParser

ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "header", "h1", "h2", "h3", "p", "strong", "code", "time",
    "a", "section", "dl", "dt", "dd", "div", "ul", "ol", "li", "table", "thead", "tbody", "tr", "th", "td",
    "article", "span", "footer",
}  # fmt: skip


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)
