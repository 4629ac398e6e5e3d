"""Writing labelled columns: Stata `.dta`, SPSS `.sav` and Parquet (labels in metadata).

Files are written in a scratch folder inside the output folder and moved into place only
when every file was written, so a failure leaves no partial output.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.issues import Issue, Location, issue
from generator.render.codebook.model import Codebook

STATA_LABEL = 80
SPSS_LABEL_BYTES = 255


@dataclass
class Column:
    name: str
    values: Any
    """A list or a pandas Series, one value per row."""
    label: str
    value_labels: dict[float, str] = field(default_factory=dict)
    missing: list[float] = field(default_factory=list)
    kind: str = "text"
    """`float`, `date` or `text`."""


def write(columns: dict[str, list[Column]], codebook: Codebook, out: Path, stem: str,
           formats: tuple[str, ...], lang: str, issues: list[Issue]) -> list[Path]:
    try:
        import pandas as pd  # type: ignore[import-untyped, unused-ignore]
        import pyreadstat  # type: ignore[import-untyped, unused-ignore]  # noqa: F401
    except ImportError as exc:
        issues.append(issue("LBL009", f"cannot write labelled data: {exc}", Location(str(out))))
        return []
    staged: list[tuple[Path, Path]] = []
    try:
        out.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(prefix=".migmod-label.", dir=out))
        for record, cols in columns.items():
            frame = pd.DataFrame({c.name: pd.Series(c.values, dtype="float64" if
                                                    c.kind == "float" else "object")
                                  for c in cols}, copy=False)
            for fmt in formats:
                target = work / f"{stem}.{record}.{fmt}"
                if fmt in ("dta", "sav"):
                    readstat(frame, cols, target, fmt)
                elif fmt == "parquet":
                    _parquet(frame, cols, target, codebook, record, lang)
                staged.append((target, out / target.name))
        for tmp, final in staged:
            os.replace(tmp, final)
        work.rmdir()
    except (OSError, ValueError, TypeError) as exc:
        issues.append(issue("LBL009", f"cannot write labelled data to {out}: {exc}",
                            Location(str(out))))
        return []
    except Exception as exc:  # pyreadstat raises its own error types
        issues.append(issue("LBL009", f"cannot write labelled data: {exc}", Location(str(out))))
        return []
    return [final for _, final in staged]


def readstat(frame: Any, cols: list[Column], target: Path, fmt: str) -> None:
    """Write a pandas frame of `cols` as Stata 15 `.dta` or SPSS `.sav` with its labels."""
    import pyreadstat

    if fmt == "dta":
        pyreadstat.write_dta(
            frame, str(target), version=15,
            column_labels={c.name: _cut(c.label, STATA_LABEL) for c in cols},
            variable_value_labels={c.name: {int(k): v for k, v in c.value_labels.items()
                                            if float(k).is_integer()}
                                   for c in cols if c.value_labels})
    else:
        pyreadstat.write_sav(
            frame, str(target),
            column_labels={c.name: _cut_bytes(c.label) for c in cols},
            variable_value_labels={c.name: c.value_labels for c in cols if c.value_labels},
            missing_ranges={c.name: list[Any](c.missing[:3]) for c in cols if c.missing})


def field_metadata(c: Column) -> dict[str, str]:
    """A Parquet field's metadata: its label and its value labels (JSON)."""
    meta = {"label": c.label}
    if c.value_labels:
        meta["value_labels"] = json.dumps({_code(k): v for k, v in c.value_labels.items()},
                                          ensure_ascii=False, sort_keys=True)
    return meta


def file_metadata(codebook: Codebook, record: str, lang: str) -> bytes:
    return json.dumps({"form_id": codebook.form_id, "version": codebook.version,
                       "record": record, "language": lang}, sort_keys=True).encode()


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _cut_bytes(text: str) -> str:
    raw = text.encode("utf-8")
    return text if len(raw) <= SPSS_LABEL_BYTES else raw[:SPSS_LABEL_BYTES].decode(
        "utf-8", "ignore")


def _parquet(frame: Any, cols: list[Column], target: Path, codebook: Codebook, record: str,
             lang: str) -> None:
    import pyarrow as pa  # type: ignore[import-untyped, unused-ignore]
    import pyarrow.parquet as pq  # type: ignore[import-untyped, unused-ignore]

    table = pa.Table.from_pandas(frame, preserve_index=False)
    fields = [f.with_metadata(field_metadata(c))
              for f, c in zip(table.schema, cols, strict=True)]
    schema = pa.schema(fields, metadata={**(table.schema.metadata or {}),
                                         b"migmod": file_metadata(codebook, record, lang)})
    pq.write_table(pa.Table.from_arrays(table.columns, schema=schema), str(target))


def _code(value: float) -> str:
    return str(int(value)) if value.is_integer() else str(value)


# --- names ---------------------------------------------------------------------------------

def short_names(headers: list[str], taken: set[str]) -> list[str]:
    """Stata/SPSS-ready names for columns kept as they are (host questions, metadata): the
    question's own name without its group prefix (`hh/head/hh_size` → `hh_size`), with as
    many groups in front as it takes to tell two columns of the same name apart."""
    paths = [[_safe(p) for p in _SEGMENTS.split(h.strip()) if p] or [_safe(h)]
             for h in headers]
    counts: dict[int, Counter[str]] = {}
    out = []
    for parts in paths:
        name = "_".join(parts)
        for size in range(1, len(parts) + 1):
            if size not in counts:
                counts[size] = Counter("_".join(p[-size:]) for p in paths)
            candidate = "_".join(parts[-size:])
            if candidate not in taken and counts[size][candidate] == 1:
                name = candidate
                break
        out.append(name)
    return out


def _safe(text: str) -> str:
    name = re.sub(r"[^A-Za-z0-9_]", "_", text)
    return name if re.match(r"[A-Za-z_]", name) else f"v_{name}"


_SEGMENTS = re.compile(r"[-/]")
SPSS_RESERVED = frozenset({"ALL", "AND", "BY", "EQ", "GE", "GT", "LE", "LT", "NE", "NOT", "OR",
                           "TO", "WITH"})


def unique(name: str, taken: set[str], limit: int = 32) -> str:
    """A name Stata and SPSS accept (a letter first, ≤ 32 characters), unique in `taken`."""
    if not name[:1].isalpha():
        name = "v" + name if name[:1] == "_" else "v_" + name
    if name.upper() in SPSS_RESERVED:
        name += "_"
    base = name[:limit]
    out, n = base, 1
    while out in taken:
        n += 1
        out = f"{base[:limit - len(str(n)) - 1]}_{n}"
    taken.add(out)
    return out
