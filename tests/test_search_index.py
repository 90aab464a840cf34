"""The sharded search index (hooks/archive/outputs/search_index.py): what a query needs is in the files
the browser fetches for it, files stay small as the archive grows, and output is deterministic."""
from __future__ import annotations

import base64
import json
import random
import re
import unicodedata
from array import array

from search_shards import Shards, unpack_numbers

from archive.outputs import search_index
from archive.text import normalise, segment
from archive.text.search_words import STOP_CHARACTERS


def test_material_index_holds_no_pages(built_site):
    """Readers never download Material's whole-site index: it keeps only its settings."""
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["docs"] == [] and index["config"]["separator"]


def test_every_page_is_indexed_once_with_a_relative_location(built_site):
    locations = [loc for loc, _, _ in Shards(built_site).pages()]
    assert len(locations) == len(set(locations))
    assert not [loc for loc in locations if loc.startswith("/")]
    pages = {p.parent.relative_to(built_site).as_posix() + "/" for p in built_site.rglob("index.html")}
    pages = {"" if p == "./" else p for p in pages}
    for expected in ("", "people/tu-youyou/", "policies/weishengbu-zhiye-jingshen-dataolun-tongzhi-2012/",
                     "browse/a-z/", "guide/fields/"):
        assert expected in locations and expected in pages


def test_names_pinyin_and_initials_lead_to_the_own_page(built_site):
    shards = Shards(built_site)
    for term, expected in [("屠呦呦", "people/tu-youyou/"), ("tuyouyou", "people/tu-youyou/"),
                           ("tyy", "people/tu-youyou/"), ("youyou", "people/tu-youyou/"),
                           ("钱学森", "people/qian-xuesen/"), ("xiqianren", "groups/xiqian-ren/"),
                           ("白求恩", "people/bai-qiuen/")]:
        assert shards.best(term) == expected, term


def test_page_title_and_summary_come_with_the_result(built_site):
    shards = Shards(built_site)
    by_location = {loc: (title, summary) for loc, title, summary in shards.pages()}
    title, summary = by_location["people/tu-youyou/"]
    assert title == "屠呦呦"
    assert "青蒿素" in summary and "待审核" not in summary and "<" not in summary


def test_listing_pages_are_found_by_title_not_by_every_name_they_list(built_site):
    shards = Shards(built_site)
    people = {shards.page(n)[0] for n in shards.postings("屠呦呦")}
    assert "people/" not in people and "browse/a-z/" not in people
    assert "people/" in {shards.page(n)[0] for n in shards.postings("楷模")}


def test_every_phrase_of_a_title_is_a_term_of_its_page(built_site):
    """Each pair of neighbouring characters in a page's title (none a function character) and each
    dictionary word in it index the page at title level, however segmentation cuts the title."""
    shards, loaded = Shards(built_site), {}

    def postings(term):
        if term not in loaded:
            loaded[term] = shards.postings(term)
        return loaded[term]

    for n, (location, title, _) in enumerate(shards.pages()):
        for run in re.findall("[\u3400-\u9fff]+", normalise.normalise(title)):
            for pair in (run[i:i + 2] for i in range(len(run) - 1)):
                if STOP_CHARACTERS.isdisjoint(pair):
                    assert postings(pair).get(n, 0) >= search_index.TITLE, (location, pair)
    for word, location in [("协和医院", "places/xiehe-yiyuan-yuanshiguan/"), ("医科大学", "places/yanan-zhongguo-yike-daxue-jiuzhi/"),
                           ("中国医科大学", "places/yanan-zhongguo-yike-daxue-jiuzhi/"), ("人道主义", "spirits/geming-rendao-zhuyi-jingshen/")]:
        assert location in {shards.page(n)[0] for n, score in postings(word).items() if score >= search_index.TITLE}, word


def test_no_single_character_is_a_key(built_site):
    """A name's single characters (黄大年 → 大年 → 大, 年) lead nowhere on their own: no single Han
    character scores a page as its own name does."""
    shards = Shards(built_site)
    for number in range(shards.meta["buckets"]):
        for term in shards.load(f"t/{number}.json"):
            if len(term) == 1 and re.match("[\u3400-\u9fff]", term):
                assert max(shards.postings(term).values()) < search_index.KEY, term


def test_a_name_query_reads_a_few_small_files(built_site):
    shards = Shards(built_site)
    shards.best("屠呦呦")
    assert len(set(shards.read)) <= 4 and shards.size_read() < 200_000


def synthetic_docs(n: int, seed: int = 7) -> list[search_index.Doc]:
    """n pages of made-up terms: a few very common, many rare, one name each."""
    rng = random.Random(seed)
    common = [f"常用{i}" for i in range(30)]
    rare = [f"{chr(0x4e00 + rng.randrange(20000))}{chr(0x4e00 + rng.randrange(20000))}" for _ in range(5000)]
    docs = []
    for i in range(n):
        terms = {t: (0, 0, rng.randint(1, 5)) for t in rng.sample(common, 20) + rng.sample(rare, 200)}
        terms[f"测试人{i}"] = (1, 1, 1)
        terms[f"ceshiren{i}"] = (1, 0, 0)
        docs.append(search_index.Doc(f"people/p{i:05d}/", f"测试人{i}", "摘要。" * 20, 300, terms))
    return docs


def test_shards_stay_small_as_the_archive_grows():
    files = search_index.build(synthetic_docs(3000))
    sizes = {rel: len(content.encode("utf-8")) for rel, content in files.items()}
    terms = max(size for rel, size in sizes.items() if rel.startswith("t/"))
    pages = max(size for rel, size in sizes.items() if rel.startswith("d/"))
    assert terms < 120_000 and pages < 16_000 and sizes["meta.json"] < 200
    assert sum(sizes.values()) > 2_000_000        # the whole index is big; no reader loads it whole
    # a frequent term's file carries the pages where it scores highest, ready to show
    frequent = json.loads(next(c for rel, c in sorted(files.items()) if rel.startswith("x/")))
    packed_ids, packed_scores, top = frequent
    gaps, scores = unpack_numbers(packed_ids), list(base64.b64decode(packed_scores))
    assert len(gaps) == len(scores) > search_index.INLINE_MAX and min(gaps[1:]) >= 1
    assert len(top) == search_index.TOP_PAGES and top[0][1].startswith("people/p")
    numbers = [sum(gaps[:i + 1]) for i in range(len(gaps))]
    assert top[0][0] == max(numbers, key=lambda n: (scores[numbers.index(n)], -n))   # the best page first


def test_packed_numbers_round_trip():
    numbers = [0, 1, 127, 128, 300, 16383, 16384, 2_000_000]
    assert unpack_numbers(search_index.packed_numbers(numbers)) == numbers


def test_pinyin_keys_are_spread_by_their_first_two_letters():
    docs = synthetic_docs(50)
    files = search_index.build(docs)
    buckets = json.loads(files["meta.json"])["buckets"]
    shard = json.loads(files[f"t/{search_index.bucket('ceshiren7', buckets)}.json"])
    assert "ceshiren7" in shard


def test_build_is_deterministic_whatever_the_order_of_pages(tmp_path):
    docs = synthetic_docs(200)
    shuffled = docs[:]
    random.Random(1).shuffle(shuffled)
    assert search_index.build(docs) == search_index.build(shuffled)


def test_a_rebuild_after_edits_gives_the_files_of_a_fresh_build():
    """Under `mkdocs serve` the index is updated for the pages that changed only."""
    before = synthetic_docs(300, seed=1)
    after = before[:]
    after[5] = synthetic_docs(300, seed=2)[5]                 # an edited page
    after[7] = search_index.Doc(after[7].location, "改名", "", 10, {"常用1": (0, 1, 3), "新词": (1, 0, 0)})
    index = search_index.Index()
    index.build(before)
    assert index.build(after) == search_index.Index().build(after)
    assert index.build(before) == search_index.Index().build(before)


def test_rebuilds_after_many_kinds_of_edits_give_the_files_of_a_fresh_build():
    """The update keeps a frequent term's packed page numbers and best pages, and the t/ shards,
    when the pages that changed leave them as they were: edits that move a page into a term's best
    pages or out of them, tie with the last of them, drop or add a frequent term, add a term no
    page had, or rename a page among the best, change a page's title or summary alone, or analyse
    a page again with the same result, each compared with a fresh build."""
    rng = random.Random(3)
    docs = synthetic_docs(600, seed=3)          # 常用… are on about 400 pages: frequent terms
    index = search_index.Index()
    index.build(docs)
    for round_ in range(25):
        docs = docs[:]
        for n in rng.sample(range(len(docs)), rng.choice([1, 2, 5, 12])):
            old = docs[n]
            if rng.random() < 0.3:              # the same words, other scores
                terms = {t: (0, 0, rng.randint(1, 40)) for t in old.words}
            else:
                terms = {t: (0, 0, rng.randint(1, 5)) for t in old.words if rng.random() > 0.1}
                for t in rng.sample([f"常用{i}" for i in range(30)], 3):
                    terms[t] = (0, 0, rng.choice([1, 3, 40]))       # 40: among the term's best pages
                if rng.random() < 0.3:          # a term no page had
                    terms[f"新{round_}{n}{'xyz'[n % 3]}"] = (0, 0, 2)
            title = old.title if rng.random() > 0.2 else f"改名{round_}"
            summary = old.summary if rng.random() > 0.2 else f"新摘要{round_}"
            if rng.random() < 0.2:              # only what a result shows: its title or summary
                docs[n] = search_index.Doc.made(old.location, title, summary, old.length, old.words, old.scores)
            else:
                docs[n] = search_index.Doc(old.location, title, summary, rng.choice([100, 300, 900]), terms)
        for n in rng.sample(range(len(docs)), 3):       # analysed again, the same (a rename elsewhere)
            d = docs[n]
            docs[n] = search_index.Doc.made(d.location, d.title, d.summary, d.length, d.words, array(d.scores.typecode, d.scores))
        assert index.build(docs) == search_index.Index().build(docs), f"round {round_}"
    # the best page of a frequent term (its x/ file shows its title and summary) renamed alone
    files = index.build(docs)
    best = json.loads(next(content for rel, content in sorted(files.items()) if rel.startswith("x/")))[2][0][0]
    for change in ({"title": "只改标题"}, {"summary": "只改摘要"}):
        d = docs[best]
        docs = docs[:]
        docs[best] = search_index.Doc.made(d.location, change.get("title", d.title), change.get("summary", d.summary),
                                           d.length, d.words, d.scores)
        assert index.build(docs) == search_index.Index().build(docs), change


def test_own_names_outweigh_titles_which_outweigh_text():
    segment.teach(["测试人"])
    own = search_index.analyse("people/a/", "测试人", ["测试人"], "<p>测试人的生平。</p>")
    titled = search_index.analyse("policies/b/", "学习测试人的通知", [], "<p>通知正文。</p>")
    text = search_index.analyse("people/c/", "别人", ["别人"], "<p>测试人" + "和别人" * 5 + "。</p>")
    files = search_index.build([own, titled, text])
    postings = {}
    for rel, content in files.items():
        if rel.startswith("t/") and '"测试人"' in content:
            postings = json.loads(content)["测试人"]
    ids, scores, n = postings[1], postings[2], 0
    by_page = {}
    for delta, score in zip(ids, scores):
        n += delta
        by_page[n] = score
    locations = sorted(d.location for d in (own, titled, text))
    score_of = {loc: by_page[locations.index(loc)] for loc in locations}
    assert score_of["people/a/"] > score_of["policies/b/"] > score_of["people/c/"]


def test_analysis_is_cached_by_content():
    first = search_index.analyse("x/", "标题", ["键"], "<p>正文内容。</p>")
    assert search_index.analyse("x/", "标题", ["键"], "<p>正文内容。</p>") is first
    assert search_index.analyse("x/", "标题", ["键"], "<p>正文改了。</p>") is not first


def test_elements_marked_data_search_exclude_are_not_indexed():
    content = ('<p>留下的正文。</p><div class="x" data-search-exclude><div>内层</div><p>排除的列表</p></div>'
               '<p>后面的正文。</p><span data-search-exclude>短的</span>')
    assert search_index.text_of(search_index.without_excluded(content)) == "留下的正文。 后面的正文。"
    doc = search_index.analyse("k/", "标题", [], content)
    assert "排除" not in doc.words and "正文" in doc.words


def test_text_is_split_as_if_normalised():
    """segment.py skips NFKC for text of ASCII, Han and common punctuation only: the punctuation
    it lets through must never become part of a term, and other text must still be normalised."""
    inert = [chr(c) for c in range(0x10000) if re.fullmatch(f"[{segment.INERT}]", chr(c))]
    assert "，" in inert and "…" in inert and "\u3000" in inert
    assert not [c for c in inert if re.search(r"[a-z0-9\u3400-\u9fff]", unicodedata.normalize("NFKC", c).lower())]
    segment.teach(["测试人"])
    for text in ["测试人，２０１２年（ＡＢＣ）…", "测试人，2012年（ABC）…", "⽼测试人①号", "café测试人"]:
        assert segment.tokens(text) == segment.tokens(unicodedata.normalize("NFKC", text) + " ")
    assert segment.tokens("测试人，２０１２年（ＡＢＣ）")[-3:] == ["2012", "年", "abc"]


def test_words_inside_names_but_not_their_single_characters():
    segment.teach(["黄大年", "北京协和医院", "协和医院", "协和医院院史馆"])
    person = search_index.analyse("people/h/", "黄大年", ["黄大年", "大年", "~黄大"], "<p>生平。</p>")
    assert "年" not in person.words and "大" not in person.words          # 大年 segments as 大 + 年
    place = search_index.analyse("places/x/", "协和医院院史馆", ["协和医院院史馆", "Xiehe"], "<p>院史。</p>")
    score = dict(zip(place.words, place.scores))
    for inside in ("协和医院", "院史", "史馆", "医院"):
        assert score.get(inside, 0) >= search_index.TITLE, inside
    assert "和医" not in score                                           # 和: a function character
    assert set(segment.inner("北京协和医院")) >= {"北京", "协和", "协和医院", "京协", "医院"}
