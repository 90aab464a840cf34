"""Names in pinyin follow GB/T 28039-2011, including surnames pypinyin reads wrongly."""
import pytest

from archive.pinyin import initials, person_pinyin, slug


@pytest.mark.parametrize("name, spelling", [
    ("屠呦呦", "Tu Youyou"), ("单田芳", "Shan Tianfang"), ("曾晓", "Zeng Xiao"), ("仇英", "Qiu Ying"),
    ("解缙", "Xie Jin"), ("查良镛", "Zha Liangyong"), ("区小东", "Ou Xiaodong"), ("朴树", "Piao Shu"),
    ("翟天", "Zhai Tian"), ("覃明", "Qin Ming"), ("欧阳文", "Ouyang Wen"), ("司马光", "Sima Guang"),
    ("白求恩", "Bai Qiu'en"),
])
def test_person_pinyin(name, spelling):
    assert person_pinyin(name) == spelling


def test_slug_and_initials():
    assert slug("Bai Qiu'en") == "bai-qiuen"
    assert slug(person_pinyin("单田芳")) == "shan-tianfang"
    assert initials("Tu Youyou") == "tyy"
    assert initials("Ouyang Wen") == "oyw"
