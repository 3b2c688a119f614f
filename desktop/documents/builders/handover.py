"""数据包交接单 (handover slip): printed with each bundle and signed by whoever hands the USB stick over and
whoever receives it. It carries the bundle fingerprint as text and as a QR code, and the branch key
fingerprint the committee compares before enrolling a new branch."""

from __future__ import annotations

from desktop.documents.builders.common import Context, cn_date, cn_datetime
from desktop.documents.model import Document, FooterInfo, Heading, Paragraph, QRCode, SignatureLines, Table


def build(ctx: Context, seq: int | None = None) -> Document:
    h = ctx.ws.sync.handover(seq)
    if h.period_from is None:
        period = "（本包没有新的会议等记录）"
    elif h.period_from.date() == h.period_to.date():
        period = cn_date(h.period_from.date())
    else:
        period = f"{cn_date(h.period_from.date())}至{cn_date(h.period_to.date())}"
    chain = f"第{h.from_seq}–{h.to_seq}条（共{h.entries}条）" if h.entries else "无新增条目"
    meta = [  # the branch is in the title
        ("报送对象", h.committee or "（工委）"),
        ("数据包序号", f"第{h.seq}号"),
        ("导出时间", cn_datetime(h.created_at)),
        ("文 件 名", h.file_name),
        ("记录时段", period),
        ("纪实条目", chain),
    ]
    blocks = [
        Heading(1, "记录数量"),
        counts_table(h.counts),
        Heading(1, "指纹（逐组核对）"),
        Table(widths=(1.3, 3), rows=[["数据包指纹（SHA-256）", h.fingerprint], ["支部密钥", h.branch_fingerprint],
                                     ["工委公钥", h.committee_fingerprint]], repeat_header=False),
        QRCode(f"zhibu-bundle:{h.branch_id}:{h.seq}:sha256:{h.sha256}", 30,
               "扫码或逐组核对：接收方计算的数据包指纹应与上表一致"),
        Paragraph("首次报送时，工委须与支部当面或电话逐组核对“支部密钥”指纹后再确认登记。", indent_first_line=False),
        SignatureLines(["移交人签字", "接收人签字"], with_date=True),
    ]
    return Document(title=f"{ctx.branch}\n数据包交接单", style="form", meta=meta, blocks=blocks,
                    footer=FooterInfo(ctx.branch))


def counts_table(counts: list[tuple[str, int]]) -> Table:
    """The records in the bundle per kind, two kinds to a row: the slip stays on one sheet with every kind."""
    cells = [[label, f"{n} 条"] for label, n in counts] or [["（无）", ""]]
    if len(cells) % 2:
        cells.append(["", ""])
    rows = [cells[i] + cells[i + 1] for i in range(0, len(cells), 2)]
    return Table(widths=(3, 1.2, 3, 1.2), header_rows=[["记录类别", "数量", "记录类别", "数量"]], rows=rows,
                 repeat_header=False)
