"""Reference data: official units (provinces, communes from ``vietnam_provinces``; departments) and the national
list of TTHC names, fields, fees and time limits from which generated catalogues are drawn."""

from chiso.reference.departments import DEPARTMENTS, Department, departments_of, handling_department
from chiso.reference.procedures import ProcedureTemplate, fields, procedure_templates
from chiso.reference.units import (
    ProvinceInfo,
    UnknownProvinceError,
    communes_of,
    country_units,
    province_units,
    provinces,
    resolve_province,
)

__all__ = [
    "DEPARTMENTS",
    "Department",
    "ProcedureTemplate",
    "ProvinceInfo",
    "UnknownProvinceError",
    "communes_of",
    "country_units",
    "departments_of",
    "fields",
    "handling_department",
    "procedure_templates",
    "province_units",
    "provinces",
    "resolve_province",
]
