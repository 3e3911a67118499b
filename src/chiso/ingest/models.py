"""Pydantic row models, one per entity, built from :mod:`chiso.ingest.schema`.

A model takes one record as the file holds it (canonical field → text) and either accepts it or lists every
problem of the row at once (pydantic collects all field errors), each with its stable code. The importer runs
the vectorised twin of these checks on whole columns and asks the model about the rows it refused, so the row
model is the rule and the explanation, whatever the file's size.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, create_model, model_validator

from chiso.ingest.issues import IssueCode, ValueProblem
from chiso.ingest.schema import ENTITIES, ROW_RULES, EntitySpec, FieldSpec
from chiso.timeutil import VN_TZ


@dataclass(frozen=True)
class RowProblem:
    """One problem of a row: canonical field (``None`` for the whole row), stable code, Vietnamese reason."""

    field: str | None
    code: IssueCode
    reason: str


def local_text(value: dt.datetime) -> str:
    """An instant as Vietnamese users read it: ``15/01/2024 08:30``."""
    return value.astimezone(VN_TZ).strftime("%d/%m/%Y %H:%M")


def _cell_parser(spec: FieldSpec) -> Callable[[Any], Any]:
    def parse(raw: Any) -> Any:
        value = spec.type.parse(raw)
        if value is None and spec.required:
            raise ValueProblem(IssueCode.MISSING_VALUE, f"Thiếu giá trị bắt buộc ({spec.label})")
        return value

    return parse


def _row_rules(entity: str) -> Callable[[BaseModel], BaseModel]:
    rules = ROW_RULES.get(entity, ())

    def check(model: BaseModel) -> BaseModel:
        for rule in rules:
            later, earlier = getattr(model, rule.later), getattr(model, rule.earlier)
            if later is not None and earlier is not None and later < earlier:
                raise ValueProblem(
                    IssueCode.DUE_BEFORE_RECEIVED,
                    rule.reason.format(later=local_text(later), earlier=local_text(earlier)),
                    field=rule.later,
                )
        return model

    return check


@cache
def row_model(entity: str) -> type[BaseModel]:
    """The pydantic model of one ``entity`` row (cached)."""
    spec: EntitySpec = ENTITIES[entity]
    fields: dict[str, Any] = {
        f.name: (Annotated[Any, BeforeValidator(_cell_parser(f))], Field(default=None, validate_default=True))
        for f in spec.fields
    }
    validators: dict[str, Any] = {"_row_rules": model_validator(mode="after")(_row_rules(entity))}
    model: type[BaseModel] = create_model(
        f"{entity.title().replace('_', '')}Row",
        __config__=ConfigDict(extra="ignore", arbitrary_types_allowed=True),
        __validators__=validators,
        **fields,
    )
    return model


def check_row(entity: str, raw: Mapping[str, str | None]) -> list[RowProblem]:
    """Every problem of one row (canonical field → cell text); empty when the row is valid."""
    try:
        row_model(entity).model_validate(dict(raw))
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            cause = (err.get("ctx") or {}).get("error")
            loc = err.get("loc") or ()
            name = str(loc[0]) if loc else None
            if isinstance(cause, ValueProblem):
                problems.append(RowProblem(cause.field or name, cause.code, cause.reason))
            else:  # pragma: no cover - every cell goes through our parsers
                problems.append(RowProblem(name, IssueCode.INVALID_VALUE, str(err.get("msg"))))
        return problems
    return []
