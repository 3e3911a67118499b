"""PDF through LibreOffice headless (``soffice --headless --convert-to pdf``).

The .docx never depends on it: reports are written as .docx first and converted afterwards, many files per call
(LibreOffice's start-up dominates). Each call uses its own throw-away LibreOffice profile, so parallel conversions
(tests, batch jobs) do not trip over the profile lock of a running office.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from chiso.errors import ChisoError

INSTALL_HINT = (
    "Cài đặt trên Debian/Ubuntu: sudo apt-get install libreoffice-writer-nogui fonts-liberation2 "
    "(hoặc chạy make test / .ci/run, tự cài khi thiếu); hoặc dùng --format docx,md."
)
# Files per soffice call: bounded so a stuck file does not cost the whole batch and argv stays short.
CHUNK = 50


class PdfUnavailableError(ChisoError):
    """LibreOffice is not installed (or not on PATH)."""


class PdfConversionError(ChisoError):
    """LibreOffice ran but did not produce the PDF."""


def soffice_path() -> str | None:
    """The LibreOffice executable: $CHISO_SOFFICE, else ``soffice`` or ``libreoffice`` on PATH."""
    explicit = os.environ.get("CHISO_SOFFICE")
    if explicit:
        return explicit if Path(explicit).exists() or shutil.which(explicit) else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def require_soffice() -> str:
    """The LibreOffice executable, or a Vietnamese error that says how to install it."""
    found = soffice_path()
    if found is None:
        raise PdfUnavailableError(
            "Không tìm thấy LibreOffice (lệnh soffice) nên không tạo được tệp PDF; tệp .docx vẫn được ghi. "
            + INSTALL_HINT
        )
    return found


def convert_to_pdf(docx_files: Sequence[Path], out_dir: Path | None = None, *, timeout: float = 600) -> list[Path]:
    """Convert .docx files to PDF (next to each file, or into ``out_dir``); returns the PDF paths in order."""
    if not docx_files:
        return []
    soffice = require_soffice()
    results: list[Path] = []
    groups: dict[Path, list[Path]] = {}
    for f in docx_files:
        groups.setdefault(out_dir or Path(f).parent, []).append(Path(f))
    for target, files in groups.items():
        target.mkdir(parents=True, exist_ok=True)
        for i in range(0, len(files), CHUNK):
            _convert(soffice, files[i : i + CHUNK], target, timeout)
    for f in docx_files:
        pdf = (out_dir or Path(f).parent) / (Path(f).stem + ".pdf")
        if not pdf.exists():
            raise PdfConversionError(f"LibreOffice không tạo được tệp PDF cho '{f}'.")
        results.append(pdf)
    return results


def _convert(soffice: str, files: list[Path], target: Path, timeout: float) -> None:
    with tempfile.TemporaryDirectory(prefix="chiso-lo-") as profile:
        cmd = [
            soffice,
            f"-env:UserInstallation={Path(profile).resolve().as_uri()}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(target),
            *(str(f) for f in files),
        ]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired as exc:
            raise PdfConversionError(
                f"LibreOffice không chuyển xong sang PDF sau {int(timeout)} giây ({len(files)} tệp)."
            ) from exc
        except OSError as exc:
            raise PdfUnavailableError(f"Không chạy được LibreOffice ({soffice}): {exc}. {INSTALL_HINT}") from exc
        if proc.returncode != 0:
            tail = (proc.stderr or proc.stdout or "").strip().splitlines()[-3:]
            raise PdfConversionError(
                f"LibreOffice báo lỗi khi chuyển sang PDF (mã {proc.returncode}): {' '.join(tail) or 'không rõ'}."
            )
