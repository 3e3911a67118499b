"""The web app: FastAPI over the same store and library as the CLI.

``create_app(settings)`` opens the store (or takes one, for tests), starts the writer thread, and mounts the JSON
API (``/api/v1``), the live stream, the pages and the packaged static files. Nothing is fetched from the internet:
templates, CSS and JavaScript ship inside the package.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from importlib import resources
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles

from chiso import __version__
from chiso.compute.engine import UnknownUnitError
from chiso.errors import ChisoError
from chiso.store.db import Store
from chiso.web.gate import StoreGate
from chiso.web.intake import IntakeRejected
from chiso.web.live import Broker
from chiso.web.security import install_security
from chiso.web.settings import Settings
from chiso.web.views import BadRequest, NotFound, Views

DESCRIPTION = """
API của **chiso**: ghi dữ liệu theo thời gian thực từ hệ thống một cửa điện tử, và đọc điểm Bộ chỉ số 766
(Quyết định 766/QĐ-TTg) của từng đơn vị.

* **Ghi dữ liệu** (`POST`): hồ sơ, sự kiện xử lý, thanh toán, PAKN và danh mục TTHC, với tên trường như định dạng
  nhập tệp (docs/import-format.md). Mỗi hệ thống gửi dùng một mã truy cập riêng
  (`chiso token create --unit <mã>`), gửi trong tiêu đề `Authorization: Bearer <mã>`; mã chỉ được ghi dữ liệu
  của đơn vị đó và các đơn vị trực thuộc. Mỗi yêu cầu là tất cả hoặc không; gửi lại không thay đổi gì.
* **Đọc** (`GET`): điểm, bảng đơn vị trực thuộc, bản ghi đứng sau từng chỉ tiêu, diễn biến qua các kỳ, cảnh báo
  hồ sơ sắp quá hạn, luồng cập nhật trực tiếp (Server-Sent Events).

Số liệu theo thời gian thực: kỳ hiện tại được đánh giá tại thời điểm gọi (`as_of` để chọn thời điểm khác).
"""

TAGS = [
    {"name": "Ghi dữ liệu thời gian thực", "description": "Hệ thống một cửa gửi hồ sơ, sự kiện, PAKN, TTHC."},
    {"name": "Điểm và xếp hạng", "description": "Điểm, xếp loại, thứ hạng, diễn biến, cảnh báo sớm."},
    {"name": "Giải thích", "description": "Các bản ghi làm nên tử số và mẫu số của từng chỉ tiêu."},
    {"name": "Báo cáo", "description": "Tải báo cáo kết quả."},
    {"name": "Cập nhật trực tiếp", "description": "Luồng sự kiện cho trang đang mở."},
    {"name": "Kiểm toán và kỳ đã công bố", "description": "Nhật ký thay đổi; kết quả đã chốt của các kỳ."},
]


def _package_dir(name: str) -> str:
    return str(resources.files("chiso.web") / name)


def _install_api_docs(app: FastAPI) -> None:
    """The interactive API documentation at /api/docs, with Swagger UI's files shipped in a Python package."""
    import swagger_ui_bundle
    from fastapi.openapi.docs import get_swagger_ui_html

    app.mount("/api/docs-assets", StaticFiles(directory=swagger_ui_bundle.swagger_ui_path), name="api-docs-assets")

    @app.get("/api/docs", include_in_schema=False)
    def api_docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json",
            title="chiso — API",
            swagger_js_url="/api/docs-assets/swagger-ui-bundle.js",
            swagger_css_url="/api/docs-assets/swagger-ui.css",
            swagger_favicon_url="/api/docs-assets/favicon-32x32.png",
        )


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def create_app(settings: Settings | None = None, *, store: Store | None = None) -> FastAPI:
    """The app. With ``store`` given (tests, benchmarks) it is used as is and not closed by the app."""
    settings = settings or Settings()
    own_store = store is None
    the_store = store if store is not None else Store.open(settings.db)
    gate = StoreGate(the_store, Broker(), group_commit=settings.group_commit)
    views = Views(settings.methodology, clock=settings.clock)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        import asyncio

        gate.broker.bind(asyncio.get_running_loop())
        gate.start()
        try:
            yield
        finally:
            gate.stop()
            if own_store:
                the_store.close()

    app = FastAPI(
        title="chiso — Bộ chỉ số 766",
        version=__version__,
        description=DESCRIPTION,
        openapi_tags=TAGS,
        lifespan=lifespan,
        docs_url=None,  # served below from packaged assets: FastAPI's default page loads Swagger UI from a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.gate = gate
    app.state.views = views

    from chiso.web.routes import admin, audit, explain, ingest, live, pages, plan, reconcile, reports, scores, trends

    for module in (ingest, scores, explain, trends, reports, live, audit, admin, reconcile, plan, pages):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=_package_dir("static")), name="static")
    _install_api_docs(app)
    _install_error_handlers(app)
    install_security(app, settings.rate_limit, settings.rate_burst)
    return app


def _error(request: Request, status: int, detail: str, errors: list[dict[str, Any]] | None = None) -> Response:
    if _wants_json(request):
        return JSONResponse({"detail": detail, "errors": errors or []}, status_code=status)
    from chiso.web.routes.pages import render_error

    return render_error(request, status, detail)


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(IntakeRejected)
    async def intake_rejected(request: Request, exc: IntakeRejected) -> Response:
        return JSONResponse(exc.to_json(), status_code=exc.status)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return _error(request, 404, str(exc))

    @app.exception_handler(UnknownUnitError)
    async def unknown_unit(request: Request, exc: UnknownUnitError) -> Response:
        return _error(request, 404, str(exc))

    @app.exception_handler(BadRequest)
    async def bad_request(request: Request, exc: BadRequest) -> Response:
        return _error(request, 400, str(exc))

    @app.exception_handler(ChisoError)
    async def chiso_error(request: Request, exc: ChisoError) -> Response:
        return _error(request, 400, str(exc))

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else "Yêu cầu không hợp lệ."
        if exc.status_code == 404 and detail == "Not Found":
            detail = "Không tìm thấy trang hoặc địa chỉ API này."
        elif exc.status_code == 405:
            detail = "Phương thức HTTP không được hỗ trợ cho địa chỉ này."
        response = _error(request, exc.status_code, detail)
        for k, v in (exc.headers or {}).items():
            response.headers[k] = v
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        errors = [
            {
                "loc": list(e.get("loc", ())),
                "field": str(e["loc"][-1]) if e.get("loc") else None,
                "code": "INVALID_VALUE",
                "msg": f"Giá trị không hợp lệ ({e.get('msg', '')})",
                "value": None if e.get("input") is None else str(e.get("input"))[:200],
            }
            for e in exc.errors()
        ]
        return _error(request, 422, "Tham số của yêu cầu không hợp lệ.", errors)


def html(content: str, status: int = 200) -> HTMLResponse:
    """An HTML response."""
    return HTMLResponse(content, status_code=status)
