"""Known gaps of the printed host forms, kept as strict xfails with their reasons."""

from __future__ import annotations

import pytest

SOFT_CHECKS = ("known gap: the module's soft checks (acknowledge questions that read other "
               "members) are left to the device, so the paper of an attached form neither "
               "prints nor asks them")
GAPS = {
    "test_real_hosts.py::test_every_label_is_in_every_booklet[reach+module]": SOFT_CHECKS,
    "test_real_hosts.py::test_every_label_is_in_every_booklet[isglobal+module]": SOFT_CHECKS,
    "test_real_hosts.py::test_the_literal_interviewer_agrees_on_500_paths[reach+module]":
        SOFT_CHECKS,
    "test_real_hosts.py::test_the_literal_interviewer_agrees_on_500_paths[isglobal+module]":
        SOFT_CHECKS,
    "test_real_pdf.py::test_the_pdf_of_an_attached_form_reads_back": SOFT_CHECKS,
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        reason = GAPS.get(item.nodeid.rsplit("/", 1)[-1])
        if reason:
            item.add_marker(pytest.mark.xfail(strict=True, reason=reason))
