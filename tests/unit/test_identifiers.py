from datetime import date

import pytest

from yidi.domain.errors import InvalidInput
from yidi.domain.identifiers import check_char, parse_id_number


def make(first17: str) -> str:
    return first17 + check_char(first17)


def test_valid_number_with_x_check_char() -> None:
    # 11010519491231002X is the standard's own worked example (GB 11643-1999 附录).
    n = parse_id_number("11010519491231002x")
    assert n.value == "11010519491231002X"
    assert n.birth_date == date(1949, 12, 31)
    assert n.gender == "2"


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("1234", "18 位"),
        ("11010519491231002A", "末位"),
        ("110105194912310021", "校验位"),
        (make("21010219990230123"), "出生日期不存在"),
        (make("21010230000101123"), "不合理"),
    ],
)
def test_invalid_numbers_say_why(text: str, needle: str) -> None:
    with pytest.raises(InvalidInput) as err:
        parse_id_number(text, today=date(2026, 11, 23))
    assert needle in err.value.problems[0].zh
    assert err.value.problems[0].field == "certno"


def test_unknown_birthplace_code_is_accepted() -> None:
    # Birthplace codes are never gated: old codes remain valid for life.
    assert parse_id_number(make("99999919800101123")).birth_date == date(1980, 1, 1)
