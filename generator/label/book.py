"""The codebook a user hands to `migmod label --codebook`, read with located errors."""

from __future__ import annotations

import json
from pathlib import Path

from generator.issues import Issue, Location, issue
from generator.render.codebook import load_codebook
from generator.render.codebook.model import Codebook


def read_codebook(path: Path, issues: list[Issue]) -> Codebook | None:
    """The codebook in `path` (`<form_id>.codebook.json`), or None and an LBL010 issue."""
    where = str(path)
    try:
        data = path.read_bytes()
        return load_codebook(data)
    except OSError as exc:
        issues.append(issue("LBL010", f"cannot read {path.name}: {exc.strerror or exc}",
                            Location(where)))
    except UnicodeDecodeError:
        issues.append(issue("LBL010", f"{path.name} is not a JSON text file",
                            Location(where), hint="give the codebook's .json file, not the "
                            "form or another output"))
    except json.JSONDecodeError as exc:
        issues.append(issue("LBL010", f"{path.name} is not valid JSON: {exc.msg}",
                            Location(where, exc.lineno, exc.colno)))
    except KeyError as exc:
        issues.append(issue("LBL010", f"{path.name} is not a migmod codebook: no field "
                            f"{exc.args[0]!r}", Location(where, 1)))
    except (ValueError, TypeError, AttributeError, IndexError) as exc:
        issues.append(issue("LBL010", f"{path.name} is not a migmod codebook: {exc}",
                            Location(where, 1)))
    return None
