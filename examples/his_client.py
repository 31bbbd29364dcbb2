"""A worked HIS-side client of yidi's national interface (定点医药机构 → 医保平台).

Runs one cross-region inpatient stay against a running demo server (``yidi serve --demo``):
9001 签到 → 1101 人员信息 → 2401 入院 → 2301 明细上传 → 2303 预结算 → 2304 结算 → 5203 结算查询
→ 2305 结算撤销 → 3201 对总账. Every request is signed (x-tif-* headers, HMAC-SHA256 over
timestamp + nonce + body with the hospital's secret). Prints each step; exits non-zero if a step
fails or an identity of the settlement does not hold. Standalone: needs only ``httpx``.

    python examples/his_client.py --url http://127.0.0.1:8000
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import itertools
import json
import secrets
import sys
import time
from datetime import datetime
from decimal import Decimal
from typing import Any

import httpx

HOSPITAL, REGION = "H21010000001", "210100"  # 沈阳演示三级甲等医院 (demo seed)
LINES = [  # (med_list_codg, cnt, pric) of the Shenyang demo catalogue
    ("001102000010000-110200001", "10", "70.00"),
    ("003107010010000-310701001", "1", "18000.00"),
    ("C0301010000000000001", "1", "800.00"),
    ("XC10AAA059A001010100000", "30", "9.90"),
    ("T000000000000000000001", "2", "620.00"),
]
_seq = itertools.count(1)


class Failed(Exception):
    pass


class Client:
    def __init__(self, url: str, paasid: str, secret: str) -> None:
        self.http = httpx.Client(base_url=url, timeout=30)
        self.paasid, self.secret = paasid, secret
        self.sign_no, self.insuplc = "", ""

    def call(self, infno: str, body: dict[str, Any]) -> dict[str, Any]:
        env = {
            "infno": infno, "msgid": f"{HOSPITAL}{datetime.now():%Y%m%d%H%M%S}{next(_seq) % 10000:04d}",
            "mdtrtarea_admvs": REGION, "insuplc_admdvs": self.insuplc, "recer_sys_code": "01", "dev_no": "",
            "dev_safe_info": "", "cainfo": "", "signtype": "", "infver": "V1.0", "opter_type": "1", "opter": "001",
            "opter_name": "收费员", "inf_time": f"{datetime.now():%Y-%m-%d %H:%M:%S}", "fixmedins_code": HOSPITAL,
            "fixmedins_name": "沈阳演示三级甲等医院", "sign_no": self.sign_no, "input": body,
        }  # fmt: skip
        raw = json.dumps(env, ensure_ascii=False, default=str).encode()  # Decimal amounts as text
        ts, nonce = str(int(time.time())), secrets.token_hex(8)
        sig = hmac.new(self.secret.encode(), ts.encode() + nonce.encode() + raw, hashlib.sha256).hexdigest()
        headers = {"x-tif-paasid": self.paasid, "x-tif-timestamp": ts, "x-tif-nonce": nonce,
                   "x-tif-signature": sig, "content-type": "application/json"}  # fmt: skip
        resp = self.http.post("/fsi/api/callService", content=raw, headers=headers)
        data: dict[str, Any] = json.loads(resp.content, parse_float=Decimal)  # amounts are JSON numbers
        if resp.status_code != 200 or data.get("infcode") != 0:
            raise Failed(f"【{infno}】失败：HTTP {resp.status_code} {data.get('err_msg') or data}")
        print(
            f"【{infno}】成功 inf_refmsgid={data['inf_refmsgid']}"
            + (f" 警告：{data['warn_msg']}" if data.get("warn_msg") else "")
        )
        return data


def check_identities(info: dict[str, str], detail: list[dict[str, Any]]) -> None:
    a = {k: Decimal(v) for k, v in info.items() if isinstance(v, Decimal | int) and not isinstance(v, bool)}
    checks = {
        "inscp = medfee − fulamt − overlmt − preselfpay": a["inscp_scp_amt"] == a["medfee_sumamt"] - a["fulamt_ownpay_amt"] - a["overlmt_selfpay"] - a["preselfpay_amt"],
        "fund = Σ funds": a["fund_pay_sumamt"] == sum(a[k] for k in ("hifp_pay", "cvlserv_pay", "hifes_pay", "hifmi_pay", "hifob_pay", "maf_pay", "oth_pay")),
        "psn_part = medfee − fund − hosp_part": a["psn_part_amt"] == a["medfee_sumamt"] - a["fund_pay_sumamt"] - a["hosp_part_amt"],
        "psn_cash = psn_part − acct": a["psn_cash_pay"] == a["psn_part_amt"] - a["acct_pay"],
        "Σ setldetail = fund": sum(Decimal(d["fund_payamt"]) for d in detail) == a["fund_pay_sumamt"],
    }  # fmt: skip
    for name, ok in checks.items():
        print(f"    恒等式 {name}: {'✔' if ok else '✘'}")
        if not ok:
            raise Failed(f"恒等式不成立：{name}")


def fee_lines(psn_no: str, mdtrt_id: str) -> list[dict[str, Any]]:
    out = []
    for i, (code, cnt, pric) in enumerate(LINES, 1):
        amount = (Decimal(cnt) * Decimal(pric)).quantize(Decimal("0.01"))
        out.append({"feedetl_sn": f"F{i:04d}", "mdtrt_id": mdtrt_id, "psn_no": psn_no, "med_type": "21",
                    "fee_ocur_time": f"{datetime.now():%Y-%m-%d %H:%M:%S}", "med_list_codg": code,
                    "medins_list_codg": f"HIS-{i}", "det_item_fee_sumamt": str(amount), "cnt": cnt, "pric": pric,
                    "bilg_dept_codg": "A03", "bilg_dept_name": "心内科", "bilg_dr_codg": "D001", "bilg_dr_name": "李医生"})  # fmt: skip
    return out


def run(c: Client, certno: str) -> None:
    c.sign_no = c.call("9001", {"signIn": {"opter_no": "001", "mac": "", "ip": ""}})["output"]["signinoutb"][
        "sign_no"
    ]
    info = c.call("1101", {"data": {"mdtrt_cert_type": "02", "mdtrt_cert_no": certno}})["output"]
    psn_no, c.insuplc = info["baseinfo"]["psn_no"], info["insuinfo"][0]["insuplc_admdvs"]
    print(
        f"    人员 {info['baseinfo']['psn_name']} 参保地 {c.insuplc} 险种 {info['insuinfo'][0]['insutype']}"
    )
    now = f"{datetime.now():%Y-%m-%d %H:%M:%S}"
    adm = {"mdtrtinfo": {"psn_no": psn_no, "insutype": info["insuinfo"][0]["insutype"], "begntime": now, "mdtrt_cert_type": "02",
                         "mdtrt_cert_no": certno, "med_type": "21", "ipt_no": f"ZY{secrets.token_hex(4)}", "atddr_no": "D001",
                         "chfpdr_name": "李医生", "adm_diag_dscr": "冠心病", "adm_dept_codg": "A03", "adm_dept_name": "心内科",
                         "adm_bed": "12", "dscg_maindiag_code": "I25.103", "dscg_maindiag_name": "冠状动脉粥样硬化性心脏病"},
           "diseinfo": [{"psn_no": psn_no, "diag_type": "1", "maindiag_flag": "1", "diag_srt_no": "1", "diag_code": "I25.103",
                         "diag_name": "冠状动脉粥样硬化性心脏病", "diag_dept": "心内科", "dise_dor_no": "D001",
                         "dise_dor_name": "李医生", "diag_time": now}]}  # fmt: skip
    mdtrt_id = c.call("2401", adm)["output"]["result"]["mdtrt_id"]
    lines = fee_lines(psn_no, mdtrt_id)
    for row in c.call("2301", {"feedetail": lines})["output"]["result"]:
        print(f"    {row['feedetl_sn']} 等级{row['chrgitm_lv']} 全自费{row['fulamt_ownpay_amt']} 超限价{row['overlmt_amt']} "
              f"先行自付{row['preselfpay_amt']} 政策范围内{row['inscp_scp_amt']} {row['memo']}")  # fmt: skip
    medfee = str(sum(Decimal(x["det_item_fee_sumamt"]) for x in lines))
    data = {"psn_no": psn_no, "mdtrt_cert_type": "02", "mdtrt_cert_no": certno, "medfee_sumamt": medfee, "psn_setlway": "01",
            "mdtrt_id": mdtrt_id, "insutype": info["insuinfo"][0]["insutype"], "acct_used_flag": "1", "mid_setl_flag": "0"}  # fmt: skip
    pre = c.call("2303", {"data": data})["output"]
    check_identities(pre["setlinfo"], pre["setldetail"])
    copy = {
        k: pre["setlinfo"][k]
        for k in ("fulamt_ownpay_amt", "overlmt_selfpay", "preselfpay_amt", "inscp_scp_amt")
    }
    setl = c.call("2304", {"data": {**data, **copy}})["output"]
    info2 = setl["setlinfo"]
    check_identities(info2, setl["setldetail"])
    print(
        f"    结算 {info2['setl_id']}：总额 {info2['medfee_sumamt']} 统筹 {info2['hifp_pay']} 个人账户 {info2['acct_pay']} 现金 {info2['psn_cash_pay']}"
    )
    for d in setl["setldetail"]:
        print(f"    {d['fund_pay_type_name']}：{d['setl_proc_info'][:120]}…")
    q = c.call("5203", {"data": {"psn_no": psn_no, "setl_id": info2["setl_id"], "mdtrt_id": mdtrt_id}})[
        "output"
    ]["setlinfo"]
    if q["hifp_pay"] != info2["hifp_pay"]:
        raise Failed("5203 与 2304 的统筹支付不一致")
    rev = c.call("2305", {"data": {"mdtrt_id": mdtrt_id, "setl_id": info2["setl_id"], "psn_no": psn_no}})[
        "output"
    ]["setlinfo"]
    if Decimal(rev["medfee_sumamt"]) != -Decimal(info2["medfee_sumamt"]):
        raise Failed("2305 撤销金额与原结算不一致")
    today = f"{datetime.now():%Y-%m-%d}"
    stmt = c.call("3201", {"data": {"insutype": data["insutype"], "clr_type": "21", "setl_optins": REGION, "stmt_begndate": today,
                                    "stmt_enddate": today, "medfee_sumamt": "0.00", "fund_pay_sumamt": "0.00", "acct_pay": "0.00",
                                    "fixmedins_setl_cnt": "0", "refd_setl_flag": "0"}})["output"]["stmtinfo"]  # fmt: skip
    print(f"    对总账（本次已撤销，不含退费）：{stmt['stmt_rslt']} {stmt['stmt_rslt_dscr']}")


def main() -> int:
    ap = argparse.ArgumentParser(description="yidi 国家医保接口 HIS 示例客户端")
    ap.add_argument("--url", default="http://127.0.0.1:8000")
    ap.add_argument("--paasid", default=f"demo-{HOSPITAL}")
    ap.add_argument("--secret", default=f"demo-secret-{HOSPITAL}")
    ap.add_argument(
        "--certno",
        default="211202195803150042",
        help="患者身份证号（默认：演示铁岭退休职工，在沈阳住院即异地）",
    )
    args = ap.parse_args()
    try:
        run(Client(args.url, args.paasid, args.secret), args.certno)
    except (Failed, httpx.HTTPError, KeyError) as exc:
        print(f"失败：{exc}", file=sys.stderr)
        return 1
    print("全部步骤成功，恒等式成立。")
    return 0


if __name__ == "__main__":
    sys.exit(main())
