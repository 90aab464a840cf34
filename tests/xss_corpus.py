"""XSS vectors for the fuzzing harness (tests/test_xss_fuzz.py): two public corpora
(tests/data/xss/, see its README) and variations generated here, each as a template that is
made into the text of one case (vector × place) by `Vector.text(number)`.

What a vector runs is made visible: every alert(…), prompt(…), confirm(…) and print(…) call (and
H5SC's %js_…% placeholders) becomes `__xss(N, …)`, a function the harness defines in every
frame, so a call tells which case ran. Every address a generated vector loads points at
EVIL_HOST under /N/, a host the harness watches (any host but the served one counts).
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "xss"
EVIL_HOST = "evil.invalid"
FLAG = "__xss"               # the function a vector calls when it runs (defined by the harness)

# Tokens of the templates, replaced in Vector.text(n):
N = "⟦N⟧"                    # the case number
JS = f"{FLAG}({N})"          # script that reports the case
H = f"{EVIL_HOST}/{N}"       # host and path that report the case when fetched

# The places of a person profile where a vector is put, one place per profile: the Markdown
# body and the text fields the site prints (hooks/archive/schema.yaml, kind person; pages/kinds/person.py
# and pages/posters.py print them). honours[].name is a controlled vocabulary, so the honour's
# text is its conferrer.
PLACES = ("body", "name", "alt_names", "abstract", "positions.organization", "positions.title",
          "honours.conferrer", "works", "sources.title", "review.note")


@dataclass(frozen=True)
class Vector:
    id: str          # dompurify-012, h5sc-034, gen-srcset-02
    source: str      # dompurify, h5sc, generated
    kind: str        # the variation type of a generated vector; the source's name otherwise
    template: str    # the vector as stored (corpora) or written here (generated)

    def text(self, number: int) -> str:
        """The vector as put into case `number`: calls report the case, placeholders expanded."""
        out = self.template
        if self.source == "h5sc":
            out = _expand_h5sc(out)
        out = rewrite_calls(out)
        out = out.replace("⟦B64⟧", base64.b64encode(f"<script>{JS}</script>".replace(N, str(number)).encode()).decode())
        return out.replace(N, str(number))


# -- rewriting the corpora's calls ------------------------------------------------------------
_OPEN = r"(?:\(|&#0*40;?|&#[xX]0*28;?|&lpar;)"            # "(" as written or as an entity
_CALL = re.compile(rf"(?<![\w$.])(?:window\.|self\.|top\.|parent\.)?(alert|prompt|confirm|print)(\s*)({_OPEN})")
_TAGGED = re.compile(r"(?<![\w$.])(?:window\.|self\.|top\.|parent\.)?(alert|prompt|confirm|print)`[^`]*`")
_BARE = re.compile(r"(?<![\w$.\-])(?:window\.|self\.|top\.|parent\.)?(alert|prompt|confirm)(?![\w$\-(`])")


def rewrite_calls(text: str) -> str:
    """alert(1) → __xss(N,1); alert`1` → __xss`N`; a bare alert (onerror=alert) → a function that
    reports N. The arguments stay (they may be what the vector is about) and the brackets balance."""
    text = _CALL.sub(lambda m: f"{FLAG}{m.group(2)}{m.group(3)}{N},", text)
    text = _TAGGED.sub(f"{FLAG}`{N}`", text)
    return _BARE.sub(f"{FLAG}.bind(null,{N})", text)


_PLACEHOLDER = re.compile(r"%(js_[a-z0-9_]+|html_alert_encoded|([a-z]+(?:_font)?)_path(?:_\d)?)%")


def _h5sc_value(m: re.Match) -> str:
    name = m.group(1)
    if m.group(2):                                  # %css_path% …: a test file on H5SC's site
        return f"//{H}/test.{m.group(2).replace('_font', '')}"
    if name.startswith("js_uri_alert"):
        return f"javascript:{JS}"
    return {
        "js_alert_only": f"{FLAG}.bind(null,{N})",
        "js_alert_entities": f"{FLAG}&#x28;{N}&#x29;",
        "js_alert_html5ent": f"{FLAG}&lpar;{N}&rpar;",
        "js_alert_template": f"{FLAG}`{N}`",
        "js_esc_template": f"{FLAG}\\u0028{N}\\u0029",
        "js_base64_alert": "⟦B64⟧",
        "js_utf7_alert_1": f"+ADw-script+AD4-{JS}+ADw-/script+AD4-",
        "js_utf7_alert_2": f"+ADw-img src+AD0-x onerror+AD0-{JS}+AD4-",
        "html_alert_encoded": f"&lt;script&gt;{JS}&lt;/script&gt;",
    }.get(name, JS)                                 # js_alert, js_alert_2, js_write, js_focus …


def _expand_h5sc(text: str) -> str:
    return _PLACEHOLDER.sub(_h5sc_value, text)


# -- generated variations -------------------------------------------------------------------
def _dec(s: str) -> str:
    return "".join(f"&#{ord(c)};" for c in s)


def _hex(s: str) -> str:
    return "".join(f"&#x{ord(c):X};" for c in s)


def _padded(s: str) -> str:      # no semicolons, zero-padded: still decoded by browsers
    return "".join(f"&#{ord(c):07d}" for c in s)


def _generated() -> dict[str, list[str]]:
    """Variation type → templates (JS: script that reports the case; H: the watched host)."""
    img = f"<img src=x onerror={JS}>"
    return {
        "case": [
            f"<ScRiPt>{JS}</sCrIpT>",
            f"<IMG SRC=x OnErRoR={JS}>",
            f'<a HREF="JaVaScRiPt:{JS}">x</a>',
            f"<sVg OnLoAd={JS}>",
            f"<DeTaIlS OpEn OnToGgLe={JS}>x</DeTaIlS>",
            f"[x](JAVASCRIPT:{JS})",
            f"<IfRaMe SrC=//{H}/a.html></iFrAmE>",
            f"![x](HTTP://{H}/a.png)",
        ],
        "entity-javascript": [
            f'<a href="{_dec("javascript:")}{JS}">x</a>',
            f'<a href="{_hex("javascript:")}{JS}">x</a>',
            f'<a href="{_padded("javascript:")}{JS}">x</a>',
            f'<a href="javascript&colon;{JS}">x</a>',
            f'<a href="jav&Tab;ascript:{JS}">x</a>',
            f'<a href="jav&#x09;ascript&#x3A;{JS}">x</a>',
            f'<a href="&#14;javascript:{JS}">x</a>',
            f'<a href="&#32;&#1;javascript:{JS}">x</a>',
            f"[x](&#106;avascript:{JS})",
            f"[x](javascript&#58;{JS})",
            f"[x](javascript&colon;{JS})",
            f'<iframe src="{_dec("javascript:")}{JS}"></iframe>',
            f'<form><button formaction="{_hex("javascript")}:{JS}">x</button></form>',
            f'<img src=x onerror="{_dec(FLAG + "(")}{N}{_dec(")")}">',
        ],
        "whitespace-in-attribute": [
            f"<img src=x\tonerror={JS}>",
            f"<img\nsrc=x\nonerror={JS}>",
            f"<img src=x\fonerror={JS}>",
            f"<img src=x\ronerror={JS}>",
            f"<img/src=x/onerror={JS}>",
            f"<img src=x onerror\t=\t{JS}>",
            f"<img src=x\n  onerror\n  =\n  {JS}>",
            f'<a href="java\tscript:{JS}">x</a>',
            f'<a href="java\nscript:{JS}">x</a>',
            f'<a href="java\rscript:{JS}">x</a>',
            f'<a href="\x01javascript:{JS}">x</a>',
            f'<a href="  javascript:{JS}">x</a>',
            f"[x](java\tscript:{JS})",
            f'<img src="\x01//{H}/a.png">',
            f'<img src="\t//{H}/b.png">',
        ],
        "stray-quote": [
            f"<img src=x title=it's onerror={JS} alt='>",
            f'<img src=x alt=a"b onerror={JS} title=">',
            f"<img src=x alt=x' onerror={JS} '>",
            f"<img src=x' onerror={JS}//'>",
            f"<img src=x id='a' alt=b' onerror={JS} c='>",
            f"<x title=a'b onclick={JS} tabindex=1 autofocus onfocus={JS} c='>x</x>",
            f"<img src=//{H}/a.png alt='>",
            f"<img alt=it's src=//{H}/b.png title='>",
        ],
        "image-element": [
            f"<image src=//{H}/a.png>",
            f"<image src=x onerror={JS}>",
            f"<IMAGE SRC=http://{H}/b.png>",
            f"<image srcset=//{H}/c.png>",
        ],
        "backslash-host": [
            f'<img src="/\\{H}/a.png">',
            f"<img src=\\\\{H}\\b.png>",
            f'<img src="\\/{H}/c.png">',
            f"![x](/\\{H}/d.png)",
            f"![x](\\\\{H}/e.png)",
            f'<img src="http:\\\\{H}\\f.png">',
            f'<link rel=stylesheet href="/\\{H}/g.css">',
        ],
        "scheme-without-slashes": [
            f'<img src="https:{H}/a.png">',
            f"<img src=https:/{H}/b.png>",
            f'<img src="https:\\\\{H}/c.png">',
            f"![x](https:{H}/d.png)",
            f'<img src="HTTPS:{H}/e.png">',
            f"<video poster=https:{H}/f.png></video>",
        ],
        "srcset": [
            f'<img srcset="//{H}/a.png 1x">',
            f'<img src=../media/none.png srcset="http://{H}/b.png 2x">',
            f"<picture><source srcset=//{H}/c.png><img src=y></picture>",
            f'<img srcset="data:image/png;base64,AAAA 1x, //{H}/d.png 2x">',
            f'<img sizes=1px srcset="https://{H}/e.png 1w">',
        ],
        "background-attribute": [
            f'<table><tr><td background="//{H}/a.png">x</td></tr></table>',
            f"<table background=//{H}/b.png><tr><td>x</td></tr></table>",
            f"<body background=//{H}/c.png>",
            f"| a |\n| - |\n| <td background=//{H}/d.png>x |",
        ],
        "style-url": [
            f'<div style="background:url(//{H}/a.png)">x</div>',
            f"<p style=background-image:url(http://{H}/b.png)>x</p>",
            f"<span style=\"background:url('//{H}/c.png')\">x</span>",
            f'<div style="background:u\\rl(//{H}/d.png)">x</div>',
            f'<div style="background:\\75 rl(//{H}/e.png)">x</div>',
            f'<div style="background:url(&quot;//{H}/f.png&quot;)">x</div>',
            f'<div style="--x:url(//{H}/g.png);background:var(--x)">x</div>',
            f'<div style="background-image:image-set(url(//{H}/h.png) 1x)">x</div>',
            f'<ul style="list-style-image:url(//{H}/i.png)"><li>x</li></ul>',
            f"<style>@import url(//{H}/j.css)</style>",
            f'x\n{{: style="background:url(//{H}/k.png)" }}',
            f'<div style="background:url(/\\{H}/l.png)">x</div>',
        ],
        "media-url": [
            f"<video poster=//{H}/a.png></video>",
            f"<video src=//{H}/b.mp4 autoplay muted></video>",
            f"<audio src=//{H}/c.mp3 autoplay></audio>",
            f"<video><source src=//{H}/d.mp4></video>",
            f"<video><track src=//{H}/e.vtt default></video>",
            f"<input type=image src=//{H}/f.png>",
            f"<object data=//{H}/g.swf></object>",
            f"<embed src=//{H}/h.swf>",
            f"<iframe src=//{H}/i.html></iframe>",
            f"<link rel=stylesheet href=//{H}/j.css>",
            f"<base href=//{H}/k/>",
            f'<meta http-equiv=refresh content="0;url=//{H}/l">',
            f"<video poster=x onerror={JS}></video>",
            f"<script src=//{H}/m.js></script>",
            f"<link rel=preload as=image href=//{H}/n.png>",
            f"<svg><image href=//{H}/o.png /></svg>",
            f"<img src=x lowsrc=//{H}/p.png dynsrc=//{H}/q.avi>",
        ],
        "code-span": [
            f"`{img}`",
            f"\\`{img}\\`",
            f"``{img}`",
            f"`x`{img}`y`",
            f"`a\n\n{img}\n\n`",
            f"```\n\n{img}\n\n```",
            f"    {img}",
            f"- a\n\n    {img}",
            f"<code>`</code>{img}`",
            f"`{img}",
            f"`` ` ``{img}",
        ],
        "attr-list": [
            f'x\n{{: onclick="{JS}" }}',
            f"## H {{: onmouseover={JS} }}",
            f"[x](#){{: onclick={JS} }}",
            f"x\n{{: tabindex=1 autofocus onfocus={JS} }}",
            f"x\n{{:onfocus={JS} autofocus tabindex=0}}",
            f"x\n{{ onclick={JS} }}",
            f'[x](https://example.org/){{: href="javascript:{JS}" }}',
            f"![x](../media/none.png){{: src=//{H}/a.png }}",
            f'x\n{{: title="}}" ONFOCUS={JS} autofocus tabindex=2 }}',
            f'[x](https://example.org/){{: href="&#106;avascript:{JS}" }}',
        ],
        "markdown-link": [
            f"[x](javascript:{JS})",
            f"[x]( javascript:{JS} )",
            f"[x](<javascript:{JS}>)",
            f"[x][r]\n\n[r]: javascript:{JS}",
            f"<javascript:{JS}>",
            f"[x](javascript://%0a{JS})",
            "[x](data:text/html;base64,⟦B64⟧)",
            f"[x](vbscript:{JS})",
            f"[x](\x01javascript:{JS})",
            f'[x](javascript:{JS} "t")',
        ],
        "markdown-image": [
            f"![x](//{H}/a.png)",
            f"![x](http://{H}/b.png)",
            f"![x][i]\n\n[i]: //{H}/c.png",
            f"![x](<//{H}/d.png>)",
            f"![x]( //{H}/e.png)",
            f"![a[b]c](//{H}/f.png)",
            f"![a\nb](//{H}/g.png)",
            f'![x](//{H}/h.png "t")',
            f"[![x](//{H}/i.png)](#)",
            f"![](https://{H}/j.png)",
        ],
        "markdown-extension": [
            f'!!! note "{img}"\n    x',
            f'!!! note "&lt;img src=x onerror={JS}&gt;"\n    x',
            f"## &lt;img src=x onerror={JS}&gt;",
            f"## {img}",
            f'<div markdown="1">[x](javascript:{JS})</div>',
            f"<div markdown>\n\n{img}\n\n</div>",
            f"| a |\n| - |\n| {img} |",
            f"## x\n\n[y](#){{: onclick={JS} }}",
        ],
        "parser-differential": [
            f"<img src=x onerror={JS}",
            f"<img src=x onerror={JS}//",
            f"<!--><img src=x onerror={JS}>-->",
            f"<!-- --!><img src=x onerror={JS}>-->",
            f'<noscript><p title="</noscript><img src=x onerror={JS}>">',
            f'<textarea><img title="</textarea><img src=x onerror={JS}>">',
            f'<title><img title="</title><img src=x onerror={JS}>">',
            f"<svg><p><style><img src=x onerror={JS}>",
            f"<math><mtext><table><mglyph><style><img src=x onerror={JS}>",
            f'<img src="x"onerror={JS}>',
            f"<x onclick={JS}>x</x>",
            f"<details open ontoggle={JS}>x</details>",
            f"<input autofocus onfocus={JS}>",
            f'<iframe srcdoc="&lt;img src=x onerror={JS}&gt;"></iframe>',
            f'<object data="javascript:{JS}"></object>',
            f"<form action=javascript:{JS}><input type=submit></form>",
            f"<img src=x:y onerror={JS}>",
            f"<a href=x<img src=x onerror={JS}>",
            f"<img src=x onerror={JS}\u00a0>",
            f"<img src=x o\x00nerror={JS}>",
            img,
        ],
    }


# -- loading -----------------------------------------------------------------------------
def load_vectors() -> list[Vector]:
    """Every vector: DOMPurify's payloads, H5SC's data, then the generated variations."""
    out = [Vector(item["id"], "dompurify", "dompurify", item["payload"])
           for item in json.loads((DATA / "dompurify.json").read_text(encoding="utf-8"))]
    out += [Vector(item["id"], "h5sc", "h5sc", item["data"])
            for item in json.loads((DATA / "h5sc.json").read_text(encoding="utf-8"))]
    for kind, templates in _generated().items():
        out += [Vector(f"gen-{kind}-{n:02d}", "generated", kind, t) for n, t in enumerate(templates, 1)]
    return out


@dataclass(frozen=True)
class Case:
    """One vector in one place: a profile of its own, numbered for the whole corpus."""
    number: int
    vector: Vector
    place: str

    @property
    def label(self) -> str:
        return f"{self.vector.id}@{self.place}"

    @property
    def profile_id(self) -> str:
        return f"fz-{self.number}"

    def text(self) -> str:
        return self.vector.text(self.number)


def all_cases(vectors: list[Vector] | None = None) -> list[Case]:
    vectors = load_vectors() if vectors is None else vectors
    return [Case(1000 + i * len(PLACES) + j, v, place)
            for i, v in enumerate(vectors) for j, place in enumerate(PLACES)]


def _rank(label: str) -> str:
    return hashlib.sha256(label.encode()).hexdigest()


def sample_cases(cases: list[Case] | None = None, size: int = 40) -> list[Case]:
    """A deterministic sample, each vector once, ranked by hash: for every variation type and
    each corpus a vector in the body (where Markdown and HTML are read), for every text field a
    vector in that field, then corpus vectors in places taken in turn, up to `size` cases."""
    cases = all_cases() if cases is None else cases
    ranked = sorted(cases, key=lambda c: _rank(c.label))
    chosen: list[Case] = []
    used: set[str] = set()

    def take(wanted) -> bool:
        for c in ranked:
            if c.vector.id not in used and wanted(c):
                chosen.append(c)
                used.add(c.vector.id)
                return True
        return False

    for kind in sorted({c.vector.kind for c in cases}):
        take(lambda c: c.vector.kind == kind and c.place == "body")
    for place in PLACES[1:]:
        take(lambda c: c.place == place)
    turn = 0
    while len(chosen) < size and take(lambda c: c.vector.source != "generated" and c.place == PLACES[turn % len(PLACES)]):
        turn += 1
    return sorted(chosen, key=lambda c: c.number)
