"""trt_dcla_detl_sn within char 30, exactly reversible."""

from uuid import uuid4

from yidi.domain.national.external_ids import filing_id, filing_sn


def test_a_uuid_filing_id_fits_30_characters_and_comes_back():
    for _ in range(200):
        fid = uuid4().hex
        sn = filing_sn(fid)
        assert len(fid) == 32 and len(sn) == 26 and sn.isupper()
        assert filing_id(sn) == fid


def test_other_ids_pass_through():
    reg = "C210100202601051230001234567890"[:30]
    assert filing_sn(reg) == reg and filing_id(reg) == reg
    assert filing_id("nope") == "nope"
