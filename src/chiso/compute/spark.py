"""The distributed engine: the indicator expressions of :mod:`chiso.compute.metrics` run on Apache Spark.

National recomputation (years of history, ~10 million dossiers a month, a methodology change) does not go through
the operational store: the store is exported as a Parquet snapshot (:mod:`chiso.compute.snapshot`), and Spark
reads it. Nothing is defined twice: the counting query is :func:`~chiso.compute.metrics.counts_expression` itself,
compiled by Ibis's PySpark backend with the window's values as literals instead of DuckDB's prepared parameters,
and the counts go through the same :func:`~chiso.compute.engine.batch_from_counts` and pure scoring as the
embedded engine. The test suite compares both engines unit by unit.

Spark runs in local mode by default (``local[2]``); ``$CHISO_SPARK_MASTER`` (or ``master=``) points it at a cluster,
and a caller that already has a session (``spark-submit``) passes it in. Spark needs Java ≥ 17.
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import re
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from chiso.compute.engine import UnitInfo, batch_from_counts, make_window, resolve_methodology
from chiso.compute.metrics import Params, Tables, Window, counts_expression
from chiso.compute.period import Period
from chiso.compute.snapshot import SNAPSHOT_TABLES, Manifest, read_manifest
from chiso.errors import ChisoError
from chiso.methodology import Methodology
from chiso.score import UnitScore, rank_peers
from chiso.score.batch import score_batch
from chiso.timeutil import ensure_aware

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

ENV_MASTER = "CHISO_SPARK_MASTER"
DEFAULT_MASTER = "local[2]"
MIN_JAVA = 17

# Settings for a local or small session. Instants are compared in UTC (Ibis writes tz-aware literals as UTC);
# 200 shuffle partitions (Spark's default) would be 200 tiny tasks per stage on two cores.
DEFAULT_CONFIG: dict[str, str] = {
    "spark.sql.session.timeZone": "UTC",
    "spark.sql.shuffle.partitions": "8",
    "spark.sql.adaptive.enabled": "true",
    "spark.ui.enabled": "false",
    "spark.ui.showConsoleProgress": "false",
    "spark.driver.memory": "2g",
}


class SparkUnavailableError(ChisoError):
    """Spark cannot run here: PySpark or Java is missing."""


def java_version() -> int | None:
    """The major version of the ``java`` Spark would start (``$JAVA_HOME`` first, then ``PATH``); ``None`` if none."""
    home = os.environ.get("JAVA_HOME")
    candidates = [str(Path(home) / "bin" / "java")] if home else []
    found = shutil.which("java")
    if found:
        candidates.append(found)
    for java in candidates:
        if not Path(java).is_file():
            continue
        try:
            out = subprocess.run([java, "-version"], capture_output=True, text=True, timeout=30, check=False)
        except (OSError, subprocess.SubprocessError):
            continue
        m = re.search(r'version "(\d+)(?:\.(\d+))?', out.stderr + out.stdout)
        if m:
            major = int(m[1])
            return int(m[2] or 0) if major == 1 else major  # "1.8.0" is Java 8
    return None


def check_spark() -> None:
    """Raise :class:`SparkUnavailableError` (in Vietnamese, with what to install) when Spark cannot run."""
    try:
        import pyspark  # noqa: F401
    except ImportError as exc:
        raise SparkUnavailableError(
            "Chưa cài PySpark: cài bằng pip install 'chiso[spark]' (hoặc make test, cài mọi thứ cần để kiểm thử)."
        ) from exc
    version = java_version()
    if version is None:
        raise SparkUnavailableError(
            f"Spark cần Java ≥ {MIN_JAVA} nhưng không tìm thấy lệnh java. "
            "Trên Debian/Ubuntu: apt-get install default-jre-headless (hoặc đặt JAVA_HOME)."
        )
    if version < MIN_JAVA:
        raise SparkUnavailableError(f"Spark cần Java ≥ {MIN_JAVA}; máy này có Java {version}.")


def spark_session(master: str | None = None, config: Mapping[str, str] | None = None) -> SparkSession:
    """A Spark session for chiso: ``master`` (default ``$CHISO_SPARK_MASTER`` or ``local[2]``), the default
    settings above overridden by ``config``. Reuses the process's active session when there is one."""
    check_spark()
    from pyspark.sql import SparkSession

    chosen = master or os.environ.get(ENV_MASTER) or DEFAULT_MASTER
    builder = SparkSession.builder.master(chosen).appName("chiso")
    settings = dict(DEFAULT_CONFIG)
    if chosen.startswith("local"):
        # Local mode talks only to itself: keep its driver on the loopback interface, not the machine's address.
        settings |= {"spark.driver.host": "127.0.0.1", "spark.driver.bindAddress": "127.0.0.1"}
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")  # read by the JVM's launcher, before any setting
    for key, value in {**settings, **(config or {})}.items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session


_names = itertools.count(1)


@dataclass(frozen=True)
class SparkSnapshot:
    """A Parquet snapshot bound to a Spark session: the Ibis backend and the engine's tables over its files."""

    manifest: Manifest
    session: SparkSession
    backend: Any
    tables: Tables

    def counts(self, window: Window, units: Sequence[str] | None = None) -> pa.Table:
        """Numerators/denominators of every counting key for ``units`` (all units when ``None``), each over its
        subtree: the same columns as :func:`chiso.compute.engine.compute_counts`."""
        self.manifest.check_range(window.start, window.end)
        t = self.tables
        targets = t.units.select("code")
        if units is not None:
            targets = targets.filter(targets.code.isin(list(units)))
        # Literals, not parameters: Spark plans each query anyway, and constants let it prune Parquet row groups.
        expr = counts_expression(t, Params.of(window), targets)
        return self._arrow(expr).sort_by("unit_code")

    def _arrow(self, expr: Any) -> pa.Table:
        # Spark's own Arrow collection: Ibis's to_pyarrow() goes through pandas, which costs a conversion per column.
        return self.session.sql(self.backend.compile(expr)).toArrow()

    def unit_info(self, codes: Sequence[str] | None = None) -> dict[str, UnitInfo]:
        """Names, levels and parents of ``codes`` (all units when ``None``)."""
        u = self.tables.units.select("code", "name", "level", "parent_code")
        if codes is not None:
            u = u.filter(u.code.isin(list(codes)))
        rows: list[dict[str, Any]] = self._arrow(u).to_pylist()
        return {r["code"]: UnitInfo(r["code"], r["name"], r["level"], r["parent_code"]) for r in rows}


def open_snapshot(directory: str | Path, session: SparkSession | None = None) -> SparkSnapshot:
    """Bind the snapshot in ``directory`` (see :func:`chiso.compute.snapshot.export_parquet`) to ``session``
    (default: :func:`spark_session`). Each call registers its own views, so snapshots never shadow each other."""
    manifest = read_manifest(directory)
    spark = session if session is not None else spark_session()
    # Ibis compiles tz-aware literals as UTC instants; the session must read them so.
    spark.conf.set("spark.sql.session.timeZone", "UTC")
    import ibis

    backend = ibis.pyspark.connect(spark)
    prefix = f"chiso_s{os.getpid()}_{next(_names)}_"
    views = {
        name: backend.read_parquet(str(manifest.path(name).resolve()), table_name=prefix + name)
        for name in SNAPSHOT_TABLES
    }
    return SparkSnapshot(manifest, spark, backend, Tables.from_backend(views.__getitem__))


@dataclass(frozen=True)
class SparkResult:
    """Scores computed by Spark, with the window they were judged in."""

    scores: list[UnitScore]
    counts: pa.Table  # what the scores were computed from: ``unit_code`` and ``<key>__num`` / ``<key>__den``
    window: Window
    methodology: Methodology
    manifest: Manifest


def score_snapshot(
    snapshot: SparkSnapshot,
    period: Period | str,
    *,
    as_of: dt.datetime | None = None,
    methodology: Methodology | str | None = None,
) -> SparkResult:
    """Score every unit of the snapshot for ``period``, ranked among its peers (spec §4), judged at ``as_of``.

    ``as_of`` defaults to the export instant: the snapshot knows nothing that happened later, so judging it at a
    later instant would count dossiers that have since finished as still in process."""
    m = resolve_methodology(methodology)
    instant = ensure_aware(as_of) if as_of is not None else snapshot.manifest.exported_at
    window = make_window(period, instant, m)
    counts = snapshot.counts(window)
    info = snapshot.unit_info()
    # Exactly the embedded engine's scoring (chiso.compute.engine.score_units_in_store) from here on.
    scores = rank_peers(score_batch(m, batch_from_counts(counts, info, m)))
    return SparkResult(scores, counts, window, m, snapshot.manifest)
