"""The generated reference pages of the documentation (docs/reference/). Handed the CLI
group and a compiled instrument; never imports the CLI or the API."""
