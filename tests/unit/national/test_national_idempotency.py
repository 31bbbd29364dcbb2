"""A msgid is bound to its infno and the digest of its business body."""

from yidi.domain.national.idempotency import body_digest, reuse_refusal


def test_digest_ignores_key_order_but_not_values_or_infno():
    a = {"data": {"psn_no": "1", "mdtrt_id": "M1", "medfee_sumamt": 12.5}}
    b = {"data": {"medfee_sumamt": 12.5, "mdtrt_id": "M1", "psn_no": "1"}}
    assert body_digest("2304", a) == body_digest("2304", b)
    assert body_digest("2304", a) != body_digest("2303", a)
    assert body_digest("2304", a) != body_digest("2304", {"data": {**a["data"], "mdtrt_id": "M2"}})


def test_refusals_name_the_msgid_and_the_reason():
    other_tx = reuse_refusal("H21010000001202601050930000001", "2304", "5203")
    assert "已用于交易 2304" in other_tx.err_msg and "msgid" in other_tx.err_msg
    other_body = reuse_refusal("H21010000001202601050930000001", "2304", "2304")
    assert "内容不同" in other_body.err_msg
