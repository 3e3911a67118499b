"""Read helpers for listings (not indicators): units and monthly dossier counts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from chiso.store.db import Store


def unit_listing(store: Store, *, under: str | None = None, level: str | None = None) -> list[dict[str, Any]]:
    """Units in tree order (parents before children), optionally below ``under`` and of one ``level``."""
    sql = """
        SELECT u.code, u.name, u.level, u.parent_code, u.depth
        FROM units u
        {join}
        WHERE (CAST(? AS VARCHAR) IS NULL OR u.level = ?)
        ORDER BY u.root_code, u.depth, u.level, u.code
    """
    params: list[Any] = []
    join = ""
    if under is not None:
        join = "JOIN unit_closure c ON c.unit_code = u.code AND c.ancestor_code = ?"
        params.append(under)
    params += [level, level]
    cur = store.con.execute(sql.format(join=join), params)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, r, strict=True)) for r in cur.fetchall()]


def monthly_stats(store: Store, *, under: str | None = None) -> tuple[list[str], list[dict[str, Any]]]:
    """Dossiers per unit and reception month: (months, rows with code, name, by_month, total)."""
    params: list[Any] = []
    join = ""
    if under is not None:
        join = "JOIN unit_closure c ON c.unit_code = d.unit_code AND c.ancestor_code = ?"
        params.append(under)
    cur = store.con.execute(
        f"""
        SELECT d.unit_code, u.name, strftime(d.received_day, '%Y-%m') AS month, count(*) AS n
        FROM dossiers d JOIN units u ON u.code = d.unit_code {join}
        GROUP BY 1, 2, 3 ORDER BY d.unit_code, month
        """,
        params,
    )
    months: set[str] = set()
    by_unit: dict[str, dict[str, Any]] = {}
    for code, name, month, n in cur.fetchall():
        months.add(month)
        row = by_unit.setdefault(code, {"code": code, "name": name, "by_month": {}, "total": 0})
        row["by_month"][month] = int(n)
        row["total"] += int(n)
    return sorted(months), list(by_unit.values())
