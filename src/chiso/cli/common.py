"""Options and helpers shared by every command."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from chiso.errors import ChisoError
from chiso.store import Store

console = Console()
err_console = Console(stderr=True)

DbOption = Annotated[
    str | None,
    typer.Option(
        "--db",
        envvar="CHISO_DB",
        help="Tệp cơ sở dữ liệu DuckDB hoặc địa chỉ PostgreSQL postgresql://… (mặc định ./chiso.duckdb; hoặc biến "
        "môi trường CHISO_DB).",
        show_default=False,
    ),
]


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print a Vietnamese error message and return the Exit to raise."""
    err_console.print(f"[bold red]Lỗi:[/] {escape(message)}")
    return typer.Exit(code)


@contextlib.contextmanager
def user_errors() -> Iterator[None]:
    """Turn :class:`ChisoError` into a clean message and a non-zero exit status."""
    try:
        yield
    except ChisoError as exc:
        raise fail(str(exc)) from exc


@contextlib.contextmanager
def open_store(db: str | None) -> Iterator[Store]:
    """Open the store for a command, reporting problems as user errors."""
    with user_errors():
        store = Store.open(db)
        try:
            yield store
        finally:
            store.close()
