"""``chiso import``: validated import of CSV, JSON and XLSX files (see docs/import-format.md)."""

from __future__ import annotations

import contextlib
import csv
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.progress import (
    BarColumn,
    DownloadColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)
from rich.table import Table

from chiso.cli.common import DbOption, console, err_console, open_store, user_errors
from chiso.ingest import ISSUE_TITLES, FileReport, Issue, import_paths, summary_vi
from chiso.ingest.issues import summarize
from chiso.safety import safe_cell
from chiso.timeutil import format_number_vi

# Files at least this big get a progress bar (smaller ones finish before a bar would be readable).
LARGE_FILE_BYTES = 1 << 20
LARGE_FILE_ROWS = 5_000
SHOWN_ISSUES = 50

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_REJECTED_ROWS = 2


def register(app: typer.Typer) -> None:
    """Add ``import``."""
    app.command("import")(import_command)


class _Bar:
    def __init__(self, progress: Progress | None, task: TaskID | None) -> None:
        self.progress = progress
        self.task = task

    def update(self, done: int) -> None:
        if self.progress is not None and self.task is not None:
            self.progress.update(self.task, completed=done)

    def status(self, text: str) -> None:
        if self.progress is not None and self.task is not None:
            task = self.progress.tasks[self.task]
            self.progress.update(self.task, description=f"{task.description} — {escape(text)}")


@contextlib.contextmanager
def rich_progress(description: str, total: int | None, unit: str) -> Iterator[_Bar]:
    """A Rich progress bar in bytes (CSV, JSON) or rows (XLSX) for large files; nothing for small ones."""
    large = total is not None and total >= (LARGE_FILE_BYTES if unit == "bytes" else LARGE_FILE_ROWS)
    if not large:
        yield _Bar(None, None)
        return
    amount = (DownloadColumn(), TransferSpeedColumn()) if unit == "bytes" else (MofNCompleteColumn(),)
    with Progress(
        TextColumn("[bold]{task.description}"),
        BarColumn(),
        *amount,
        TimeElapsedColumn(),
        TextColumn("còn"),
        TimeRemainingColumn(),
        console=err_console,
    ) as progress:
        task = progress.add_task(escape(description), total=total)
        yield _Bar(progress, task)
        progress.update(task, completed=total, description=escape(description))


def issues_table(issues: Sequence[Issue], limit: int = SHOWN_ISSUES) -> Table:
    """The problems as a Rich table (the first ``limit``), titled with the total count."""
    files = sorted({i.file for i in issues})
    title = f"Lỗi dữ liệu trong {', '.join(files)}: {format_number_vi(len(issues))}"
    if len(issues) > limit:
        title += f" (hiển thị {format_number_vi(limit)} lỗi đầu)"
    table = Table(title=title, title_justify="left", show_lines=False)
    several_files = len({i.file for i in issues}) > 1
    if several_files:
        table.add_column("Tệp", style="dim", overflow="fold")
    table.add_column("Dòng", no_wrap=True)
    table.add_column("Cột", style="cyan", no_wrap=True)
    table.add_column("Giá trị", style="yellow", overflow="fold", max_width=24)
    table.add_column(escape("Lý do [mã lỗi]"), overflow="fold", ratio=1)
    for issue in issues[:limit]:
        value = issue.value if issue.value is None or len(issue.value) <= 60 else issue.value[:60] + "…"
        cells = [
            issue.where() or "cả tệp",
            escape(issue.column or ""),
            escape(value or ""),
            f"{escape(issue.reason)} [dim]\\[{issue.code.value}][/]",
        ]
        table.add_row(*([escape(issue.file)] if several_files else []), *cells)
    return table


def write_issues(path: Path, issues: Sequence[Issue]) -> None:
    """Save every problem as CSV (UTF-8 with BOM): file, row, column, value, code, reason."""
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        out = csv.writer(f)
        out.writerow(["Tep", "Dong", "Cot", "GiaTri", "MaLoi", "LyDo"])
        for i in issues:
            row = [i.file, i.where(), i.column or "", i.value or "", i.code.value, i.reason]
            out.writerow([safe_cell(v) for v in row])  # values come from the user's file: no formula may run


def import_command(
    paths: Annotated[
        list[Path],
        typer.Argument(
            help="Các tệp CSV, JSON/JSON Lines hoặc XLSX cần nhập (mỗi tệp một loại dữ liệu).", show_default=False
        ),
    ],
    entity: Annotated[
        str | None,
        typer.Option(
            "--entity",
            "-e",
            help="Loại dữ liệu: units | procedures | dossiers | dossier_events | payments | petitions "
            "(mặc định: nhận ra từ tên cột).",
            show_default=False,
        ),
    ] = None,
    skip_invalid: Annotated[
        bool,
        typer.Option("--skip-invalid", help="Ghi các dòng hợp lệ, bỏ qua và lưu riêng các dòng lỗi."),
    ] = False,
    rejected_out: Annotated[
        Path | None,
        typer.Option(
            "--rejected-out",
            help="Tệp (hoặc thư mục) lưu các dòng bị loại; mặc định <tên tệp>.loai.csv cạnh tệp nhập.",
            show_default=False,
        ),
    ] = None,
    errors_out: Annotated[
        Path | None,
        typer.Option("--errors-out", help="Lưu toàn bộ danh sách lỗi vào tệp CSV này.", show_default=False),
    ] = None,
    db: DbOption = None,
) -> None:
    """Nhập dữ liệu từ tệp CSV, JSON hoặc XLSX, có kiểm tra từng dòng.

    Mỗi tệp được nhập trọn vẹn hoặc không ghi gì: có lỗi thì không ghi dòng nào (trừ khi dùng --skip-invalid).
    Nhiều tệp được nhập theo thứ tự phụ thuộc (đơn vị → TTHC → hồ sơ → sự kiện → thanh toán → PAKN) và dừng ở
    tệp lỗi đầu tiên. Mã thoát: 0 thành công; 1 có tệp không nhập được; 2 đã nhập nhưng có dòng bị loại.
    """
    with open_store(db) as store, user_errors():
        reports = import_paths(
            store,
            paths,
            entity=entity,
            skip_invalid=skip_invalid,
            rejected_out=rejected_out,
            progress=rich_progress,
        )
    raise typer.Exit(report_results(reports, errors_out))


def report_results(reports: Sequence[FileReport], errors_out: Path | None = None) -> int:
    """Print the per-file summary and the problems; return the exit status."""
    for report in reports:
        for warning in report.warnings:
            console.print(f"[yellow]Lưu ý ({escape(report.path.name)}):[/] {escape(warning)}")
    issues = [i for r in reports for i in r.issues]
    if issues:
        console.print(issues_table(issues))
        counts = ", ".join(f"{ISSUE_TITLES[c].lower()}: {format_number_vi(n)}" for c, n in summarize(issues).items())
        console.print(f"Tổng cộng {format_number_vi(len(issues))} lỗi ({counts}).")
        if errors_out is not None:
            write_issues(errors_out, issues)
            console.print(f"Danh sách đầy đủ các lỗi: [bold]{escape(str(errors_out))}[/]")
        elif len(issues) > SHOWN_ISSUES:
            console.print("[dim]Dùng --errors-out TỆP để lưu toàn bộ danh sách lỗi.[/]")
    for report in reports:
        style = "green" if report.imported and not report.issues else ("yellow" if report.imported else "red")
        console.print(f"[{style}]{escape(summary_vi(report))}[/]", highlight=False)
        if report.rejected_path is not None:
            console.print(
                f"  Các dòng bị loại (kèm cột LyDo) được lưu tại: [bold]{escape(str(report.rejected_path))}[/]"
            )
    if any(r.failed for r in reports):
        failed = [r for r in reports if r.failed]
        names = ", ".join(r.path.name for r in failed)
        err_console.print(
            f"[bold red]Lỗi:[/] không nhập được {escape(names)}: không ghi dữ liệu nào của tệp này. "
            "Hãy sửa các lỗi trên rồi nhập lại, hoặc dùng --skip-invalid để chỉ ghi các dòng hợp lệ."
        )
        return EXIT_FAILED
    if any(r.rows_rejected for r in reports):
        return EXIT_REJECTED_ROWS
    return EXIT_OK
