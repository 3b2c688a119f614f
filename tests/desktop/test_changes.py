"""What each mutating service call declares it changes (desktop.changes), which the GUI announces to its pages."""

from __future__ import annotations

import inspect

import pytest

from desktop.changes import NOTHING, Changes, changes_of, mutates

MUTATING_VERBS = ("add", "update", "create", "save", "finalize", "amend", "void", "delete", "remove", "record",
                  "set", "cancel", "rename", "reorder", "elect", "import", "attach")
SERVICES = ("meetings", "talks", "evaluations", "members", "dues", "organization", "recruitment", "rectifications")


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


def test_every_mutating_method_declares_its_changes(ws):
    """A new mutating method that forgets ``@mutates`` would leave the pages showing old data."""
    missing = []
    for name in SERVICES:
        svc = getattr(ws, name)
        for attr, fn in inspect.getmembers(svc, inspect.ismethod):
            if attr.startswith("_") or not attr.split("_")[0] in MUTATING_VERBS:
                continue
            if not changes_of(fn):
                missing.append(f"{name}.{attr}")
    assert missing == []
