"""The detail-reconciliation files of 3202 (the national interface specification: reconciliation;
see docs/national-interface.md): a UTF-8 ``.txt`` inside a ``.zip``, tab-separated, one settlement
per line.

Upload (hospital → platform, via 9101): ``setl_id, mdtrt_id, psn_no, medfee_sumamt,
fund_pay_sumamt, acct_pay, refd_setl_flag``. Result (platform → hospital, via 9102): ``psn_no,
mdtrt_id, setl_id, msgid, stmt_rslt, refd_setl_flag, memo, medfee_sumamt, fund_pay_sumamt,
acct_pay`` with ``stmt_rslt`` 0 对平 / 1 中心多 / 2 医药机构多 / 3 数据不一致 per settlement.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from yidi.domain.national.errors import NationalError
from yidi.domain.national.formats import fmt_amount, parse_amount

UPLOAD_COLUMNS = (
    "setl_id",
    "mdtrt_id",
    "psn_no",
    "medfee_sumamt",
    "fund_pay_sumamt",
    "acct_pay",
    "refd_setl_flag",
)
RESULT_COLUMNS = ("psn_no", "mdtrt_id", "setl_id", "msgid", "stmt_rslt", "refd_setl_flag", "memo", "medfee_sumamt", "fund_pay_sumamt", "acct_pay")  # fmt: skip
MAX_BYTES = 20_000_000
# zip-bomb limits of an uploaded detail file (operating choices, docs/security.md "Limits"): tab-separated
# text compresses about 5–10 times; 100 times and 100 MB leave room and stop a bomb early
MAX_INFLATED = 100_000_000
MAX_RATIO = 100


@dataclass(frozen=True)
class DetailRow:
    setl_id: str
    mdtrt_id: str
    psn_no: str
    medfee_sumamt: int
    fund_pay_sumamt: int
    acct_pay: int
    refd_setl_flag: str

    def amounts(self) -> tuple[int, int, int]:
        return self.medfee_sumamt, self.fund_pay_sumamt, self.acct_pay


def _inflate(z: zipfile.ZipFile, name: str, field: str) -> bytes:
    """The member's bytes, refused when it would inflate past ``MAX_INFLATED`` or more than
    ``MAX_RATIO`` times its compressed size (a zip bomb: 204 KB inflating to 200 MiB) — judged on
    the header first and then on what is actually read, never more than the limit plus one byte."""
    info = z.getinfo(name)
    if info.file_size > MAX_INFLATED or info.file_size > MAX_RATIO * max(info.compress_size, 1):
        raise NationalError(field, f"明细对账文件解压后过大（上限 {MAX_INFLATED // 1_000_000} MB、压缩比 {MAX_RATIO} 倍）")
    with z.open(info) as member:
        data = member.read(min(MAX_INFLATED, MAX_RATIO * max(info.compress_size, 1)) + 1)
    if len(data) > info.file_size:
        raise NationalError(field, "明细对账文件的压缩包头与内容不符")
    return data


def read_upload(content: bytes, field: str) -> list[DetailRow]:
    """Parse an uploaded zip; every bad line names its line number."""
    if len(content) > MAX_BYTES:
        raise NationalError(field, "明细对账文件过大")
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as z:
            names = [n for n in z.namelist() if n.endswith(".txt")]
            if len(names) != 1:
                raise NationalError(field, "压缩包中应有且仅有一个 .txt 明细文件")
            text = _inflate(z, names[0], field).decode("utf-8-sig")
    except (zipfile.BadZipFile, UnicodeDecodeError):
        raise NationalError(field, "明细对账文件应为 zip 压缩的 UTF-8 文本") from None
    rows = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        cells = line.split("\t")
        if len(cells) != len(UPLOAD_COLUMNS):
            raise NationalError(
                field, f"第 {n} 行应有 {len(UPLOAD_COLUMNS)} 列（制表符分隔），实有 {len(cells)} 列"
            )
        medfee, fund, acct = (parse_amount(c, f"{field}:第{n}行", allow_negative=True) for c in cells[3:6])
        rows.append(DetailRow(cells[0], cells[1], cells[2], medfee, fund, acct, cells[6]))
    return rows


def write_zip(filename: str, rows: list[tuple[str, ...]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(filename, "".join("\t".join(r) + "\n" for r in rows))
    return buf.getvalue()


def upload_zip(rows: list[DetailRow], filename: str = "detail.txt") -> bytes:
    """The file a hospital uploads (used by tests and the example client)."""
    return write_zip(filename, [
        (r.setl_id, r.mdtrt_id, r.psn_no, fmt_amount(r.medfee_sumamt), fmt_amount(r.fund_pay_sumamt), fmt_amount(r.acct_pay), r.refd_setl_flag)
        for r in rows
    ])  # fmt: skip


def compare(ours: dict[str, tuple[DetailRow, str]], theirs: list[DetailRow]) -> list[tuple[str, ...]]:
    """Result rows: each settlement of either side once, ``ours`` keyed by setl_id with its msgid."""
    out: list[tuple[str, ...]] = []
    seen = set()
    for t in theirs:
        seen.add(t.setl_id)
        mine = ours.get(t.setl_id)
        if mine is None:
            out.append(_row(t, "", "2", "中心无此结算"))
        elif mine[0].amounts() != t.amounts():
            out.append(
                _row(
                    mine[0],
                    mine[1],
                    "3",
                    "金额不一致：中心 " + "/".join(fmt_amount(a) for a in mine[0].amounts()),
                )
            )
        else:
            out.append(_row(mine[0], mine[1], "0", ""))
    for setl_id, (row, msgid) in sorted(ours.items()):
        if setl_id not in seen:
            out.append(_row(row, msgid, "1", "医药机构未上传此结算"))
    return out


def _row(r: DetailRow, msgid: str, rslt: str, memo: str) -> tuple[str, ...]:
    return (r.psn_no, r.mdtrt_id, r.setl_id, msgid, rslt, r.refd_setl_flag, memo,
            fmt_amount(r.medfee_sumamt), fmt_amount(r.fund_pay_sumamt), fmt_amount(r.acct_pay))  # fmt: skip
