"""``chiso`` — the command-line entry point. Each command group lives in its own module and registers itself."""

from __future__ import annotations

import typer

from chiso.cli import (
    cmd_audit,
    cmd_backup,
    cmd_demo,
    cmd_engine,
    cmd_generate,
    cmd_import,
    cmd_methodology,
    cmd_parquet,
    cmd_plan,
    cmd_publish,
    cmd_reconcile,
    cmd_report,
    cmd_serve,
    cmd_store,
)

app = typer.Typer(
    name="chiso",
    help="chiso — tính, theo dõi, giải thích và báo cáo Bộ chỉ số 766 (Quyết định 766/QĐ-TTg).",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode="rich",
)

for module in (
    cmd_store,
    cmd_import,
    cmd_generate,
    cmd_methodology,
    cmd_engine,
    cmd_demo,
    cmd_serve,
    cmd_report,
    cmd_reconcile,
    cmd_plan,
    cmd_publish,
    cmd_backup,
    cmd_audit,
    cmd_parquet,
):
    module.register(app)


if __name__ == "__main__":  # pragma: no cover
    app()
