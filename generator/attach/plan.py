"""What attach adds, renames and maps: the record `--dry-run` prints."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class InputUse:
    """How one module input is provided in the host form."""

    input: str
    host: str | None
    """The host question used, or None when the module adds its own question."""
    how: str
    """`auto`, `--map`, or `added`."""
    row: int = 0
    """The host row of the question used."""
    reason: str = ""


@dataclass(slots=True)
class Plan:
    """Everything attach decided, for people to read and tests to check."""

    host: str
    roster: str = ""
    roster_rows: tuple[int, int] = (0, 0)
    insert_rows: dict[str, int] = field(default_factory=dict)
    """Part (`survey inputs`, `person`, `household`) → host row the new rows go before."""
    inputs: list[InputUse] = field(default_factory=list)
    renamed: dict[str, str] = field(default_factory=dict)
    """Module name → name used in the form, for names the host already uses."""
    blocks: list[tuple[str, str, str]] = field(default_factory=list)
    """(block id, group name in the form, part)."""
    languages: dict[str, str] = field(default_factory=dict)
    """Host language column (`''` for a bare `label`) → how it is filled."""
    lists_added: list[str] = field(default_factory=list)
    lists_shared: list[str] = field(default_factory=list)
    lists_renamed: dict[str, str] = field(default_factory=dict)
    new_columns: dict[str, list[str]] = field(default_factory=dict)
    """Sheet → columns added at the right of its header."""
    survey_rows: int = 0
    choice_rows: int = 0
    added_rows: list[int] = field(default_factory=list)
    """Row numbers of the new survey rows in the output."""
    version: tuple[str, str] = ("", "")
    fallback_texts: int = 0
    """Texts filled from the bank's default language for want of a translation."""
    replaced: tuple[int, int] = (0, 0)
    """Survey and choice rows of an earlier attach removed by `replace`."""
    notes: list[str] = field(default_factory=list)

    @property
    def mapping(self) -> dict[str, str]:
        """Module input → host question, for the inputs the host provides."""
        return {u.input: u.host for u in self.inputs if u.host}

    def to_text(self) -> str:
        """The plan as a few readable lines."""
        out = [f"host form: {self.host}"]
        if self.roster:
            first, last = self.roster_rows
            out.append(f"roster: {self.roster} (survey rows {first}-{last})")
        for part, row in self.insert_rows.items():
            out.append(f"  {part}: new rows go before host row {row}")
        out.append("inputs:")
        for u in self.inputs:
            if u.host:
                why = f"; {u.reason}" if u.reason else ""
                out.append(f"  {u.input:<16} <- {u.host} (row {u.row}, {u.how}{why})")
            else:
                out.append(f"  {u.input:<16} added by the module")
        out.append("blocks: " + ", ".join(f"{b}{'' if g == b else ' as ' + g} ({p})"
                                          for b, g, p in self.blocks))
        if self.renamed:
            out.append("renamed (the host uses these names): "
                       + ", ".join(f"{a} -> {b}" for a, b in self.renamed.items()))
        out.append("languages: " + ", ".join(f"{k or 'label'} <- {v}"
                                             for k, v in self.languages.items()))
        lists = [f"{len(self.lists_added)} added"]
        if self.lists_shared:
            lists.append(f"shared with the host: {', '.join(self.lists_shared)}")
        if self.lists_renamed:
            lists.append("renamed: " + ", ".join(f"{a} -> {b}"
                                                 for a, b in self.lists_renamed.items()))
        out.append(f"choice lists: {'; '.join(lists)}")
        for sheet, cols in self.new_columns.items():
            if cols:
                out.append(f"new columns in {sheet}: {', '.join(cols)}")
        out.append(f"adds {self.survey_rows} survey rows and {self.choice_rows} choice rows")
        if self.version[1]:
            out.append(f"version: {self.version[0] or '(none)'} -> {self.version[1]}")
        if self.fallback_texts:
            out.append(f"{self.fallback_texts} texts filled from the bank's default language "
                       "(translation missing in the bank)")
        out.extend(f"note: {n}" for n in self.notes)
        return "\n".join(out)
