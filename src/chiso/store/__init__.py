"""The store: schema, migrations, writes (upserts by natural key) and derived facts."""

from chiso.store.db import Store, StoreError, resolve_db_path
from chiso.store.writer import WriteResult, write_records, write_units

__all__ = ["Store", "StoreError", "WriteResult", "resolve_db_path", "write_records", "write_units"]
