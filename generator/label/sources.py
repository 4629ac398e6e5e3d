"""The files of an export as their users download them, read into rows of text.

- a CSV (ODK Central, KoboToolbox): its encoding is sniffed (a byte-order mark, else UTF-8,
  else Windows-1252, Excel's default on Windows) and so is its delimiter (`,` `;` tab `|`,
  KoboToolbox's default being `;`);
- an ODK Central zip: `<form_id>.csv` and one `<form_id>-<repeat>.csv` per repeat;
- a KoboToolbox XLSX export: the first sheet holds the submissions, the other sheets are
  its repeats, named after them (Excel cuts sheet names at 31 characters).

Each source says what was detected (`Rows.how`), so the user sees how the file was read.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from generator.issues import Issue, Location, issue

DELIMITERS = ",;\t|"
SNIFF_BYTES = 64 * 1024
EXCEL_SHEET_NAME = 31
_NAMES = {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}


@dataclass(frozen=True)
class Source:
    """One table of an export: a CSV file, a member of a zip, or a sheet of a workbook."""

    path: Path
    member: str | None = None
    sheet: str | None = None

    @property
    def label(self) -> str:
        """Where issues point: the file, `export.zip/member.csv` or `export.xlsx[sheet]`."""
        if self.member is not None:
            return f"{self.path}/{self.member}"
        if self.sheet is not None:
            return f"{self.path}[{self.sheet}]"
        return str(self.path)

    @property
    def short(self) -> str:
        return Path(self.label).name if self.sheet is None else f"{self.path.name}[{self.sheet}]"


@dataclass
class Rows:
    header: list[str]
    rows: list[list[str]]
    lines: list[int]
    """Physical line (CSV) or row (sheet) of each row; the header is line 1."""
    how: str
    """What was detected: encoding and delimiter, or the sheet."""


@dataclass(frozen=True)
class Dialect:
    encoding: str
    delimiter: str

    def describe(self) -> str:
        return f"{self.encoding}, {_NAMES.get(self.delimiter, repr(self.delimiter))}-separated"


def sniff(head: bytes) -> tuple[str, bool]:
    """(Python codec, whether it is UTF-8 or UTF-16) of the first bytes of a text file."""
    if head.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig", True
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16", True
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start < len(head) - 3:  # not merely a character cut by the sample's end
            return "cp1252", False
    return "utf-8", True


def delimiter(sample: str) -> str:
    """The delimiter of a CSV sample: csv.Sniffer, else the most frequent in the header."""
    lines = sample.splitlines()
    try:
        found = csv.Sniffer().sniff("\n".join(lines[:50]), delimiters=DELIMITERS).delimiter
    except csv.Error:
        found = ""
    header = lines[0] if lines else ""
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    if found not in counts or counts[found] < counts[best]:
        return best if counts[best] else ","
    return found


def dialect(head: bytes) -> Dialect:
    encoding, _ = sniff(head)
    text = head.decode(encoding, errors="ignore")
    return Dialect(encoding, delimiter(text))


def read_rows(source: Source, issues: list[Issue]) -> Rows | None:
    """The source's header and rows; a problem is an LBL001 issue and None."""
    try:
        if source.sheet is not None:
            return _sheet_rows(source)
        if source.member is not None:
            with zipfile.ZipFile(source.path) as zf:
                raw = zf.read(source.member)
        else:
            raw = source.path.read_bytes()
        return _csv_rows(source, raw, issues)
    except (OSError, UnicodeDecodeError, csv.Error, zipfile.BadZipFile, KeyError,
            ValueError) as exc:
        issues.append(issue("LBL001", f"cannot read {source.short}: {exc}",
                            Location(source.label)))
        return None


def _csv_rows(source: Source, raw: bytes, issues: list[Issue]) -> Rows:
    found = dialect(raw[:SNIFF_BYTES])
    try:
        text = raw.decode(found.encoding)
    except UnicodeDecodeError:
        found = Dialect("cp1252", found.delimiter)
        text = raw.decode("cp1252", errors="replace")
    if found.encoding == "cp1252":
        issues.append(issue("LBL012", f"{source.short} is not UTF-8; read as Windows-1252",
                            Location(source.label)))
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=found.delimiter)
    header = next(reader, None) or []
    rows, lines = [], []
    for row in reader:
        if row:
            rows.append(row)
            lines.append(reader.line_num)
    return Rows(header, rows, lines, found.describe())


def _sheet_rows(source: Source) -> Rows:
    from openpyxl import load_workbook

    wb = load_workbook(source.path, read_only=True, data_only=True)
    try:
        ws = wb[source.sheet or ""]
        it = ws.iter_rows(values_only=True)
        header = [_cell(c) for c in next(it, ())]
        rows, lines = [], []
        for n, values in enumerate(it, 2):
            row = [_cell(c) for c in values]
            if any(row):
                rows.append(row)
                lines.append(n)
    finally:
        wb.close()
    while header and not header[-1]:
        header.pop()
    return Rows(header, rows, lines, f"sheet '{source.sheet}'")


def _cell(value: object) -> str:
    """A spreadsheet cell as the CSV export writes it: 3 not 3.0, dates in ISO 8601."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


# --- the tables of an export ---------------------------------------------------------------

def export_sources(export: Path, repeats: list[tuple[str, str]], issues: list[Issue]
                   ) -> tuple[Source | None, dict[str, Source]]:
    """The main table and the tables of the repeats (`(name, path)` of the codebook) found
    in a zip, a workbook, or next to a CSV."""
    suffix = export.suffix.lower()
    try:
        if suffix == ".zip":
            return _zip_sources(export, repeats, issues)
        if suffix in (".xlsx", ".xlsm"):
            return _workbook_sources(export, repeats, issues)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        issues.append(issue("LBL001", f"cannot read {export.name}: {exc}",
                            Location(str(export))))
        return None, {}
    found = {}
    ext = ".parquet" if suffix == ".parquet" else ".csv"
    for name, path in repeats:
        for candidate in (f"{export.stem}-{name}{ext}", f"{export.stem}-{path}{ext}"):
            if export.with_name(candidate).exists():
                found[name] = Source(export.with_name(candidate))
                break
    return Source(export), found


def _zip_sources(export: Path, repeats: list[tuple[str, str]], issues: list[Issue]
                 ) -> tuple[Source | None, dict[str, Source]]:
    with zipfile.ZipFile(export) as zf:
        members = [m for m in zf.namelist() if m.lower().endswith(".csv")
                   and not m.endswith("/") and "/media/" not in f"/{m}"]
    if not members:
        issues.append(issue("LBL001", f"{export.name} holds no CSV file", Location(str(export)),
                            hint="give the zip that ODK Central's 'Download all' makes"))
        return None, {}
    by_stem = {Path(m).stem: m for m in members}
    main = min(members, key=lambda m: (len(Path(m).stem), m))
    stem = Path(main).stem
    found = {}
    for name, path in repeats:
        for candidate in (f"{stem}-{name}", f"{stem}-{path}"):
            if candidate in by_stem:
                found[name] = Source(export, member=by_stem[candidate])
                break
    return Source(export, member=main), found


def _workbook_sources(export: Path, repeats: list[tuple[str, str]], issues: list[Issue]
                      ) -> tuple[Source | None, dict[str, Source]]:
    from openpyxl import load_workbook

    wb = load_workbook(export, read_only=True)
    try:
        sheets = list(wb.sheetnames)
    finally:
        wb.close()
    if not sheets:
        issues.append(issue("LBL001", f"{export.name} has no sheet", Location(str(export))))
        return None, {}
    found = {}
    for name, path in repeats:
        wanted = {name[:EXCEL_SHEET_NAME], path.split("/")[-1][:EXCEL_SHEET_NAME]}
        match = next((s for s in sheets[1:] if s in wanted), None)
        if match is not None:
            found[name] = Source(export, sheet=match)
    return Source(export, sheet=sheets[0]), found
