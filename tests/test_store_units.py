"""The unit tree (spec §4): any depth, closure rebuilt on write, inconsistent trees refused with a clear message."""

from __future__ import annotations

import pyarrow as pa
import pytest

from chiso.store import Store, write_units
from chiso.store.units import UnitTreeError


def _units(codes: list[str], parents: list[str | None], levels: list[str]) -> pa.Table:
    return pa.table({"code": codes, "name": [f"Đơn vị {c}" for c in codes], "level": levels, "parent_code": parents})


def test_tree_of_any_depth_gets_roots_depths_and_closure() -> None:
    """§4: older data has districts — province → district → commune is three levels deep."""
    store = Store.open(":memory:")
    write_units(store, _units(["01", "001", "00001"], [None, "01", "001"], ["province", "district", "commune"]))
    rows = store.con.execute("SELECT code, root_code, depth FROM units ORDER BY depth").fetchall()
    assert rows == [("01", "01", 0), ("001", "01", 1), ("00001", "01", 2)]
    assert store.count("unit_closure") == 6


def test_a_cycle_is_refused_and_nothing_is_written() -> None:
    """A unit that is its own ancestor is refused with a Vietnamese message; the store keeps its previous tree."""
    store = Store.open(":memory:")
    write_units(store, _units(["01", "00001"], [None, "01"], ["province", "commune"]))
    with pytest.raises(UnitTreeError, match="vòng lặp"):
        write_units(store, _units(["A", "B"], ["B", "A"], ["district", "district"]))
    assert store.count("units") == 2
    assert store.count("unit_closure") == 3


def test_an_unknown_parent_is_refused() -> None:
    """Every parent must exist (in the store or the same write)."""
    store = Store.open(":memory:")
    with pytest.raises(UnitTreeError, match="không tồn tại"):
        write_units(store, _units(["00001"], ["99"], ["commune"]))
    assert store.count("units") == 0
