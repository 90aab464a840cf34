"""Problems found in profiles: one type, one catalogue of codes, one output format.

Every message is Chinese and says what is wrong and how to fix it; codes are stable so
that CI logs, editors and tests can refer to them.
"""
from __future__ import annotations

import errno
import re
from dataclasses import dataclass

# code -> (message template, fix). Templates use str.format with named fields.
CATALOGUE: dict[str, tuple[str, str]] = {
    # E0xx: the file itself
    "E001": ("无法读取文件：{detail}", "检查文件权限与路径"),
    "E002": ("文件不是 UTF-8 编码（第 {byte} 字节无法解码）", "用 UTF-8 编码重新保存文件"),
    "E003": ("文件过大：{size} KB，上限 {limit} KB", "精简正文，或把长篇资料作为来源链接而不是全文收录"),
    "E004": ("缺少 YAML 头信息", "文件第一行必须是 ---，其后是字段，再以一行 --- 结束"),
    "E005": ("YAML 语法错误：{detail}", "检查该行的缩进、冒号和引号；含冒号或 # 的值请加引号"),
    "E006": ("YAML 中使用了制表符（Tab）", "YAML 只能用空格缩进，把 Tab 换成两个空格；值里的 Tab 也请换成空格"),
    "E007": ("头信息应是“字段: 值”的映射，实际是{actual}", "每行写成“字段名: 值”的形式"),
    "E008": ("不允许使用 YAML 标签 {tag}", "删除 ! 开头的标签，直接写值；日期等请加引号写成字符串"),
    "E010": ("字段“{field}”重复出现", "同一字段只能写一次，删除多余的一行"),
    "E013": ("无法读取受控词表 profiles/vocabularies.yaml：{detail}", "恢复这个文件（git checkout profiles/vocabularies.yaml），类别、省份、荣誉等字段要据它核对"),
    "E014": ("词表“{field}”应是文字的列表", "写成“{field}:”下每行一个“  - 值”"),
    "E015": ("“{key}”不能作为字段名", "字段名是字段说明中的英文名，如 name、birth；数字、null、列表不能作字段名，需要时给它加引号"),
    "E012": ("头信息嵌套超过 {limit} 层", "字段的值最多是“列表中的映射中的列表”这样几层，检查多余的 [ 或缩进"),
    "E011": ("字段“{field}”用了 YAML 别名（*名称，指向 &名称 处的内容）", "档案不支持锚点和别名：删去 & 与 * 标记，把内容直接写出来"),
    "E016": ("{where}的{what}超过 {limit} 层", "网站无法安全处理这样的结构：删去多余的符号，或把内容拆成几段"),
    "E017": ("排版检查程序处理{where}时意外终止（{detail}）", "这段文字可能含有异常的字符或结构：检查并简化后再运行 make check；若仍如此，请把文件交给技术人员"),
    "E018": ("这是{what}，不是普通文件：档案和图片只读取普通文件", "把实际的文件复制到这里，删除链接；网站不会读取或发布链接指向的内容"),
    "E020": ("无法读取同义词表 profiles/synonyms.yaml：{detail}", "恢复这个文件（git checkout profiles/synonyms.yaml）；不需要同义词时也可以删除它"),
    "E021": ("同义词表中“{field}”这一条{why}", "每行写成“读者输入的词: [档案中用的词, …]”，如“肝癌: [肝胆外科]”；每个词 1 至 20 个字，不能与目标相同"),
    "E022": ("同义词表中“{field}”的目标“{value}”在档案中找不到", "目标应是档案的名称、别名、领域等字段或正文中原样出现的词（读者搜索“{field}”时按它查找）：改正写法，或删去这个目标"),
    "E009": ("文件名“{name}”不是合法的档案编号", "文件名只能用小写拼音字母、数字和连字符，如 tu-youyou.md"),
    "E019": ("档案编号“{value}”是网站保留的名称：{why}，这份档案的网页会顶替那一页或被它遮住",
             "给文件改名，换一个编号（一般用名称的拼音，如 tu-youyou.md）；保留的名称有：{reserved}"),
    # E1xx: fields
    "E101": ("{state}必填字段“{field}”（{label}）", "{action}：{help}"),
    "E102": ("字段“{field}”：日期格式应为 YYYY、YYYY-MM 或 YYYY-MM-DD，实际为“{value}”{wide}", "改为如 \"1930\"、\"1930-12\" 或 \"1930-12-30\"，并加引号{halfwidth}"),
    "E103": ("字段“{field}”：应为{expected}，实际为{actual}", "按字段说明改写：{help}"),
    "E104": ("未知字段“{field}”", "检查拼写；{kind}可用的字段有：{allowed}"),
    "E105": ("字段“{field}”：“{value}”不在允许的取值中", "可选值：{allowed}{extra}"),
    "E106": ("字段“{field}”：发文字号格式不正确：“{value}”", "写成“机关代字〔年份〕序号号”，如 卫办发〔2012〕31号（年份用六角括号〔〕）"),
    "E107": ("字段“{field}”：网址无效：“{value}”{space}", "写完整的 http:// 或 https:// 网址{nospace}"),
    "E108": ("字段“{field}”：内容过长（{length} 字，上限 {limit} 字）", "精简到上限以内"),
    "E109": ("已审核的档案必须有来源", "补充 sources，或把 review.status 改回“待审核”"),
    "E110": ("字段“{field}”：来源需要网址（url）或出版物（publication）", "补充 url 或 publication"),
    "E111": ("字段“{field}”：日期“{value}”不存在", "核对年月日"),
    "E112": ("字段“{field}”：逝世日期早于出生日期", "核对 birth 与 death"),
    "E113": ("字段“{field}”：需写 id（已收录文件）或 title（未收录文件）", "已收录的文件写 id，未收录的写 title 和 doc_number"),
    "E114": ("字段“{field}”：找不到图片文件 profiles/media/{value}", "把图片放到 profiles/media/ 下，或改正文件名"),
    "E115": ("图片格式为 {actual}，网站只收 JPEG、PNG 或 WebP", "照片另存为 JPEG，图表或截图另存为 PNG，再放入 profiles/media/"),
    "E116": ("图片太大（{size}，{pixels} 像素），上限 {max_mb} MB、长边 {max_side} 像素",
             "运行 make fix 自动缩小（同时去掉拍摄地点等元数据），或自行缩小后再放入"),
    "E117": ("字段“{field}”：纬度 {lat}、经度 {lon} 不是有效的位置{hint}",
             "lat 写纬度（-90 至 90，中国境内约 4 至 54），lon 写经度（-180 至 180，中国境内约 73 至 135），可在地图软件中核对"),
    "E119": ("字段“{field}”：来源需要标题（title），读不到标题时写内容（about）",
             "照录来源的标题；读不到时在 about 中用一句话说明它是什么（如“王忠诚逝世的消息”），原因写在 note"),
    "E118": ("字段“{field}”（{label}）：{rule}，实际为“{value}”", "{how}"),
    "E120": ("字段“{field}”（{label}）：日期“{value}”晚于今天（{today}）", "{how}"),
    # E15x: discussion questions of study pages (study.questions), checked against the document's text
    "E150": ("字段“{field}”：标为“原文”的问题在《{title}》正文中找不到", "照录文件原话，一字不改，不加引号和问号；若是编辑部拟写的问题，把 origin 改为“编者”"),
    "E151": ("字段“{field}”：引文在《{title}》正文中找不到", "照录文件正文中的一段，一字不改、标点一致（可在该文件页面复制）"),
    "E152": ("字段“{field}”：没有写明出自哪份文件", "在 document 中填写政策文件的编号（profiles/policies/ 下的文件名，不含 .md）"),
    # E2xx: references between profiles
    "E201": ("字段“{field}”：找不到编号为“{value}”的档案", "核对编号（即 profiles/ 下的文件名，不含 .md）{suggestion}"),
    "E202": ("字段“{field}”：“{value}”是{actual}档案，这里需要{expected}档案", "改为{expected}档案的编号"),
    "E203": ("档案编号“{value}”重复，另见 {other}", "编号即文件名，须全站唯一：给其中一个文件改名"),
    "E204": ("文件放错了目录：档案只能直接放在各类别的目录中", "移到 {folders} 之一，如 profiles/people/tu-youyou.md"),
    "E205": ("重定向“{value}”指向的档案“{target}”不存在", "冒号后写改名后档案的编号（profiles/ 下的文件名，不含 .md）"),
    "E206": ("重定向的旧地址“{value}”上仍有档案 {other}", "旧地址仍有档案时不需要重定向：删除这一行"),
    "E207": ("已发布的网址“{value}”不再有档案，也没有重定向",
             "档案改名或移动后，在 profiles/redirects.yaml 中加一行“{old}: 新编号”；确需下线时，在同一拉取请求中删除本行并说明原因"),
    "E209": ("正文中的链接“{value}”{why}", "链接其他档案写相对路径，如 ../people/tu-youyou.md（或直接写名称，构建时自动加链接）；图片放在 profiles/media/，写 ../media/文件名"),
    "E208": ("profiles/redirects.yaml 格式不对：{detail}", "每行写成“目录/旧编号: 新编号”，如 people/tan-youyou: tu-youyou"),
    # E3xx: unsafe content
    "E301": ("{where}含有网站不允许的 HTML 标签 <{tag}>", "删除该标签；正文请用 Markdown 书写（允许的少数标签见贡献指南）"),
    "E302": ("{where}含有事件属性 {attr}=", "删除 on… 属性；页面不允许嵌入脚本"),
    "E304": ("{where}引用了站外图片 {url}", "内网读者无法访问站外地址：把图片放到 profiles/media/，在 images 中注明作者与授权后引用"),
    "E303": ("{where}含有运行脚本的链接（{scheme}:）", "改为 http:// 或 https:// 链接"),
    "E307": ("{where}含有网站不允许的属性 {attr}（在 <{tag}> 中）", "删除该属性：正文只能用 Markdown 的格式，样式由网站统一设定"),
    "E308": ("{where}含有网站不支持的链接协议 {scheme}:", "链接只能是 http://、https://、mailto: 或站内的相对路径"),
    "E309": ("{where}的图片地址 {url} 不在本站的图片目录中", "图片放在 profiles/media/，正文中写 ![说明](../media/文件名)"),
    "E305": ("{where}含有私用区字符 {char}（不可见或显示为方框）", "删除该字符；多为输入法或从其他文档复制时带入"),
    "E306": ("{where}含有不可见的控制字符 {char}（控制字符、零宽字符或改变文字方向的字符）", "删除该字符：它让看到的文字与搜索、链接用到的不同；多为从网页复制时带入"),
    # E4xx: personal data
    "E401": ("{where}疑似含有居民身份证号码（{masked}）", "删除身份证号码：档案不得公开个人身份信息"),
    "E402": ("{where}疑似含有手机号码（{masked}）", "删除手机号码；政策文件中的办公电话可保留"),
    # E5xx: Chinese typography (E501, E502, E504 are advice; see WARNINGS)
    "E501": ("{where}：中文与英文字母、数字之间宜加空格：{changes}", "运行 make fix 自动改正，或照此手工修改"),
    "E502": ("{where}：标点或字符宽度不规范：{changes}", "中文句子用全角标点，英文字母和数字用半角；运行 make fix 自动改正，或照此手工修改"),
    "E503": ("{where}含有形近的部首符号“{char}”（U+{codepoint}），看似汉字，实为{fixed}以外的字符", "{how}"),
    "E504": ("{where}是照录的原文，其中含有形近的部首符号“{char}”（U+{codepoint}），应为{fixed}", "与原件核对后手工改正；make fix 不改动照录的原文"),
    # E6xx: campaigns, nominations and activities (rules over the whole archive; E607 is advice)
    "E601": ("字段“{field}”：{body}在“{campaign}”中推荐了 {count} 人，超过每单位 {quota} 人的名额（{campaign_at}）。全部 {count} 条推荐：{places}",
             "撤下多余的推荐，或核对推荐单位（body）是否写错"),
    "E602": ("字段“{field}”：“{value}”不是“{campaign}”的推荐类别（见 {campaign_at}）",
             "改为其中之一：{allowed}{suggestion}"),
    "E603": ("字段“{field}”：同一人在“{campaign}”中被推荐了 {count} 次：{places}",
             "一次活动只保留一条推荐记录；状态有变化时修改 status，不要另加一条"),
    "E604": ("字段“{field}”：推荐材料需写文件名（file）或网址（url）", "放在 profiles/media/ 下的材料写 file，网上的写 url"),
    "E605": ("字段“{field}”：找不到材料文件 profiles/media/{value}", "把文件放到 profiles/media/ 下，或改正文件名"),
    "E606": ("字段“{field}”：{later_label}（{later}）早于{earlier_label}（{earlier}）", "核对两个日期"),
    "E607": ("字段“{field}”：活动报告逾期 {late} 天：活动于 {ended} 结束，{reported} 才报送；“{campaign}”要求活动结束后 {days} 天内报送（{campaign_at}）",
             "核对活动日期与报送日期；逾期属实则照实记录，页面和达标情况页会标出“逾期”"),
}


# Codes that only advise (typography, late activity reports): printed by `make check`, but
# they do not fail the check or the build. Every other code is an error.
WARNINGS: frozenset[str] = frozenset({"E501", "E502", "E504", "E607"})


@dataclass(frozen=True, order=True)
class Problem:
    path: str          # relative to the repository, e.g. profiles/people/tu-youyou.md
    line: int          # 1-based; 0 when the whole file is concerned
    code: str
    message: str
    fix: str
    field: str = ""

    @property
    def is_warning(self) -> bool:
        return self.code in WARNINGS

    def format(self) -> str:
        """One line: a file name or value holding a line break cannot start another line
        (in CI, a line of its own such as "::error …" would be taken as a workflow command)."""
        where = f"{self.path}:{self.line}" if self.line else self.path
        level = "提示：" if self.is_warning else ""
        return visible(f"{where}: {self.code} {level}{self.message}。{self.fix}。")

    def github(self) -> str:
        """GitHub Actions annotation line (shown on the pull request's changed lines), encoded
        as workflow commands require: a file name or message cannot end the command early or
        start another one."""
        level = "warning" if self.is_warning else "error"
        return (f"::{level} file={_property(self.path)},line={self.line or 1},title={_property(self.code)}"
                f"::{_data(f'{self.message}。{self.fix}。')}")


def _data(text: str) -> str:
    """A workflow command's message: %, CR and LF percent-encoded (GitHub decodes them)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    """A workflow command's property value (file=, title=): also ":" and ","."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")


# Control characters and the characters that end a line (str.splitlines' list), shown escaped.
_INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def visible(text: str) -> str:
    """text with its control characters written out (a line break as \\n, others as \\x01):
    printed, it stays on one line and shows what the file holds."""
    return _INVISIBLE.sub(lambda m: _ESCAPES.get(m[0]) or f"\\u{ord(m[0]):04x}", text)


_OS_ERRORS = {errno.ENOENT: "文件不存在", errno.EACCES: "没有读取权限", errno.EPERM: "没有读取权限",
              errno.EISDIR: "这是一个目录", errno.ELOOP: "符号链接指向自身（循环）", errno.EIO: "磁盘读取出错"}


def os_error(err: OSError) -> str:
    """Why a file could not be read, in Chinese (the system's own words otherwise are English)."""
    return _OS_ERRORS.get(err.errno, err.strerror or str(err))


def problem(path: str, line: int, code: str, field: str = "", **values: object) -> Problem:
    template, fix = CATALOGUE[code]
    values.setdefault("field", field)
    return Problem(path, line, code, template.format(**values), fix.format(**values), field)
