from __future__ import annotations

from datetime import date

import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox

from desktop.domain.enums import MembershipEventKind
from tests.ui.uihelpers import id_number, members_page, wait_tasks

HEADER = ["姓名", "性别", "出生日期", "身份证号", "入党时间", "转正时间", "党小组"]


def names(page) -> list[str]:
    return [page.proxy.index(r, 0).data() for r in range(page.proxy.rowCount())]


def test_table_lists_members_with_masked_ids_and_chinese_dates(qtbot, unlocked):
    page = members_page(qtbot, unlocked)
    assert sorted(names(page)) == ["张三", "李四", "王五"]
    model = page.model
    row = model.row_of(next(m.id for m in model.members() if m.name == "张三"))
    assert model.index(row, 2).data() == "1980年5月1日"
    assert "*" in model.index(row, 3).data()
    assert model.headerData(3, Qt.Horizontal) == "身份证号"
    assert "共 3 人" in page.count_label.text()


def test_add_member_with_inline_validation(qtbot, unlocked):
    page = members_page(qtbot, unlocked)
    dlg = page.add_member()
    dlg.name.setText("赵六")
    dlg.gender.setCurrentText("女")
    dlg.birth_date.setValue(date(1992, 3, 5))
    dlg.joined_on.setValue(date(2018, 7, 1))
    dlg.id_number.setText("370102199203051234")  # bad check digit
    dlg.save_button.click()
    wait_tasks(qtbot, unlocked)
    assert dlg.isVisible()
    assert dlg.error_text("id_number")  # shown under the ID field
    assert dlg.save_button.isEnabled()

    dlg.id_number.setText(id_number(date(1992, 3, 5), 22))
    dlg.save_button.click()
    wait_tasks(qtbot, unlocked)
    assert not dlg.isVisible()
    assert "赵六" in names(page)
    assert page.selected_member().name == "赵六"
    assert page.events.event_count() >= 1  # 入党 recorded by the service


def test_required_fields_are_reported_next_to_fields(qtbot, unlocked):
    page = members_page(qtbot, unlocked)
    dlg = page.add_member()
    dlg.save_button.click()
    wait_tasks(qtbot, unlocked)
    assert dlg.error_text("name") and dlg.error_text("birth_date") and dlg.error_text("joined_on")


def test_edit_member(qtbot, unlocked):
    page = members_page(qtbot, unlocked)
    member = next(m for m in page.model.members() if m.name == "李四")
    assert page.select_member(member.id)
    dlg = page.edit_selected()
    assert dlg.name.text() == "李四" and dlg.birth_date.value() == date(1985, 7, 9)
    dlg.position.setText("办公室主任")
    dlg.phone.setText("0531-12345678")
    dlg.save_button.click()
    wait_tasks(qtbot, unlocked)
    assert not dlg.isVisible()
    assert unlocked.ws.members.get(member.id).position == "办公室主任"
    assert page.selected_member().position == "办公室主任"


def test_search_filters_rows_including_pinyin_initials(qtbot, unlocked):
    page = members_page(qtbot, unlocked)
    page.search.setText("李")
    qtbot.waitUntil(lambda: names(page) == ["李四"], timeout=3000)
    page.search.setText("zs")
    qtbot.waitUntil(lambda: names(page) == ["张三"], timeout=3000)
    page.search.clear()
    qtbot.waitUntil(lambda: len(names(page)) == 3, timeout=3000)


def test_name_order_and_header_sort(qtbot, unlocked):
    page = members_page(qtbot, unlocked)
    page.order.setCurrentIndex(page.order.findData("pinyin"))
    wait_tasks(qtbot, unlocked)
    assert names(page) == ["李四", "王五", "张三"]
    page.table.sortByColumn(2, Qt.DescendingOrder)  # 出生日期, youngest first
    assert names(page) == ["王五", "李四", "张三"]
    page.reload()  # e.g. after saving a member: the user's column sort stays
    wait_tasks(qtbot, unlocked)
    assert names(page) == ["王五", "李四", "张三"]
    page.order.setCurrentIndex(page.order.findData("stroke"))  # choosing a name order sorts by name again
    wait_tasks(qtbot, unlocked)
    assert names(page) == ["王五", "李四", "张三"]  # 姓氏笔画: 王 4, 李 7, 张 7 (李 before 张 by pinyin)
    assert page.table.horizontalHeader().sortIndicatorSection() == 0


def test_record_event(qtbot, unlocked):
    page = members_page(qtbot, unlocked)
    member = next(m for m in page.model.members() if m.name == "王五")
    page.select_member(member.id)
    wait_tasks(qtbot, unlocked)
    before = page.events.event_count()
    dlg = page.record_event()
    dlg.select_kind(MembershipEventKind.TRANSFER_OUT)
    dlg.on.setValue(date.today())
    dlg.note.setText("转往市财政局机关党支部")
    dlg.save_button.click()
    wait_tasks(qtbot, unlocked)
    assert not dlg.isVisible()
    assert "王五" not in names(page)  # left the branch today
    page.include_left.setChecked(True)
    wait_tasks(qtbot, unlocked)
    assert "王五" in names(page)
    page.select_member(member.id)
    wait_tasks(qtbot, unlocked)
    assert page.events.event_count() == before + 1


def _write_roster(path, rows):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    wb.save(path)


def test_import_preview_shows_row_errors_and_blocks_import(qtbot, unlocked, tmp_path):
    page = members_page(qtbot, unlocked)
    bad = tmp_path / "bad.xlsx"
    _write_roster(bad, [
        ["孙七", "男", date(1988, 2, 3), id_number(date(1988, 2, 3), 11), date(2015, 6, 1), date(2016, 6, 1), "第二党小组"],
        ["", "女", date(1990, 1, 1), None, date(2015, 6, 1), None, None],
        ["周八", "男", date(1991, 4, 4), "123", date(2014, 6, 1), None, None],
    ])
    page.import_excel(str(bad))
    wait_tasks(qtbot, unlocked)
    dlg = page.import_dialog
    assert dlg.isVisible()
    assert set(dlg.problem_rows()) == {3, 4}
    assert not dlg.import_button.isEnabled()
    assert dlg.rows.rowCount() == 3


def test_import_good_roster(qtbot, unlocked, tmp_path):
    page = members_page(qtbot, unlocked)
    good = tmp_path / "good.xlsx"
    _write_roster(good, [
        ["孙七", "男", date(1988, 2, 3), id_number(date(1988, 2, 3), 11), date(2015, 6, 1), date(2016, 6, 1), "第二党小组"],
        ["吴九", "女", date(1993, 8, 8), None, date(2020, 6, 1), None, "第二党小组"],
    ])
    page.import_excel(str(good))
    wait_tasks(qtbot, unlocked)
    dlg = page.import_dialog
    assert dlg.import_button.isEnabled() and not dlg.problem_rows()
    dlg.import_button.click()
    wait_tasks(qtbot, unlocked)
    assert not dlg.isVisible()
    assert {"孙七", "吴九"} <= set(names(page))
    assert "已导入 2 名党员" in page.info_box.text()
    page.info_box.close()


def test_export_defaults_to_masked_ids(qtbot, unlocked, tmp_path, monkeypatch):
    page = members_page(qtbot, unlocked)
    target = tmp_path / "花名册.xlsx"
    asked = {}

    def question(parent, title, text, buttons, default):
        asked["default"] = default
        return default

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    page.export_excel()
    wait_tasks(qtbot, unlocked)
    assert asked["default"] == QMessageBox.No
    assert target.exists()
    cells = [str(c.value) for row in openpyxl.load_workbook(target).active.iter_rows() for c in row if c.value]
    assert any("********" in c for c in cells)
    page.info_box.close()
