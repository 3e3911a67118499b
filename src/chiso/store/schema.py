"""The store's tables, as versioned migrations.

Every table the indicators of spec §2 count lives here. Columns use portable types only (VARCHAR, BOOLEAN,
INTEGER, BIGINT, DOUBLE, DATE, TIMESTAMPTZ) so the same schema serves DuckDB now and PostgreSQL later.

Conventions:
- Instants are TIMESTAMPTZ. Period membership uses the *local* (Asia/Ho_Chi_Minh) calendar day, which the writer
  derives once (``*_day`` columns) so that no backend has to agree on session time zones.
- Natural keys are the one-stop system's own codes, so re-importing the same records changes nothing.
- The facts of a dossier that do not depend on the evaluation instant (effective due date, terminal state,
  supplement times) are columns of ``dossiers``, derived from dossiers + events + catalogue + calendar on every
  write; the view ``dossier_facts`` shows them alone.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Migration:
    """One schema step; ``statements`` run in order inside one transaction."""

    version: int
    description: str
    statements: tuple[str, ...]
    # Statements only one backend needs, by backend name, in that backend's own SQL (not translated): PostgreSQL's
    # indexes for the engine's scans and its trigger that keeps the audit log append-only.
    only: tuple[tuple[str, str], ...] = ()

    def native_for(self, backend: str) -> tuple[str, ...]:
        """The backend-only statements to run on ``backend`` ("duckdb" or "postgres")."""
        return tuple(sql for b, sql in self.only if b == backend)


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "initial schema: units, procedures, dossiers, events, payments, petitions, calendar, facts",
        (
            """
            CREATE TABLE units (
                code VARCHAR PRIMARY KEY,
                name VARCHAR NOT NULL,
                level VARCHAR NOT NULL,            -- ministry | province | department | district | commune
                parent_code VARCHAR,               -- NULL for a root (province, ministry)
                division_type VARCHAR,             -- display type: tỉnh, thành phố, xã, phường, đặc khu, sở …
                e_certified_copy BOOLEAN NOT NULL DEFAULT FALSE,  -- provides chứng thực bản sao điện tử
                active BOOLEAN NOT NULL DEFAULT TRUE,
                root_code VARCHAR,                 -- derived: the province/ministry at the top of the tree
                depth INTEGER                      -- derived: 0 for a root
            )
            """,
            """
            CREATE TABLE unit_closure (
                ancestor_code VARCHAR NOT NULL,
                unit_code VARCHAR NOT NULL,
                distance INTEGER NOT NULL,         -- 0 = the unit itself
                PRIMARY KEY (ancestor_code, unit_code)
            )
            """,
            """
            CREATE TABLE procedures (
                authority_code VARCHAR NOT NULL,   -- province or ministry whose published catalogue this is
                code VARCHAR NOT NULL,             -- national TTHC code, e.g. 1.001234
                name VARCHAR NOT NULL,
                level VARCHAR NOT NULL,            -- central | province | district | commune (cấp thực hiện)
                field VARCHAR,                     -- lĩnh vực
                agency_code VARCHAR,               -- handling unit (a department); NULL = every unit of its level
                online_level VARCHAR NOT NULL,     -- none | partial | full (DVCTT một phần / toàn trình)
                fee_bearing BOOLEAN NOT NULL DEFAULT FALSE,
                fee_integrated BOOLEAN NOT NULL DEFAULT FALSE,  -- fee data integrated for online payment
                issues_result BOOLEAN NOT NULL DEFAULT TRUE,    -- issues a result document
                applicant_type VARCHAR NOT NULL DEFAULT 'citizen',  -- citizen | business | both
                decision_number VARCHAR,           -- QĐ công bố
                decision_date DATE,
                legal_effective_date DATE,         -- effective date of the legal basis
                public_date DATE,                  -- made public in the national TTHC database
                content_complete BOOLEAN NOT NULL DEFAULT TRUE,
                time_limit DOUBLE,                 -- legal processing time limit
                time_limit_unit VARCHAR,           -- working_day | day | hour
                source_updated_at TIMESTAMPTZ,
                PRIMARY KEY (authority_code, code)
            )
            """,
            """
            CREATE TABLE dossiers (
                code VARCHAR PRIMARY KEY,
                unit_code VARCHAR NOT NULL,
                procedure_code VARCHAR NOT NULL,
                channel VARCHAR NOT NULL,          -- online | in_person | postal
                received_at TIMESTAMPTZ NOT NULL,
                received_day DATE NOT NULL,        -- derived: local day of received_at
                due_at TIMESTAMPTZ,                -- ngày hẹn trả set by the one-stop system
                due_day DATE,                      -- derived: local day of due_at
                synced BOOLEAN NOT NULL DEFAULT FALSE,   -- synced to Cổng DVCQG
                synced_at TIMESTAMPTZ,
                fee_required BOOLEAN NOT NULL DEFAULT FALSE,  -- has a fee obligation
                digitised BOOLEAN NOT NULL DEFAULT FALSE,     -- components digitised
                e_result BOOLEAN NOT NULL DEFAULT FALSE,      -- electronic result issued and synced
                reused_data BOOLEAN NOT NULL DEFAULT FALSE,   -- ≥ 1 component reused from digitised data
                personal_storage BOOLEAN NOT NULL DEFAULT FALSE,  -- uses/feeds the citizen's data store
                citizen_data BOOLEAN NOT NULL DEFAULT FALSE,  -- used VNeID / population database
                rating VARCHAR,                    -- satisfied | neutral | unsatisfied (đánh giá)
                complaint BOOLEAN NOT NULL DEFAULT FALSE,
                source_updated_at TIMESTAMPTZ NOT NULL,       -- version at the source; newer replaces older
                written_at TIMESTAMPTZ NOT NULL,
                -- Facts derived on write (chiso.store.facts): independent of the evaluation instant, kept on the
                -- dossier row itself so that scoring ten million dossiers needs no join.
                authority_code VARCHAR,            -- the root unit whose catalogue the TTHC belongs to
                effective_due_at TIMESTAMPTZ,      -- due_at, or reception + legal time limit in working days
                effective_due_day DATE,
                due_from_legal_limit BOOLEAN NOT NULL DEFAULT FALSE,
                terminal_state VARCHAR,            -- finished | result_returned | refused | withdrawn | NULL
                terminal_at TIMESTAMPTZ,
                terminal_day DATE,
                supplement1_at TIMESTAMPTZ,        -- first request for more documents
                supplement1_done_at TIMESTAMPTZ,   -- its completion by the applicant
                supplement2_at TIMESTAMPTZ,        -- a second request (makes the dossier overdue)
                applicant_seconds BIGINT NOT NULL DEFAULT 0,  -- time waiting for the applicant, all requests
                paid_online BOOLEAN NOT NULL DEFAULT FALSE,   -- ≥ 1 online payment (portal or provincial gateway)
                payment_synced BOOLEAN NOT NULL DEFAULT FALSE, -- ≥ 1 payment reported to the portal
                -- The same instants as Unix seconds: the engine judges timeliness with integer arithmetic, which is
                -- an order of magnitude cheaper than time-zone-aware timestamp arithmetic on ten million rows.
                due_s BIGINT,
                terminal_s BIGINT,
                supplement1_s BIGINT,
                supplement1_done_s BIGINT,
                supplement2_s BIGINT
            )
            """,
            """
            CREATE TABLE dossier_events (
                event_id VARCHAR PRIMARY KEY,
                dossier_code VARCHAR NOT NULL,
                event_type VARCHAR NOT NULL,       -- see chiso.store.vocab.EVENT_TYPES
                occurred_at TIMESTAMPTZ NOT NULL,
                occurred_day DATE NOT NULL,        -- derived: local day of occurred_at
                actor VARCHAR,
                note VARCHAR,
                written_at TIMESTAMPTZ NOT NULL
            )
            """,
            "CREATE INDEX dossier_events_dossier ON dossier_events (dossier_code)",
            """
            CREATE TABLE payments (
                payment_id VARCHAR PRIMARY KEY,
                dossier_code VARCHAR NOT NULL,
                amount BIGINT NOT NULL,            -- VND
                method VARCHAR NOT NULL,           -- online | cash | transfer
                gateway VARCHAR,                   -- dvcqg | provincial | other (online payments)
                paid_at TIMESTAMPTZ NOT NULL,
                synced BOOLEAN NOT NULL DEFAULT FALSE,  -- payment reported to the portal
                written_at TIMESTAMPTZ NOT NULL
            )
            """,
            "CREATE INDEX payments_dossier ON payments (dossier_code)",
            """
            CREATE TABLE petitions (
                code VARCHAR PRIMARY KEY,
                unit_code VARCHAR NOT NULL,
                received_at TIMESTAMPTZ NOT NULL,
                received_day DATE NOT NULL,        -- derived: local day of received_at
                repeat_of VARCHAR,                 -- earlier petition on the same matter (repeated complaint)
                due_at TIMESTAMPTZ,                -- handling deadline; NULL → methodology's PAKN time limit
                refused_at TIMESTAMPTZ,
                info_requested_at TIMESTAMPTZ,
                handled_at TIMESTAMPTZ,
                published_at TIMESTAMPTZ,
                likes INTEGER NOT NULL DEFAULT 0,
                dislikes INTEGER NOT NULL DEFAULT 0,
                source_updated_at TIMESTAMPTZ NOT NULL,
                written_at TIMESTAMPTZ NOT NULL
            )
            """,
            """
            CREATE TABLE work_calendar (
                day DATE PRIMARY KEY,
                is_working BOOLEAN NOT NULL,       -- Mon–Fri minus holidays, plus make-up Saturdays
                wd_ordinal INTEGER NOT NULL,       -- working days up to and including ``day``
                day_ordinal INTEGER NOT NULL,      -- calendar days since the calendar's first day
                day_end TIMESTAMPTZ NOT NULL       -- 00:00 local of the next day: the end of ``day``
            )
            """,
            """
            CREATE VIEW dossier_facts AS
            SELECT code AS dossier_code, authority_code, effective_due_at, effective_due_day, due_from_legal_limit,
                   terminal_state, terminal_at, terminal_day, supplement1_at, supplement1_done_at, supplement2_at,
                   applicant_seconds, paid_online, payment_synced
            FROM dossiers
            """,
            """
            CREATE TABLE import_log (
                import_id VARCHAR PRIMARY KEY,
                entity VARCHAR NOT NULL,
                source VARCHAR NOT NULL,
                rows_read BIGINT NOT NULL,
                rows_written BIGINT NOT NULL,
                rows_rejected BIGINT NOT NULL,
                started_at TIMESTAMPTZ NOT NULL,
                finished_at TIMESTAMPTZ NOT NULL
            )
            """,
        ),
    ),
    Migration(
        2,
        "api tokens of sending systems (hashed, scoped to a unit subtree, revocable)",
        (
            """
            CREATE TABLE api_tokens (
                token_id VARCHAR PRIMARY KEY,      -- public part of the token, shown by `chiso token list`
                unit_code VARCHAR NOT NULL,        -- the token may write records of this unit's subtree only
                label VARCHAR,                     -- which sending system holds it
                secret_hash VARCHAR NOT NULL,      -- sha256 of the whole token; the token itself is never stored
                created_at TIMESTAMPTZ NOT NULL,
                revoked_at TIMESTAMPTZ             -- NULL while the token is valid
            )
            """,
        ),
    ),
    Migration(
        3,
        "the portal's (Cổng DVCQG) view of a period: published results and dossier list, for reconciliation",
        (
            """
            CREATE TABLE portal_results (
                period VARCHAR NOT NULL,           -- period key (2026-10)
                unit_code VARCHAR NOT NULL,        -- the unit code as the portal publishes it
                unit_name VARCHAR,
                total DOUBLE,                      -- total as published (may not equal the sum of the groups)
                classification VARCHAR,            -- xếp loại as published
                rank INTEGER,
                peers INTEGER,
                source VARCHAR NOT NULL,           -- file imported
                imported_at TIMESTAMPTZ NOT NULL,
                PRIMARY KEY (period, unit_code)
            )
            """,
            """
            CREATE TABLE portal_result_items (
                period VARCHAR NOT NULL,
                unit_code VARCHAR NOT NULL,
                kind VARCHAR NOT NULL,             -- group | indicator
                code VARCHAR NOT NULL,             -- CKMB … or PROGRESS_ON_TIME …
                points DOUBLE,
                numerator DOUBLE,                  -- indicators only, when the portal shows them
                denominator DOUBLE,
                PRIMARY KEY (period, unit_code, kind, code)
            )
            """,
            """
            CREATE TABLE portal_dossiers (
                period VARCHAR NOT NULL,           -- the period whose list this row came in
                code VARCHAR NOT NULL,             -- dossier code (mã hồ sơ)
                unit_code VARCHAR,                 -- as the portal holds them
                procedure_code VARCHAR,
                status VARCHAR,                    -- in_process | waiting | finished | result_returned | refused …
                received_at TIMESTAMPTZ,
                due_at TIMESTAMPTZ,
                finished_at TIMESTAMPTZ,
                paid_online BOOLEAN,
                source VARCHAR NOT NULL,
                imported_at TIMESTAMPTZ NOT NULL,
                PRIMARY KEY (period, code)
            )
            """,
        ),
    ),
    Migration(
        4,
        "audit log (append-only) and published periods (frozen results with the hash of their inputs)",
        (
            """
            CREATE TABLE audit_log (
                entry_id VARCHAR PRIMARY KEY,      -- random id; entries are only ever inserted (chiso.audit)
                recorded_at TIMESTAMPTZ NOT NULL,
                actor VARCHAR NOT NULL,            -- token:<token id> | cli:<operating-system user>
                unit_code VARCHAR,                 -- the unit concerned (token's unit, record owner); NULL = all
                action VARCHAR NOT NULL,           -- ingest | import | token.create | token.revoke | publish …
                entity VARCHAR,                    -- table or record kind changed
                keys VARCHAR,                      -- JSON array of the natural keys changed (first 100)
                key_count BIGINT NOT NULL DEFAULT 0,
                request_id VARCHAR,                -- X-Request-ID of the HTTP request, when there was one
                summary VARCHAR NOT NULL           -- one line in Vietnamese; never a secret
            )
            """,
            "CREATE INDEX audit_log_recorded_at ON audit_log (recorded_at)",
            """
            CREATE TABLE publications (
                publication_id VARCHAR PRIMARY KEY,
                period VARCHAR NOT NULL,           -- period key (2026-10, 2026-Q3 …)
                period_start DATE NOT NULL,
                period_end DATE NOT NULL,
                as_of TIMESTAMPTZ NOT NULL,        -- evaluation instant the results were computed at
                methodology VARCHAR NOT NULL,      -- id as loaded (dvcqg-2026)
                methodology_version VARCHAR NOT NULL,
                methodology_sha256 VARCHAR NOT NULL,  -- of the methodology file's bytes
                input_hash VARCHAR NOT NULL,       -- sha256 over the per-table digests below
                input_digests VARCHAR NOT NULL,    -- JSON: input table → {rows, digest}
                units BIGINT NOT NULL,
                published_at TIMESTAMPTZ NOT NULL, -- the latest publication of a period is the one in force
                published_by VARCHAR NOT NULL
            )
            """,
            """
            CREATE TABLE published_scores (
                publication_id VARCHAR NOT NULL,
                unit_code VARCHAR NOT NULL,
                unit_name VARCHAR NOT NULL,
                level VARCHAR NOT NULL,
                parent_code VARCHAR,
                total DOUBLE NOT NULL,
                classification VARCHAR NOT NULL,
                classification_name VARCHAR NOT NULL,
                rank INTEGER,
                peers INTEGER,
                groups VARCHAR NOT NULL,           -- JSON: group code → points
                PRIMARY KEY (publication_id, unit_code)
            )
            """,
            """
            CREATE TABLE published_indicators (
                publication_id VARCHAR NOT NULL,
                unit_code VARCHAR NOT NULL,
                indicator VARCHAR NOT NULL,
                group_code VARCHAR NOT NULL,
                applies BOOLEAN NOT NULL,
                numerator DOUBLE,
                denominator DOUBLE,
                ratio DOUBLE,
                points DOUBLE,
                max_points DOUBLE NOT NULL,
                lost_points DOUBLE NOT NULL,
                PRIMARY KEY (publication_id, unit_code, indicator)
            )
            """,
        ),
    ),
    Migration(
        5,
        "PostgreSQL: indexes for the engine's period scans, and the audit log made append-only by a trigger",
        (),
        only=(
            # DuckDB scans columns with zone maps and needs none of these; PostgreSQL reads a period's rows by index.
            ("postgres", "CREATE INDEX dossiers_received ON dossiers (received_day, unit_code)"),
            ("postgres", "CREATE INDEX dossiers_unit ON dossiers (unit_code, received_day)"),
            ("postgres", "CREATE INDEX dossiers_terminal ON dossiers (terminal_day)"),
            ("postgres", "CREATE INDEX petitions_unit ON petitions (unit_code, received_day)"),
            ("postgres", "CREATE INDEX unit_closure_unit ON unit_closure (unit_code)"),
            (
                "postgres",
                """
                CREATE FUNCTION chiso_audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP;
                END
                $$
                """,
            ),
            (
                "postgres",
                "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
                "FOR EACH ROW EXECUTE FUNCTION chiso_audit_log_append_only()",
            ),
        ),
    ),
)

SCHEMA_VERSION = MIGRATIONS[-1].version
