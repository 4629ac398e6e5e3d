"""Generated reference pages of the documentation (`docs/reference/`).

Every page is made from the code or the standard bank, so it cannot drift from them: the
YAML keys from the pydantic models, the expression language from the parser's tables, the
issue codes from the catalogue, the commands from the click group, one page per module from
the compiled standard bank. Output is deterministic; `tests/refdocs/test_docs.py` regenerates it and
compares it with the committed files.
"""

from __future__ import annotations

import inspect
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import click
from pydantic import BaseModel

from generator.bank import model
from generator.instrument.compile import Instrument
from generator.issues import catalogue_markdown
from generator.project import config, overlay
from generator.refdocs.expr import expressions_page
from generator.refdocs.keys import Link, model_section, value_types
from generator.refdocs.md import MARKER, code, page, prose, table
from generator.refdocs.modules import ModulePages

WIDTH = 88
"""Terminal width of the generated `--help` texts."""

BANK_MODELS: dict[type[BaseModel], str] = {
    model.BankFile: "any YAML file of the bank folder (`modules/*.yaml`); a file holds one "
                    "or more of these sections.",
    model.BankMeta: "`bank:` of `modules/bank.yaml`.",
    model.Language: "each entry of `languages:` (in `bank.yaml`, or in a project's "
                    "translation file).",
    model.DatedText: "a placeholder under `placeholders:` that names a date (`date_5y`).",
    model.CountryText: "the `country` placeholder under `placeholders:`.",
    model.ModuleMeta: "`module:` of a module file.",
    model.Question: "each entry of `questions:` in a module file, and of `questions:` inside "
                    "a `group` or `repeat`.",
    model.IndicatorLink: "each entry of a question's `indicators:`.",
    model.Choice: "each entry of a choice list under `choices:` (and of `extra:`).",
    model.GeneratedList: "a choice list under `choices:` written as `generate: …` instead "
                         "of a list.",
    model.Indicator: "each entry of `indicators:` in `modules/indicators.yaml`.",
}
OVERLAY_MODELS: dict[type[BaseModel], str] = {
    overlay.OverlayFile: "any YAML file of the project's `custom/` folder; applied in file-"
                         "name order.",
    overlay.Placement: "each entry of `add:`.",
    overlay.NewModule: "each entry of `modules:`.",
    overlay.TextOverride: "the value under each question name of `override:`.",
}
PAGES = {**dict.fromkeys(BANK_MODELS, "bank-keys.md"),
         **dict.fromkeys(OVERLAY_MODELS, "overlay-keys.md")}


def _linker(here: str) -> Link:
    def link(cls: type[BaseModel]) -> str | None:
        target = PAGES.get(cls)
        if target is None:
            return None
        return f"{'' if target == here else target}#{cls.__name__.lower()}"
    return link


def bank_keys_page() -> str:
    link = _linker("bank-keys.md")
    kinds = [["select_one LIST, select_multiple LIST", ", ".join(model.KINDS_WITH_LIST),
              "a choice from the list named `LIST` under `choices:`"],
             ["simple", ", ".join(model.SIMPLE_KINDS), "as in XLSForm; `calculate` with "
              "`derived: true` is a derived variable"],
             ["containers", ", ".join(model.CONTAINER_KINDS), "hold `questions:`; a `repeat` "
              "is asked `repeat_count` times"]]
    body = ["## Value types {#value-types}", "", *value_types(model.__name__), "",
            "## Question types {#question-types}", "",
            *table(["kind", "`type:` values", "meaning"], kinds), ""]
    for cls, where in BANK_MODELS.items():
        body += model_section(cls, where, link, "#value-types")
    intro = ["Every key the bank's YAML files accept, generated from the models in "
             "`generator/bank/model.py`. Unknown keys are errors (`SCH001`, with a did-you-mean); "
             "text fields are given per language (`label: {en: \"…\", fr: \"…\"}`)."]
    return page("Bank keys", intro, body)


def overlay_keys_page() -> str:
    link = _linker("overlay-keys.md")
    body: list[str] = []
    for cls, where in OVERLAY_MODELS.items():
        body += model_section(cls, where, link, "bank-keys.md#value-types")
    intro = ["Every key of a survey project's overlay files (`custom/*.yaml`), generated "
             "from `generator/project/overlay.py`. Questions, modules, languages and choices are "
             "written exactly as in the bank ([Bank keys](bank-keys.md)). See "
             "[Customising with overlays](../overlays.md) for examples."]
    return page("Overlay keys", intro, body)


@dataclass(frozen=True, slots=True)
class Sources:
    """What the reference is generated from, handed in by the CLI (refdocs never imports it)."""

    cli: click.Group
    instrument: Instrument
    formats: tuple[str, ...]


def _option_of(build: click.Command, key: str) -> str:
    """The `migmod build` option that overrides a configuration key, if any."""
    wanted = {f"--{key.replace('_', '-')}", f"--{key.replace('_', '-').rstrip('s')}"}
    for param in build.params:
        if isinstance(param, click.Option) and wanted & set(param.opts):
            return ", ".join(code(o) for o in param.opts)
    return "—"


def project_keys_page(src: Sources) -> str:
    with tempfile.TemporaryDirectory() as tmp:
        from generator.project.scaffold import init_project

        written, _ = init_project(Path(tmp), "KEN", "Kenya LFS 2027", ("en", "sw"))
        example = written[0].read_text(encoding="utf-8") if written else ""
    body = [*model_section(config.BuildConfig, f"`{config.CONFIG_NAME}` in the project folder "
                           "(or the file given to `--config`).", _linker("project-keys.md"),
                           "bank-keys.md#value-types",
                           lambda key: _option_of(src.cli.commands["build"], key), "option"),
            "## The file `migmod init` writes", "",
            "`migmod init ken --country KEN --title \"Kenya LFS 2027\" --languages en,sw`:", "",
            "```yaml", example.rstrip("\n"), "```"]
    intro = [f"The keys of a survey project's `{config.CONFIG_NAME}`, generated from "
             "`generator/project/config.py`. Every key is optional; the option of `migmod build` "
             "shown beside a key overrides it. Formats: "
             + ", ".join(code(f) for f in src.formats) + "."]
    return page("Project keys", intro, body)


def _commands(cmd: click.Command, ctx: click.Context) -> Iterator[tuple[str, click.Context]]:
    yield ctx.command_path, ctx
    if isinstance(cmd, click.Group):
        for name in cmd.list_commands(ctx):
            sub = cmd.get_command(ctx, name)
            if sub is not None and not sub.hidden:
                yield from _commands(sub, click.Context(sub, info_name=name, parent=ctx,
                                                        **sub.context_settings))


def cli_page(cli: click.Group) -> str:
    """Every command's `--help`, formatted in-process at a fixed width (no callbacks run)."""
    root = click.Context(cli, info_name="migmod", **{
        **cli.context_settings, "terminal_width": WIDTH, "max_content_width": WIDTH})
    found = list(_commands(cli, root))
    rows = [[f"[{code(path)}](#{path.replace(' ', '-')})",
             prose(inspect.cleandoc(ctx.command.help or "").split("\n\n")[0])]
            for path, ctx in found[1:]]
    body = [*table(["command", "what it does"], rows), ""]
    for path, ctx in found:
        body += [f"## {path} {{#{path.replace(' ', '-')}}}", "", "```text",
                 ctx.get_help().rstrip(), "```", ""]
    intro = ["Every command of `migmod` with its `--help`, generated from `generator/cli/`. "
             "Exit codes: 0 clean, 1 errors in the bank or the options, 2 usage errors."]
    return page("Command line", intro, body)


def reference_pages(src: Sources) -> dict[str, str]:
    """Relative path under docs/reference → page text."""
    inst = src.instrument
    pages = {"bank-keys.md": bank_keys_page(), "overlay-keys.md": overlay_keys_page(),
             "project-keys.md": project_keys_page(src), "expressions.md": expressions_page(inst),
             "issues.md": MARKER + "\n\n" + catalogue_markdown(), "cli.md": cli_page(src.cli)}
    pages.update(ModulePages(inst.bank, inst).pages())
    return pages


def write_reference(out_dir: Path, src: Sources) -> list[Path]:
    """Write the reference pages into `out_dir`; generated pages no longer made are removed.

    Only files that start with the generated-page marker are ever removed.
    """
    pages = reference_pages(src)
    written = []
    for rel, content in sorted(pages.items()):
        path = out_dir / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        data = content.encode("utf-8")
        if not path.is_file() or path.read_bytes() != data:
            path.write_bytes(data)
        written.append(path)
    for old in sorted(out_dir.rglob("*.md")):
        rel = old.relative_to(out_dir).as_posix()
        if rel not in pages and old.read_text(encoding="utf-8").startswith(MARKER):
            old.unlink()
    return written

