"""The unit tree: closure table, roots and depths, rebuilt after every unit write.

The tree has any depth (ministry/province → department/commune, or the older province → district → commune), so
subtree aggregation joins on ``unit_closure`` rather than assuming levels.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from chiso.errors import ChisoError

if TYPE_CHECKING:
    from chiso.store.db import Store


class UnitTreeError(ChisoError):
    """The unit tree is inconsistent (unknown parent or a cycle); message in Vietnamese."""


def rebuild_closure(store: Store) -> None:
    """Recompute ``unit_closure``, ``units.root_code`` and ``units.depth`` from ``parent_code``."""
    con = store.con
    orphans = con.execute(
        "SELECT u.code, u.parent_code FROM units u LEFT JOIN units p ON p.code = u.parent_code "
        "WHERE u.parent_code IS NOT NULL AND p.code IS NULL ORDER BY u.code LIMIT 5"
    ).fetchall()
    if orphans:
        listed = ", ".join(f"{c} (cấp trên {p})" for c, p in orphans)
        raise UnitTreeError(f"Đơn vị cấp trên không tồn tại: {listed}")
    # Walk the tree into a scratch table first: a cycle makes the walk revisit units (bounded at depth 32), which must
    # be reported as such rather than as a duplicate key of unit_closure.
    con.execute(
        """
        CREATE OR REPLACE TEMP TABLE _chiso_walk AS
        WITH RECURSIVE walk(ancestor_code, unit_code, distance) AS (
            SELECT code, code, 0 FROM units
            UNION ALL
            SELECT u.parent_code, w.unit_code, w.distance + 1
            FROM walk w JOIN units u ON u.code = w.ancestor_code
            WHERE u.parent_code IS NOT NULL AND w.distance < 32
        )
        SELECT ancestor_code, unit_code, distance FROM walk
        """
    )
    try:
        deep = con.execute(
            "SELECT unit_code FROM _chiso_walk WHERE distance >= 32 ORDER BY unit_code LIMIT 1"
        ).fetchone()
        if deep:
            raise UnitTreeError(f"Cây đơn vị có vòng lặp: đơn vị {deep[0]} nằm trong một vòng cấp trên – cấp dưới.")
        con.execute("DELETE FROM unit_closure")
        con.execute("INSERT INTO unit_closure SELECT ancestor_code, unit_code, distance FROM _chiso_walk")
    finally:
        con.execute("DROP TABLE IF EXISTS _chiso_walk")
    con.execute(
        """
        UPDATE units SET root_code = r.ancestor_code, depth = r.distance
        FROM (
            SELECT c.unit_code, c.ancestor_code, c.distance
            FROM unit_closure c JOIN units a ON a.code = c.ancestor_code
            WHERE a.parent_code IS NULL
        ) r
        WHERE units.code = r.unit_code
        """
    )
