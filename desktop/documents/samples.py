"""Sample documents in both styles: examples for builder authors, test input and the look-and-feel reference.

Names and content are invented.
"""

from __future__ import annotations

from desktop.documents.model import (
    TOC,
    Cell,
    Document,
    FooterInfo,
    Heading,
    PageBreak,
    Paragraph,
    SignatureLines,
    Spacer,
    Table,
)

BRANCH = "中共示例市示例局机关第一支部委员会"
MEMBERS = [
    ("朱镕基", "第一党小组", "正式党员"), ("王堃", "第一党小组", "正式党员"), ("李喆", "第二党小组", "预备党员"),
    ("张三", "第一党小组", "正式党员"), ("欧阳娜娜", "第二党小组", "正式党员"), ("赵钱孙", "第二党小组", "正式党员"),
    ("周吴郑", "第三党小组", "正式党员"), ("冯陈褚", "第三党小组", "正式党员"), ("卫蒋沈", "第三党小组", "预备党员"),
]

AGENDA = [
    "传达学习上级党委关于加强基层党组织建设的文件精神，结合本支部实际研究贯彻落实措施；",
    "听取各党小组关于本季度“三会一课”落实情况的汇报，查找存在的问题和不足，明确整改时限和责任人；",
    "讨论确定李喆同志预备期考察意见，由培养联系人介绍考察情况，支部委员逐一发表意见；",
    "研究下一阶段主题党日活动安排（包括学习内容、活动形式、参加人员和经费预算），形成初步方案；",
    "通报党费收缴情况：截至本月底，全体党员均已按时足额交纳党费，未发现欠缴、少缴情况。",
]

RECORD_TEXT = (
    "会议由支部书记朱镕基同志主持。朱镕基同志首先传达了上级党委有关文件精神，强调要把学习成果转化为推动工作的"
    "实际成效。王堃同志汇报了第一党小组本季度的学习情况：共组织集中学习三次，个人自学笔记平均每人一万二千字，"
    "“学习强国”积分排名靠前。李喆同志就自己预备期以来的思想、工作和学习情况作了汇报，表示将继续严格要求自己。"
    "与会同志围绕如何提高组织生活质量展开了热烈讨论，大家一致认为：要坚持问题导向，聚焦群众“急难愁盼”问题；"
    "要创新活动形式，增强吸引力和感染力；要加强督促检查，确保各项任务落到实处。"
)


def _members_table(extra_rows: int = 0) -> Table:
    rows: list[list] = [[str(i), name, group, kind, "", ""] for i, (name, group, kind) in
                        enumerate(MEMBERS, start=1)]
    rows += [[str(len(MEMBERS) + i), "", "", "", "", ""] for i in range(1, extra_rows + 1)]
    return Table(
        widths=(0.6, 1.4, 1.6, 1.4, 2.2, 1.6),
        header_rows=[["序号", "姓名", "党小组", "党员类别", "签名", "备注"]],
        rows=rows,
        min_row_height_mm=11,
    )


def sample_form(watermark: str | None = None) -> Document:
    """A meeting record (会议记录) in form style: meta table, long agenda, wide table; spans 2+ pages."""
    wide = Table(
        widths=(0.7, 1.2, 1, 1, 1, 1, 1, 1.4),
        header_rows=[
            [Cell("序号", row_span=2), Cell("姓名", row_span=2), Cell("测评等次（票数）", span=4),
             Cell("建议等次", row_span=2), Cell("备注", row_span=2)],
            ["", "", "优秀", "合格", "基本合格", "不合格", "", ""],
        ],
        rows=[[str(i), name, "12", "3", "0", "0", "优秀" if i == 1 else "合格", "—"]
              for i, (name, _, _) in enumerate(MEMBERS, start=1)],
    )
    blocks = [
        Heading(1, "一、议题"),
        *[Paragraph(f"{i}. {item}", indent_first_line=False) for i, item in enumerate(AGENDA, start=1)],
        Heading(1, "二、会议内容"),
        Paragraph(RECORD_TEXT + "\n" + RECORD_TEXT),
        Heading(1, "三、决议及表决情况"),
        Paragraph("同意李喆同志按期转为正式党员。表决结果：应到 9 人，实到 9 人；赞成 9 票，反对 0 票，弃权 0 票。"),
        Heading(1, "四、民主评议测评汇总"),
        wide,
        Heading(1, "五、签到"),
        _members_table(extra_rows=4),
        SignatureLines(["主持人签字", "记录人签字"], with_date=True),
    ]
    return Document(
        title="中共示例市示例局机关第一支部委员会\n2026年3月支部委员会会议记录",  # \n: where the title breaks
        style="form",
        meta=[
            ("时　　间", "2026年3月12日 14:30—16:45"),
            ("地　　点", "局机关三楼党员活动室"),
            ("主 持 人", "朱镕基（支部书记）"),
            ("记 录 人", "王堃（组织委员）"),
            ("出席情况", "应到 9 人，实到 9 人（正式党员 7 人，预备党员 2 人）"),
            ("缺席人员", "无"),
            ("列席人员", "李喆（预备党员）、入党积极分子欧阳娜娜"),
        ],
        blocks=blocks,
        footer=FooterInfo(BRANCH, "3f9a2c1d7b", "补录"),
        watermark=watermark,
    )


def sample_official(watermark: str | None = None, with_toc: bool = True) -> Document:
    """An 组织生活会情况报告 in 公文 style: headings 一、/（一）, long body, a table; spans 3+ pages."""
    blocks: list = []
    if with_toc:
        blocks += [TOC([("一、会前准备情况", "prep"), ("二、查摆问题情况", "problems"),
                        ("三、整改措施", "measures"), ("附表：整改事项清单", "list")]), PageBreak()]
    blocks += [
        Paragraph("根据上级党委《关于召开2025年度基层党组织组织生活会和开展民主评议党员的通知》要求，"
                  "我支部于2026年1月15日召开了2025年度组织生活会。现将有关情况报告如下。"),
        Heading(1, "一、会前准备情况", anchor="prep"),
        Heading(2, "（一）认真开展学习研讨"),
        Paragraph(RECORD_TEXT),
        Heading(2, "（二）广泛征求意见建议"),
        Paragraph("支部通过发放征求意见表、召开座谈会、个别谈心等方式，共征集到意见建议十二条，"
                  "涉及理论学习、工作作风、服务群众等方面，已全部反馈到个人。"),
        Heading(2, "（三）深入开展谈心谈话"),
        Paragraph("支部书记朱镕基同志与每名委员、党员谈心谈话，委员之间相互谈心谈话，"
                  "王堃、李喆等同志主动与党员群众交流思想，做到了谈心谈话全覆盖。" * 2),
        Heading(1, "二、查摆问题情况", anchor="problems"),
        Paragraph(RECORD_TEXT * 2),
        Heading(1, "三、整改措施", anchor="measures"),
        *[Paragraph(f"{i}. {item}") for i, item in enumerate(AGENDA, start=1)],
        Spacer(5),
        Heading(3, "附表：整改事项清单", anchor="list"),
        Table(
            widths=(0.6, 3, 1, 1.4),
            header_rows=[["序号", "整改事项", "责任人", "完成时限"]],
            rows=[[str(i), item.rstrip("；。"), name, "2026年6月底前"]
                  for i, (item, (name, _, _)) in enumerate(zip(AGENDA, MEMBERS[: len(AGENDA)], strict=True), start=1)],
        ),
        Spacer(8),
        Paragraph(f"{BRANCH}\n2026年1月20日", align="right", indent_first_line=False),
    ]
    return Document(
        title="关于召开2025年度组织生活会情况的报告",
        style="official",
        blocks=blocks,
        footer=FooterInfo(BRANCH, "8c41e0aa52", "已更正"),
        watermark=watermark,
    )


def main(argv: list[str] | None = None) -> int:
    """``python -m desktop.documents.samples OUT_DIR``: write the samples as PDF and .docx for a visual check."""
    import sys
    from pathlib import Path

    from desktop.documents.render import render

    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0] if args else ".")
    out.mkdir(parents=True, exist_ok=True)
    for name, doc in (("form", sample_form("草稿")), ("official", sample_official())):
        for ext in (".pdf", ".docx"):
            print(render(doc, out / f"sample-{name}{ext}"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
