"""What each mutating service call declares it changes (desktop.changes), which the GUI announces to its pages."""

from __future__ import annotations

import inspect

import pytest

from desktop.changes import NOTHING, Changes, changes_of, mutates

MUTATING_VERBS = ("add", "update", "create", "save", "finalize", "amend", "void", "delete", "remove", "record",
                  "set", "cancel", "rename", "reorder", "elect", "import", "attach", "trust", "export", "rotate",
                  "load", "install", "reset", "enrol", "review", "refresh", "clear")
# every service the GUI reaches (``meetings.attachments`` is the files of records; ``committee`` and ``oversight``
# serve a committee book)
SERVICES = ("meetings", "talks", "evaluations", "members", "dues", "organization", "recruitment", "rectifications",
            "assessment", "sync", "rules", "ledger", "reviews", "documents", "meetings.attachments", "committee",
            "oversight")
# methods named like a change that change nothing in the book: they write a file the user chose
WRITES_ONLY_A_FILE = {"members.export_xlsx", "documents.export", "committee.export_public_key",
                      "meetings.attachments.save_copy"}


def test_changes_value():
    c = Changes.of("meetings", "ledger")
    assert c.touches("ledger") and c.touches("dues", "meetings") and not c.touches("dues", "members")
    assert (c | Changes.of("dues")).kinds == {"meetings", "ledger", "dues"}
    assert c and not NOTHING and not NOTHING.touches("meetings")
    with pytest.raises(ValueError):
        Changes.of("meeting")  # a typo never silently refreshes nothing
    with pytest.raises(ValueError):
        mutates("everything")


@pytest.mark.parametrize("service, kind", [("meetings", "meetings"), ("talks", "talks"),
                                           ("evaluations", "evaluations")])
def test_chained_records_name_their_own_kind_and_the_ledger(ws, service, kind):
    svc = getattr(ws, service)
    for method in ("create", "save_draft"):
        c = changes_of(getattr(svc, method))
        assert c.touches(kind) and not c.touches("ledger"), method  # a draft is not in the chain
    for method in ("finalize", "amend", "void", "attach"):
        assert changes_of(getattr(svc, method)).kinds >= {kind, "ledger"}, method
    assert changes_of(svc.delete_draft).kinds >= {kind, "attachments"}
    for read in ("get", "list", "history", "input_of"):
        assert changes_of(getattr(svc, read)) == NOTHING, read
    others = {"meetings", "talks", "evaluations"} - {kind}
    assert not changes_of(svc.finalize).touches(*others)


def test_members_dues_and_organization(ws):
    assert changes_of(ws.members.add) == Changes.of("members")
    assert changes_of(ws.members.record_event) == Changes.of("members")
    assert changes_of(ws.dues.record_payment) == Changes.of("dues")
    assert changes_of(ws.dues.cancel_payment) == Changes.of("dues")
    assert changes_of(ws.organization.add_group) == Changes.of("organization")
    assert changes_of(ws.members.roster_on) == NOTHING and changes_of(ws.dues.arrears) == NOTHING
    assert changes_of(ws.meetings.finalize).touches("rectifications")  # an org-life meeting's 整改事项
    for method in ("add", "record_progress"):  # chained at once, so 报送's count of unreported records changes
        assert changes_of(getattr(ws.rectifications, method)) == Changes.of("rectifications", "ledger"), method


def _methods(ws, name: str):
    """(name, declares its changes) of each method of the service ``ws.<name>``; a committee book's services
    (which a branch book cannot open) are read from their classes."""
    if name in COMMITTEE_SERVICES:
        cls = COMMITTEE_SERVICES[name]()
        return [(attr, bool(getattr(fn, "__mutates__", None))) for attr, fn in inspect.getmembers(cls, inspect.isfunction)]
    svc = ws
    for part in name.split("."):
        svc = getattr(svc, part)
    return [(attr, bool(changes_of(fn))) for attr, fn in inspect.getmembers(svc, inspect.ismethod)]


def _committee_desk():
    from desktop.sync.committee import CommitteeDeskService

    return CommitteeDeskService


def _oversight():
    from desktop.committee.service import OversightService

    return OversightService


COMMITTEE_SERVICES = {"committee": _committee_desk, "oversight": _oversight}


def test_every_mutating_method_declares_its_changes(ws):
    """A new mutating method that forgets ``@mutates`` would leave the pages showing old data."""
    missing, checked = [], set()
    for name in SERVICES:
        for attr, declared in _methods(ws, name):
            if attr.startswith("_") or not attr.split("_")[0] in MUTATING_VERBS:
                continue
            checked.add(f"{name}.{attr}")
            if not declared and f"{name}.{attr}" not in WRITES_ONLY_A_FILE:
                missing.append(f"{name}.{attr}")
    assert missing == []
    # the check reaches the services of 报送, 考评 and the rules, not only the records
    assert {"sync.trust", "sync.export", "sync.import_receipt", "assessment.set_manual", "rules.load_file",
            "committee.import_bundles", "oversight.review", "meetings.attachments.remove"} <= checked
    assert WRITES_ONLY_A_FILE <= checked  # an exemption for a method that no longer exists is dropped


def test_sync_assessment_rules_and_committee_declare_their_kinds(ws):
    assert changes_of(ws.sync.import_receipt) == Changes.of("sync", "ledger")  # the 已报送 marks, the chain
    assert changes_of(ws.sync.trust) == Changes.of("sync", "ledger")
    assert changes_of(ws.sync.export).touches("sync")
    assert changes_of(ws.sync.bundles) == NOTHING and changes_of(ws.sync.ack_state) == NOTHING
    assert changes_of(ws.assessment.set_manual) == Changes.of("assessment")
    assert changes_of(ws.assessment.self_assessment) == NOTHING
    assert changes_of(ws.rules.load_file) == Changes.of("settings")  # the 考评细则 and the rules in force
    assert changes_of(_committee_desk().import_bundles) == Changes.of("sync")
    assert changes_of(_oversight().review) == Changes.of("reviews")
    from desktop.committee import guidance

    assert changes_of(guidance.import_file).touches("settings", "sync")
