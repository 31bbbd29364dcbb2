"""PDF downloads of the print views (打印件 PDF): WeasyPrint with the system's Noto CJK fonts.

Convention for every print view (附件1 申请表, 附表2 登记备案表, 结算单):

* one route and one template serve both forms: ``GET /ui/print/<view>/<id>`` is the screen print
  view (the browser's print dialog), and the **same URL with** ``?format=pdf`` downloads the PDF;
* the template extends ``print/_sheet.html``, which links ``/ui/static/print.css`` (A4, mm
  margins, table borders, Noto Serif CJK SC) and shows the toolbar (打印 / 下载PDF / 返回) on
  screen only; it fills the blocks ``title`` and ``sheet`` (``print_view`` passes ``pdf_href``,
  the 下载PDF link, and ``pdf=True`` when rendering the PDF);
* the page does its access checks, then returns ``print_view(request, template, filename, **ctx)``,
  which renders the template and answers HTML or, for ``?format=pdf``, ``pdf_response``.

Rendering never touches the network: the URL fetcher serves only files of the web package's
``static`` folder (by ``file:`` path or by their ``/ui/static/…`` URL) and ``data:`` URLs, and
refuses everything else. Fonts come from fontconfig (Debian ``fonts-noto-cjk``). When WeasyPrint
or its system libraries (Pango) are missing, a PDF request answers 503 with a Chinese message.
"""

from __future__ import annotations

import mimetypes
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode, urlsplit
from urllib.request import url2pathname

from fastapi import Request
from fastapi.responses import Response

from yidi.domain.errors import Kind, Problem, YidiError
from yidi.entrypoints.web.common import HERE, current_user, render, templates

STATIC = (HERE / "static").resolve()
STATIC_URL_PATH = "/ui/static/"


class PdfUnavailable(YidiError):
    """WeasyPrint cannot be imported or cannot load Pango on this machine; 503 with a way out."""

    code = "PDF_UNAVAILABLE"
    kind = Kind.UNAVAILABLE

    def __init__(self, cause: str) -> None:
        super().__init__(
            Problem(
                None,
                "暂时无法生成 PDF：服务器未安装 WeasyPrint 或其系统库（Pango）。请使用“打印”功能另存为 PDF。",
                f"PDF rendering is unavailable (WeasyPrint or Pango missing): {cause}",
            ),
            text=cause,
        )


def _weasyprint() -> Any:
    try:
        import weasyprint
    except (ImportError, OSError) as exc:  # OSError: cffi could not load libpango
        raise PdfUnavailable(str(exc)) from exc
    return weasyprint


def available() -> bool:
    """Whether PDFs can be rendered here (tests skip with the reason otherwise)."""
    try:
        _weasyprint()
    except PdfUnavailable:
        return False
    return True


def static_file(url: str) -> Path | None:
    """The file of the static folder that ``url`` names, or None (outside it, or not a file)."""
    parts = urlsplit(url)
    if parts.scheme not in ("file", "http", "https"):
        return None
    # the templates link site-absolute /ui/static/… (as the browser needs), whatever the base URL is
    if parts.path.startswith(STATIC_URL_PATH):
        candidate = STATIC / url2pathname(parts.path[len(STATIC_URL_PATH) :])
    elif parts.scheme == "file":
        candidate = Path(url2pathname(parts.path))
    else:
        return None
    path = candidate.resolve()
    return path if path.is_relative_to(STATIC) and path.is_file() else None


def _fetcher(weasyprint: Any) -> Any:
    """A URL fetcher confined to the static folder and ``data:`` URLs (no network, no other files)."""
    from weasyprint.urls import URLFetcherResponse

    class StaticOnlyFetcher(weasyprint.URLFetcher):
        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("data:"):
                return super().fetch(url, headers)
            path = static_file(url)
            if path is None:
                raise ValueError(f"PDF rendering fetches only the UI's static files, not {url!r}")
            kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": kind})

    return StaticOnlyFetcher()


def render_pdf(html: str, *, base_url: str | None = None) -> bytes:
    """HTML → PDF bytes. Relative links resolve against ``base_url`` (default: the static folder)."""
    weasyprint = _weasyprint()
    base = base_url or STATIC.as_uri() + "/"
    return bytes(weasyprint.HTML(string=html, base_url=base, url_fetcher=_fetcher(weasyprint)).write_pdf())


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII fallback and the RFC 5987 UTF-8 name (Chinese names survive)."""
    # old clients see only ``filename``: keep its ASCII parts (e.g. the filing id) behind a prefix
    stem = re.sub(r"[^A-Za-z0-9]+", "-", filename.removesuffix(".pdf")).strip("-")
    fallback = f"yidi-{stem}.pdf" if stem else "yidi.pdf"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def pdf_response(html: str, filename: str) -> Response:
    """The PDF of ``html`` as a download (``PdfUnavailable``, a 503 page, when PDFs cannot be made here)."""
    body = render_pdf(html)
    return Response(
        body,
        media_type="application/pdf",
        # the forms carry ID numbers: keep them out of shared caches
        headers={"Content-Disposition": content_disposition(filename), "Cache-Control": "no-store"},
    )


def wants_pdf(request: Request) -> bool:
    return request.query_params.get("format") == "pdf"


def print_view(request: Request, template: str, filename: str, **context: Any) -> Response:
    """The print view ``template`` as an HTML page, or as the PDF ``filename`` for ``?format=pdf``."""
    # the same view's query (e.g. the facts of a criteria verdict) with format=pdf
    query = [(k, v) for k, v in request.query_params.multi_items() if k != "format"]
    pdf_href = request.url.path + "?" + urlencode([*query, ("format", "pdf")])
    if not wants_pdf(request):
        return render(request, template, pdf_href=pdf_href, **context)
    html = templates.get_template(template).render(
        {"request": request, "user": current_user(request), "pdf": True, "errors": {}, **context}
    )
    return pdf_response(html, filename)
