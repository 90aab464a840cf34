"""Words the search treats specially, defined once here and sent to the browser's search worker
in search/n.json (search_index.py) with the synonyms of profiles/synonyms.yaml (synonyms.py).

- STOP_CHARACTERS: function characters. They pair with no neighbour into a two-character term
  (segment.pairs), in pages and queries alike.
- STOP_WORDS: what a question is made of (如何, 哪些, 是谁 …) besides what it asks about: left out
  of a query, unless the query is nothing else.
- CONTRIBUTING: words of a query about contributing to the archive. Without one of them, the
  contributors' pages (guide/: 贡献指南, 字段说明, which quote an example of every field) are not
  among a reader's results.
- KINDS: the label shown before each result, by the first folder of its address.
"""
from __future__ import annotations

STOP_CHARACTERS = frozenset("的了和与及是在也都而并吗呢吧啊呀么着过把被")

STOP_WORDS = sorted({
    # asking
    "如何", "怎样", "怎么", "怎么样", "怎么办", "什么", "什么样", "为什么", "为何", "哪些", "哪个", "哪位",
    "哪里", "哪儿", "哪国", "哪年", "哪家", "哪", "谁", "是谁", "有谁", "几", "多少", "是否", "是不是",
    "请问", "请", "介绍", "一下", "有哪些", "都有", "有没有", "吗", "呢", "吧", "啊", "呀",
    # joining
    *STOP_CHARACTERS, "关于", "有关", "以及", "或者", "还是", "一个", "一些", "这个", "那个", "这些", "那些",
    "我", "我们", "你", "你们", "他", "他们", "她", "它", "要", "有", "能", "会", "可以", "应该", "应当",
    "获得过", "得过", "曾经",
})

CONTRIBUTING = sorted({
    "贡献", "贡献者", "贡献指南", "投稿", "供稿", "字段", "字段说明", "档案格式", "格式", "模板", "撰写", "编写",
    "提交", "新建", "添加", "增加档案", "修改档案", "校验", "检查", "报错", "错误", "审核", "编辑部", "头信息",
    "拉取请求", "make", "yaml", "markdown", "git", "github", "pr",
})

# Profile folders (schema.yaml: kinds' `folder`) and the site's other sections.
KINDS = {
    "people": "人物", "groups": "群体", "policies": "政策文件", "spirits": "精神", "places": "教育基地",
    "organizations": "机构", "campaigns": "主题活动", "activities": "活动记录", "study": "学习材料",
    "browse": "浏览", "guide": "贡献指南", "about": "关于本站", "": "首页",
}
LIST = "浏览"             # a folder's own index page (people/ …) lists profiles: a page to browse
CONTRIBUTORS = ("guide",)  # folders of the contributors' pages


def kind(location: str) -> str:
    """The label of a result at `location` (a page's address relative to the site: people/tu-youyou/)."""
    parts = [p for p in location.split("/") if p]
    if len(parts) == 1 and parts[0] in KINDS and parts[0] not in ("about", "guide"):
        return LIST
    return KINDS.get(parts[0] if parts else "", "")


def for_browser() -> dict:
    """What the search worker needs of these (in search/n.json)."""
    return {"stopchars": "".join(sorted(STOP_CHARACTERS)), "stop": STOP_WORDS, "contributing": CONTRIBUTING,
            "kinds": KINDS, "list": LIST, "contributors": list(CONTRIBUTORS)}
