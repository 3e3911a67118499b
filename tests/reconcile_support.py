"""A crafted pair of data sets for the reconciliation tests: the one-stop system's dossiers of October 2026 at
commune A (tests/builders.py), and the portal's view of the same month with one dossier per cause of difference.

| dossier   | one-stop system                          | portal                                   | cause              |
|-----------|------------------------------------------|------------------------------------------|--------------------|
| D-OK      | finished 03/10, synced                   | the same                                 | —                  |
| D-NOSYNC  | finished 03/10, not synced               | absent                                   | not_synced         |
| D-STATUS  | finished 08/10 (due 09/10)               | "Đang xử lý"                             | status_differs     |
| D-DATE    | finished 14/10                           | finished 20/10                           | date_differs       |
| D-PAY     | fee paid online                          | paid online: Không                       | payment_missing    |
| D-UNIT    | commune A                                | commune B's code                         | unit_mismatch      |
| D-TTHC    | TTHC 1.000001                            | TTHC 1.000003                            | procedure_mismatch |
| D-SEPT    | received 30/09 (September)               | in October's list, received 01/10        | other_period       |
| D-NOV     | received 31/10                           | in November's list only                  | other_period       |
| D-GHOST   | absent                                   | in October's list under commune A        | portal_only        |
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa

from chiso.store import write_records
from tests.builders import COMMUNE_A, COMMUNE_B, StoreBuilder, at

PERIOD = "2026-10"
AS_OF = at(2026, 11, 18, 10, 0)

# The seed report's published row: groups add up to 37.5, the stated total is 47.17.
RESULTS_CSV = (
    "MaDonVi;TenDonVi;CKMB;TDGQ;CLGQ;TTTT;MDHL;MDSH;TongDiem;XepLoai;XepHang\n"
    f"{COMMUNE_A};Xã An Bình;0,3;0;7,2;0;12;18;47,17;Yếu;2/2\n"
    f"{COMMUNE_B};Phường Hòa Lạc;6;20;6;0;12;10;54;Trung bình;1/2\n"
)

HEADER = "MaHoSo,MaDonVi,MaTTHC,TrangThai,NgayTiepNhan,NgayHenTra,NgayKetThuc,ThanhToanTrucTuyen\n"
OCTOBER_CSV = HEADER + (
    f"D-OK,{COMMUNE_A},1.000001,Đã xử lý xong,01/10/2026 09:00,05/10/2026 17:00,03/10/2026 10:00,Không\n"
    f"D-STATUS,{COMMUNE_A},1.000001,Đang xử lý,06/10/2026 09:00,09/10/2026 17:00,,Không\n"
    f"D-DATE,{COMMUNE_A},1.000001,Đã xử lý xong,12/10/2026 09:00,15/10/2026 17:00,20/10/2026 10:00,Không\n"
    f"D-PAY,{COMMUNE_A},1.000002,Đã xử lý xong,13/10/2026 09:00,16/10/2026 17:00,14/10/2026 10:00,Không\n"
    f"D-UNIT,{COMMUNE_B},1.000001,Đã xử lý xong,14/10/2026 09:00,19/10/2026 17:00,15/10/2026 10:00,Không\n"
    f"D-TTHC,{COMMUNE_A},1.000003,Đã xử lý xong,15/10/2026 09:00,20/10/2026 17:00,16/10/2026 10:00,Không\n"
    f"D-SEPT,{COMMUNE_A},1.000001,Đã xử lý xong,01/10/2026 07:30,05/10/2026 17:00,02/10/2026 10:00,Không\n"
    f"D-GHOST,{COMMUNE_A},1.000001,Đang xử lý,13/10/2026 09:00,16/10/2026 17:00,,\n"
)
NOVEMBER_CSV = HEADER + (
    f"D-NOV,{COMMUNE_A},1.000001,Đã xử lý xong,01/11/2026 08:00,05/11/2026 17:00,03/11/2026 10:00,Không\n"
)


def local_world() -> StoreBuilder:
    """The one-stop system's side (commune A, October 2026, plus D-SEPT and D-NOV just outside it)."""
    b = StoreBuilder.tiny()

    def done(
        code: str, received: tuple[int, int], due: tuple[int, int], finished: tuple[int, int], **kw: object
    ) -> None:
        b.dossier(
            at(2026, received[0], received[1], 9),
            due=at(2026, due[0], due[1], 17),
            events=[("finished", at(2026, finished[0], finished[1], 10))],
            code=code,
            **kw,
        )

    done("D-OK", (10, 1), (10, 5), (10, 3), synced=True)
    done("D-NOSYNC", (10, 2), (10, 5), (10, 3))
    done("D-STATUS", (10, 6), (10, 9), (10, 8), synced=True)
    done("D-DATE", (10, 12), (10, 15), (10, 14), synced=True)
    done("D-PAY", (10, 13), (10, 16), (10, 14), synced=True, fee_required=True, procedure="1.000002")
    done("D-UNIT", (10, 14), (10, 19), (10, 15), synced=True)
    done("D-TTHC", (10, 15), (10, 20), (10, 16), synced=True)
    done("D-SEPT", (9, 30), (10, 5), (10, 2), synced=True)
    done("D-NOV", (10, 31), (11, 5), (11, 3), synced=True)
    write_records(
        b.store,
        {
            "payments": pa.Table.from_pylist(
                [
                    {
                        "payment_id": "P-1",
                        "dossier_code": "D-PAY",
                        "amount": 10_000,
                        "method": "online",
                        "gateway": "dvcqg",
                        "paid_at": at(2026, 10, 13, 10),
                    }
                ]
            )
        },
    )
    return b


def write_portal_files(folder: Path) -> dict[str, Path]:
    """The portal's files: published results, October's and November's dossier lists."""
    files = {"results": "ket-qua.csv", "october": "ho-so-10.csv", "november": "ho-so-11.csv"}
    texts = {"results": RESULTS_CSV, "october": OCTOBER_CSV, "november": NOVEMBER_CSV}
    out = {}
    for key, name in files.items():
        path = folder / name
        path.write_text(texts[key], encoding="utf-8")
        out[key] = path
    return out


def full_world(folder: Path) -> StoreBuilder:
    """Both sides imported: the local store with the portal's October results and lists of October and November."""
    from chiso.reconcile import import_portal_file

    b = local_world()
    files = write_portal_files(folder)
    import_portal_file(b.store, files["results"], PERIOD)
    import_portal_file(b.store, files["october"], PERIOD)
    import_portal_file(b.store, files["november"], "2026-11")
    return b
