"""The PDF machinery: no network and no file outside the UI's static folder while rendering, A4
pages, and a download name that survives Chinese characters (RFC 5987)."""

from __future__ import annotations

import io
from urllib.parse import unquote

import pytest

from yidi.entrypoints.web import pdf

needs_pdf = pytest.mark.skipif(
    not pdf.available(), reason="WeasyPrint or its system libraries (Pango) missing: no PDF here"
)


def test_only_static_files_are_served_to_the_renderer() -> None:
    css = pdf.STATIC / "print.css"
    assert pdf.static_file("http://testserver/ui/static/print.css") == css
    assert pdf.static_file(css.as_uri()) == css
    assert pdf.static_file("file:///ui/static/print.css") == css  # site-absolute link, file base
    for outside in (
        "file:///etc/passwd",
        "http://testserver/ui/static/../pdf.py",
        "http://testserver/ui/static/%2e%2e/pdf.py",
        "https://example.com/print.css",
        "ftp://example.com/ui/static/print.css",
        "http://testserver/ui/static/no-such.css",
    ):
        assert pdf.static_file(outside) is None, outside


@needs_pdf
def test_the_fetcher_refuses_the_network_and_serves_static_and_data_urls() -> None:
    fetcher = pdf._fetcher(pdf._weasyprint())
    with pytest.raises(ValueError, match="only the UI's static files"):
        fetcher.fetch("http://127.0.0.1:9/tracker.png")
    served = fetcher.fetch("http://testserver/ui/static/print.css")
    assert served.content_type == "text/css" and b"@page" in served.read()
    assert fetcher.fetch("data:text/plain,ok").read() == b"ok"


@needs_pdf
def test_render_pdf_makes_a4_pages_with_cjk_text_even_when_links_point_outside() -> None:
    pypdf = pytest.importorskip("pypdf")
    html = (
        '<link rel="stylesheet" href="/ui/static/print.css">'
        '<link rel="stylesheet" href="https://example.com/remote.css">'
        '<img src="file:///etc/passwd" alt=""><h1>辽宁省异地就医</h1>'
    )
    body = pdf.render_pdf(html, base_url="http://testserver/ui/print/")
    page = pypdf.PdfReader(io.BytesIO(body)).pages[0]
    assert (round(float(page.mediabox.width)), round(float(page.mediabox.height))) == (595, 842)  # A4
    assert "辽宁省异地就医" in page.extract_text()


def test_download_name_keeps_chinese_and_has_an_ascii_fallback() -> None:
    header = pdf.content_disposition("登记备案表-张三-ab12.pdf")
    fallback, encoded = header.split("; filename*=UTF-8''")
    assert fallback == 'attachment; filename="yidi-ab12.pdf"'
    assert unquote(encoded) == "登记备案表-张三-ab12.pdf" and " " not in encoded
    assert pdf.content_disposition("空白.pdf").startswith('attachment; filename="yidi.pdf"')
