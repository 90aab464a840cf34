"""Names in pinyin follow GB/T 28039-2011, including surnames pypinyin reads wrongly."""
import pytest

from archive.domain.pinyin import initials, person_pinyin, slug


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


def test_archive_names_are_search_terms():
    from pathlib import Path

    from archive import load_archive
    from archive.outputs.search_terms import dictionary_terms

    terms = set(dictionary_terms(load_archive(Path(__file__).resolve().parent.parent)))
    for term in ("屠呦呦", "白求恩", "两弹一星", "两弹一星精神", "卫办发〔2012〕31号", "国家最高科学技术奖"):
        assert term in terms, term
