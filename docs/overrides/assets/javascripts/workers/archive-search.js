/* Search worker for the archive's sharded index (hooks/archive/outputs/search_index.py, README "搜索").
 *
 * It speaks Material for MkDocs' search worker protocol (SETUP → READY, QUERY → RESULT), so
 * Material's search box, keyboard use, ?q= links, suggestions and result list work unchanged;
 * only where the results come from differs: instead of one index with every page's text, a
 * query fetches the few shards it needs, relative to this file (so any sub-path works).
 *
 * A query is read as the index reads text (normalise.py, segment.py): normalised (NFKC, lower
 * case, accents off, traditional characters to simplified by the table in search/n.json, a
 * 发文字号's brackets folded), then split into a 发文字号's year and number (〔2012〕31号), runs of
 * Han characters (spaces between them dropped) and runs of [a-z0-9]. A Han run is cut into terms
 * the index knows, fewest pieces and fewest single characters first (the shard of a term is chosen
 * by its first character); question words (如何, 哪些 …) are left out; a single character left
 * over stands for the two-character term it makes with a neighbour (宋维嘉 → 宋维 + 维嘉); the last
 * piece may be unfinished and is completed from its shard (医疗卫 → 医疗卫生). Pinyin typed with
 * spaces is also tried joined (qian xue sen → qianxuesen); a word the index lacks is tried as
 * fuzzy pinyin (sheng for sen) and with one letter wrong; a name with one wrong character meets
 * the name with that character left out (search_terms.name_parts). Synonyms (profiles/synonyms.yaml)
 * add the archive's words for a reader's word.
 *
 * Each page's score is the sum over the query's parts of the page's score for the part's term
 * (own names ≫ title ≫ text), times the term's rarity (and less for a synonym or a fuzzy match),
 * times the share of the query's parts (by rarity) that the page matches. Pages matched
 * only by a single character are not shown when other pages match more; the contributors' pages
 * only for a query about contributing. Each result is labelled by its kind (人物, 政策文件 …), and a
 * study page or a campaign's dashboard is shown under its profile when both are found.
 */
"use strict";

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;      // Material's SearchMessageType
const MAX_RESULTS = 20;        // results shown: each needs its page's title and summary (a fetch)
const FIRST_SHOWN = 5;         // shown first (what the result panel shows before scrolling): their
                               // page files and a frequent term's file fit the six connections a
                               // browser opens to one server, so they arrive in one round trip
const MAX_COMPLETIONS = 8;     // terms an unfinished last word may stand for
const MAX_TERM = 20;           // longest term, in characters (search_terms.py)
const MAX_NEAR = 4;            // terms a misspelt pinyin word may stand for
const SYNONYM = 0.8, FUZZY = 0.5;   // a synonym's match, a fuzzy one's, against the word's own
const SPLIT = 0.75;            // a word matched by the shorter terms it is made of, against its own
const MAX_SPLIT = 4;           // terms a word is split into, at most
const LIST = 0.9;              // a page that lists others (by its title), against a profile's text
const SINGLE = 10;             // a single character left over costs as many pieces
const ROOT = new URL("../../../search/", self.location.href);
const TOKENS = /〔[0-9]{4}〕[0-9]{1,4}号|[\u3400-\u9fff]+|[a-z0-9]+/g;
const HAN = /^[\u3400-\u9fff]/;
const HAN_SPACE = /([\u3400-\u9fff])\s+(?=[\u3400-\u9fff])/g;   // 南 仁东: a slip of the input method
const MARKED = /[\u00c0-\u024f\u1e00-\u1eff]/g;
const DOC_YEAR = /(?<=[\u3400-\u9fff]) *[[(【〔〖{（［｛] *((?:19|20)[0-9]{2}) *[\])】〕〗}）］｝] *(?=[0-9])/g;
const DOC_SAID = /(?<![0-9])((?:19|20)[0-9]{2}) *年 *第? *([0-9]{1,4}) *号/g;   // 2012年31号: 〔2012〕31号 as said
const SEPARATOR = "[\\s\\-\u2010-\u2015_./·]*";     // between the words of a synonym: covid-19, covid 19, covid19

let meta = null;
let words = null;              // search/n.json: the table, stop words, kinds, synonyms
let latest = 0;
const files = new Map();       // path -> Promise of its JSON, fetched once per worker
const loaded = new Map();      // path -> its JSON, once arrived
const pages = new Map();       // page number -> [location, title, summary], from frequent terms

function load(path) {
  if (!files.has(path)) {
    const promise = fetch(new URL(path, ROOT)).then(response => {
      if (!response.ok) throw new Error(`${response.status} ${path}`);
      return response.json();
    }).then(json => { loaded.set(path, json); return json; });
    promise.catch(() => files.delete(path));
    files.set(path, promise);
  }
  return files.get(path);
}

/* ---- Normalisation: hooks/archive/text/normalise.py, step for step ---- */

const unmark = ch => {
  const decomposed = ch.normalize("NFD");
  return decomposed[0] === "u" && decomposed.includes("\u0308") ? "v" : decomposed.replace(/[\u0300-\u036f]/g, "");
};

/* Steps 1, 2 and 4: NFKC, lower case, accents; a 发文字号's year in 〔〕. */
function fold(text) {
  return text.normalize("NFKC").toLowerCase().replace(MARKED, unmark).replace(DOC_YEAR, "〔$1〕");
}

/* Step 3 with a table {c: characters, p: phrases} (normalise.Table): one expression, every
   phrase longest first, then a class of every character. */
function compile(table) {
  const phrases = Object.keys(table.p).sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
  const chars = Object.keys(table.c).sort().join("");
  const parts = phrases.map(p => p.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&"));
  if (chars) parts.push(`[${chars.replace(/[\]\\^-]/g, "\\$&")}]`);
  return { ...table, pattern: parts.length ? new RegExp(parts.join("|"), "gu") : null };
}

function convert(text, table) {
  return table.pattern ? text.replace(table.pattern, m => table.p[m] || table.c[m]) : text;
}

function normalise(text, table) {
  return convert(fold(text), table || words.table);
}

/* Fuzzy pinyin (pinyin.fuzzy): zh ch sh as z c s, -ng as -n. */
const fuzzy = spelling => spelling.replace(/([zcs])h/g, "$1").replace(/ng/g, "n");

/* A name with each distinct character left out (search_terms.masks). */
function masks(name) {
  const chars = Array.from(name), out = [];
  for (const char of new Set(chars)) {
    const rest = chars.filter(c => c !== char).join("");
    if (rest) out.push(rest + "~" + chars.map((c, i) => c === char ? String(i) : "").join(""));
  }
  return out;
}

/* ---- The index's shards ---- */

const shardOf = term => {      // search_index.bucket(): Latin terms by two letters, others by one
  const first = term.codePointAt(0);
  const n = term.length > 1 && first < 128 ? first * 31 + term.codePointAt(1) : first;
  return `t/${n % meta.buckets}.json`;
};
const has = (shard, term) => !!shard && Object.prototype.hasOwnProperty.call(shard, term);
const known = term => has(loaded.get(shardOf(term)), term);
const df = term => loaded.get(shardOf(term))[term][0];

function completions(shard, prefix) {
  const out = Object.keys(shard).filter(t => t.length > prefix.length && t.startsWith(prefix) && !t.includes("~"));
  out.sort((a, b) => shard[b][0] - shard[a][0] || b.length - a.length || (a < b ? -1 : 1));   // 屠呦呦 before 屠呦
  return out.slice(0, MAX_COMPLETIONS);
}

/* Terms of the shard one edit (a letter added, left out, changed, or two swapped) from `word`. */
function near(shard, word) {
  const out = [];
  for (const term of Object.keys(shard)) {
    if (Math.abs(term.length - word.length) > 1 || term.includes("~") || HAN.test(term) || !oneEdit(word, term)) continue;
    out.push(term);
  }
  out.sort((a, b) => shard[b][0] - shard[a][0] || (a < b ? -1 : 1));
  return out.slice(0, MAX_NEAR);
}

function oneEdit(a, b) {
  if (a === b) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;                                     // changed
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);     // swapped
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/* ---- Reading a query ---- */

/* A part of the query: what the reader typed (label), the terms that stand for it with a factor
   each (alts), whether it is more than a stray character (strong), and whether it was completed. */
const part = (label, alts, strong, extra) => ({ label, alts, strong, ...extra });

/* The synonyms' terms for a word, as alternatives (loading their shards). */
async function synonymsOf(word) {
  const targets = words.synonyms[word] || [];
  await Promise.all(targets.map(t => load(shardOf(t))));
  return targets.filter(known).map(term => ({ term, f: SYNONYM }));
}

/* A 发文字号 said in words (2012年31号) as written (〔2012〕31号), if the index has it. */
async function saidDocNumbers(normal) {
  const said = [...normal.matchAll(DOC_SAID)].map(([, year, number]) => `〔${year}〕${number}号`);
  if (!said.length) return normal;
  await Promise.all(said.map(term => load(shardOf(term))));
  return normal.replace(DOC_SAID, (text, year, number) => known(`〔${year}〕${number}号`) ? `〔${year}〕${number}号` : text);
}

/* The query's tokens (TOKENS), a synonym of several words (covid-19, nightingale medal) as one
   token: its place -> the synonym. */
function tokenise(normal) {
  const tokens = [], phrases = new Map();
  let at = 0;
  const take = text => tokens.push(...(text.match(TOKENS) || []));
  for (const match of words.phrases ? normal.matchAll(words.phrases) : []) {
    take(normal.slice(at, match.index));
    phrases.set(tokens.length, words.phraseOf.get(compact(match[0])));
    tokens.push(match[0]);
    at = match.index + match[0].length;
  }
  take(normal.slice(at));
  return { tokens, phrases };
}

const compact = text => (text.match(TOKENS) || []).join("");

/* A synonym of several words: the archive's words for it, and its own words together on a page. */
async function phrasePart(word) {
  const pieces = word.match(TOKENS) || [];
  await Promise.all(pieces.map(t => load(shardOf(t))));
  const alts = await synonymsOf(word);
  if (pieces.length > 1 && pieces.every(known)) alts.push({ terms: pieces, f: SPLIT });
  return part(word, alts, true);
}

async function parse(query) {
  const normal = await saidDocNumbers(normalise(query).replace(HAN_SPACE, "$1"));
  const { tokens, phrases } = tokenise(normal);
  await Promise.all(tokens.flatMap((t, k) => phrases.has(k) ? []
    : HAN.test(t) ? Array.from(t, ch => load(shardOf(ch))) : [load(shardOf(t))]));
  const parts = [];
  for (let k = 0; k < tokens.length; k++) {
    const token = tokens[k], last = k === tokens.length - 1;
    if (phrases.has(k)) {
      parts.push(await phrasePart(phrases.get(k)));
    } else if (HAN.test(token)) {
      parts.push(...await hanRun(token, last, tokens.length === 1));
    } else if (token[0] === "〔") {
      parts.push(part(token, known(token) ? [{ term: token, f: 1 }] : [], true));
    } else {
      let end = k;                                  // Latin words typed apart: also tried joined
      while (end + 1 < tokens.length && /^[a-z0-9]/.test(tokens[end + 1]) && !phrases.has(end + 1)) end++;
      const latin = tokens.slice(k, end + 1);
      parts.push(...await latinRun(latin, end === tokens.length - 1));
      k = end;
    }
  }
  const kept = parts.filter(p => !p.stop);
  return kept.length ? kept : parts.map(p => ({ ...p, stop: false }));
}

/* Latin words: the longest join of neighbours the index knows (qian xue sen → qianxuesen),
   else each word: as it is, completed if last, or fuzzy. */
async function latinRun(latin, lastRun) {
  const out = [];
  for (let i = 0; i < latin.length;) {
    let taken = 0;
    for (let j = Math.min(latin.length, i + 6) - 1; j > i && !taken; j--) {
      const joined = latin.slice(i, j + 1).join("");
      const found = await latinWord(joined, lastRun && j === latin.length - 1, false);
      if (found) { out.push(found); taken = j - i + 1; }
    }
    if (!taken) {
      out.push(await latinWord(latin[i], lastRun && i === latin.length - 1, true) || part(latin[i], [], true));
      taken = 1;
    }
    i += taken;
  }
  return out;
}

async function latinWord(word, last, alone) {
  const shard = await load(shardOf(word));
  const synonyms = await synonymsOf(word);
  if (has(shard, word)) return part(word, [{ term: word, f: 1 }, ...synonyms], true);
  if (synonyms.length) return part(word, synonyms, true);
  if (last && word.length >= 2) {
    const more = completions(shard, word);
    if (more.length) return part(word, more.map(term => ({ term, f: 1 })), true, { completed: true });
  }
  if (!alone && word.length < 6) return null;      // short joins: only as they are or completed
  if (word.length < 4) return null;
  const folded = fuzzy(word), alts = [];
  for (const term of [folded, folded + "~"]) {
    if (term !== word && has(await load(shardOf(term)), term)) alts.push({ term, f: FUZZY });
  }
  if (!alts.length && word.length >= 5) alts.push(...near(shard, word).map(term => ({ term, f: FUZZY })));
  return alts.length ? part(word, alts, true, { fuzzy: true }) : null;
}

/* A run of Han characters: the cheapest cut into pieces (terms, synonyms, question words, a
   completion at the end; a single character costs SINGLE), then each piece as a part. A single
   character is completed only when it is the whole query (年, not 2018年's 年). */
async function hanRun(run, last, alone) {
  const chars = Array.from(run), n = chars.length;
  const stopChars = words.stopchars, stop = words.stop;
  const best = new Array(n + 1).fill(null);
  best[n] = { cost: 0 };
  for (let i = n - 1; i >= 0; i--) {
    const shard = loaded.get(shardOf(chars[i]));
    for (let len = Math.min(MAX_TERM, n - i); len >= 1; len--) {
      if (!best[i + len]) continue;
      const piece = chars.slice(i, i + len).join("");
      let kind = null;
      if (stop.has(piece)) kind = "stop";
      else if (len === 1 && !(n === 1 && alone && !has(shard, piece) && completions(shard, piece).length)) kind = "single";
      else if (has(shard, piece)) kind = "term";
      else if (words.synonyms[piece]) kind = "synonym";
      else if (last && i + len === n && (len > 1 || (n === 1 && alone)) && completions(shard, piece).length) kind = "completion";
      if (!kind) continue;
      const cost = best[i + len].cost + (kind === "single" && !stopChars.has(piece) ? SINGLE : 1);
      if (!best[i] || cost < best[i].cost) best[i] = { cost, len, kind };
    }
  }
  const pieces = [];
  for (let i = 0; i < n; i += best[i].len) pieces.push({ at: i, text: chars.slice(i, i + best[i].len).join(""), kind: best[i].kind });

  const out = [];
  const covered = new Set();    // single characters within a name found with one wrong character
  const near = new Map();       // a piece's place -> names one character from it
  for (let w = 3; w <= 4; w++) {
    for (let i = 0; i + w <= n; i++) {
      // (a name typed with one wrong character may be another name, or be cut into pieces)
      const inside = pieces.filter(p => p.at >= i && p.at + p.text.length <= i + w);
      if (inside.some(p => p.kind === "stop")) continue;
      if (inside.reduce((sum, p) => sum + p.text.length, 0) !== w) continue;   // a piece crosses the window
      const window = chars.slice(i, i + w).join("");
      const found = masks(window).filter(known).map(term => ({ term, f: FUZZY }));
      if (!found.length) continue;
      if (inside.length === 1) {      // a known word: the near names are its alternatives, below it
        near.set(inside[0].at, found);
        continue;
      }
      out.push(part(window, found, true, { fuzzy: true }));
      inside.filter(p => p.kind === "single").forEach(p => covered.add(p.at));
    }
  }
  for (const p of pieces) {
    if (p.kind === "stop") { out.push(part(p.text, known(p.text) ? [{ term: p.text, f: 1 }] : [], p.text.length > 1, { stop: true })); continue; }
    if (p.kind === "completion") {
      const more = completions(loaded.get(shardOf(p.text)), p.text);
      out.push(part(p.text, more.map(term => ({ term, f: 1 })), true, { completed: true }));
      continue;
    }
    if (p.kind === "single") {
      if (covered.has(p.at) || stopChars.has(p.text)) continue;
      // the two-character term it makes with a neighbour, as the index makes it (segment.pairs)
      const next = p.at + 1 < n ? chars[p.at] + chars[p.at + 1] : "";
      const prev = p.at > 0 ? chars[p.at - 1] + chars[p.at] : "";
      const pair = [next, prev].find(t => t && !stopChars.has(t[0]) && !stopChars.has(t[1]) && known(t));
      if (pair) out.push(part(pair, [{ term: pair, f: 1 }], true));
      else out.push(part(p.text, known(p.text) ? [{ term: p.text, f: 1 }] : [], false));
      continue;
    }
    const alts = p.kind === "term" ? [{ term: p.text, f: 1 }, ...splitOf(p.text)] : [];
    out.push(part(p.text, [...alts, ...await synonymsOf(p.text), ...(near.get(p.at) || [])], true));
  }
  return out;
}

/* A word of four or more characters also stands for the fewest shorter terms it is made of,
   all on one page (协和医院: 协和 + 医院): a page's text may hold it inside a longer word that
   the segmenter kept whole (北京协和医院), and so not as a term of its own. Each term starts
   where the one before ends or on its last character (医科大学: 医科大 + 大学). Not needed when
   the word alone is on enough pages to show. */
function splitOf(word) {
  const chars = Array.from(word), n = chars.length;
  if (n < 4 || df(word) >= MAX_RESULTS) return [];
  const best = new Array(n + 1).fill(null);      // best[i]: the fewest terms from i to the end, one at i
  for (let i = n - 2; i >= 0; i--) {
    for (let len = Math.min(MAX_TERM, n - i, n - 1); len >= 2; len--) {
      const term = chars.slice(i, i + len).join(""), end = i + len;
      if (!known(term)) continue;
      const rest = end === n ? [] : [best[end], best[end - 1]].filter(Boolean)
        .reduce((a, b) => !a || b.length < a.length ? b : a, null);
      if (rest && (!best[i] || rest.length + 1 < best[i].length)) best[i] = [term, ...rest];
    }
  }
  const terms = best[0] || [];
  return terms.length >= 2 && terms.length <= MAX_SPLIT ? [{ terms, f: SPLIT }] : [];
}

/* ---- Ranking ---- */

/* A term's pages and scores: at once from its shard (loaded by parse()), or a promise of them
   from the term's own file, whose fetch starts now. */
function postings(term) {
  const entry = loaded.get(shardOf(term))[term];
  if (typeof entry[1] !== "string") return { df: entry[0], ids: entry[1], scores: entry[2] };
  return load(`x/${entry[1]}.json`).then(([ids, scores, top]) => {
    for (const [n, ...page] of top) pages.set(n, page);
    return { df: entry[0], ids: unpackNumbers(ids), scores: unpackBytes(scores) };
  });
}

/* An alternative's pages and scores: its term's, or for terms together (splitOf, phrasePart) the
   pages on every one of their lists, with the least of their scores there. */
function listOf(alt) {
  if (!alt.terms) return postings(alt.term);
  return Promise.all(alt.terms.map(postings)).then(lists => {
    let common = null;
    for (const list of lists.sort((a, b) => a.df - b.df)) {
      const here = new Map();
      for (let j = 0, id = 0; j < list.ids.length; j++) {
        id += list.ids[j];
        if (!common) here.set(id, list.scores[j]);
        else if (common.has(id)) here.set(id, Math.min(common.get(id), list.scores[j]));
      }
      common = here;
    }
    const ids = [...common.keys()].sort((a, b) => a - b);
    return { df: ids.length, ids: ids.map((id, j) => j ? id - ids[j - 1] : id), scores: ids.map(id => common.get(id)) };
  });
}

/* A frequent term's lists (search_index.packed_numbers / packed_bytes): base64 of LEB128
   varints, and of one byte per score. */
function unpackNumbers(text) {
  const bytes = atob(text), out = [];
  for (let i = 0, n = 0, shift = 0; i < bytes.length; i++) {
    const b = bytes.charCodeAt(i);
    n += (b & 0x7f) * 2 ** shift;
    if (b & 0x80) shift += 7;
    else { out.push(n); n = 0; shift = 0; }
  }
  return out;
}

function unpackBytes(text) {
  const bytes = atob(text), out = new Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes.charCodeAt(i);
  return out;
}

const rarityOf = df => Math.log(1 + (meta.docs - df + 0.5) / (df + 0.5));

/* The best pages: [[id, matched parts (bits), score], …], from each part's lists (lists[k]: one
   per alternative). A frequent term has tens of thousands of pages: one pass over each list into
   arrays by page number (no allocation per page), and no sorting of all. */
function rank(parts, lists, contributing) {
  const n = meta.docs;
  const total = new Float64Array(n), covered = new Float64Array(n), best = new Float64Array(n);
  const bits = new Int32Array(n), strong = new Uint8Array(n), seen = new Uint8Array(n), touched = [];
  // a part's weight: the rarity of its best alternative (a part the index lacks weighs nothing)
  const weight = parts.map((p, k) => Math.max(0, ...lists[k].map((l, a) => l.df ? p.alts[a].f * rarityOf(l.df) : 0)));
  const sumWeight = weight.reduce((a, b) => a + b, 0) || 1;
  lists.forEach((group, k) => {
    const here = [];
    group.forEach((list, a) => {
      const factor = parts[k].alts[a].f * rarityOf(list.df);
      const ids = list.ids, scores = list.scores;
      for (let j = 0, id = 0; j < ids.length; j++) {
        id += ids[j];
        const s = factor * scores[j];
        if (best[id] === 0) here.push(id);
        if (s > best[id]) best[id] = s;
      }
    });
    for (const id of here) {
      if (!seen[id]) { seen[id] = 1; touched.push(id); }
      total[id] += best[id];
      covered[id] += weight[k];
      if (k < 31) bits[id] |= 1 << k;
      if (parts[k].strong) strong[id] = 1;
      best[id] = 0;
    }
  });
  const anyStrong = touched.some(id => strong[id]);
  const excluded = new Set(contributing ? [] : meta.contributors || []), listing = words.lists;
  const final = new Float64Array(n), shown = [];
  for (const id of touched) {
    if (anyStrong && !strong[id]) continue;                    // matched by a stray character only
    if (excluded.has(id)) continue;                            // contributors' pages: see search()
    const share = covered[id] / sumWeight;
    final[id] = total[id] * share * (listing.has(id) ? LIST : 1);
    shown.push(id);
  }
  const before = (a, b) => final[b] - final[a] || a - b;
  const top = [];
  for (const id of shown) {
    if (top.length === MAX_RESULTS && before(id, top[top.length - 1]) >= 0) continue;
    let i = top.length;
    while (i > 0 && before(id, top[i - 1]) < 0) i--;
    top.splice(i, 0, id);
    if (top.length > MAX_RESULTS) top.pop();
  }
  return top.map(id => [id, bits[id], final[id]]);
}

/* ---- Results ---- */

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escape = text => text.replace(/[&<>"']/g, c => ESCAPES[c]);
const literal = text => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");   // text in a RegExp

/* HTML of text with the matched terms marked (Material renders title and text as HTML). The
   terms are normalised: they are looked for in the text normalised character by character
   (traditional characters and full-width letters in a title are marked too), whole terms only. */
function highlight(text, pattern) {
  if (!pattern) return escape(text);
  let normal = "";
  const from = [];
  for (let i = 0; i < text.length;) {
    const ch = String.fromCodePoint(text.codePointAt(i));
    const n = convert(ch.normalize("NFKC").toLowerCase().replace(MARKED, unmark), words.table);
    for (let k = 0; k < n.length; k++) from.push(i);
    normal += n;
    i += ch.length;
  }
  from.push(text.length);
  let out = "", last = 0;
  for (const match of normal.matchAll(pattern)) {
    const start = from[match.index], endAt = match.index + match[0].length;
    const end = endAt < from.length - 1 ? from[endAt] : text.length;
    if (start < last || end <= start) continue;
    out += escape(text.slice(last, start)) + `<mark>${escape(text.slice(start, end))}</mark>`;
    last = end;
  }
  return out + escape(text.slice(last));
}

const pageFile = id => `d/${Math.floor(id / meta.per)}.json`;

/* The results are most likely pages of the query's rarest part (a name): fetch the summaries
   of its best pages now, while the lists of frequent terms load, rather than after ranking.
   (A frequent term's best pages come with its list.) */
function prefetch(parts) {
  let rarest = null, fewest = Infinity;
  for (const p of parts) {
    const entries = p.alts.filter(a => a.term).map(a => (loaded.get(shardOf(a.term)) || {})[a.term]);
    if (!entries.length || entries.some(e => !e || typeof e[1] === "string")) continue;
    const count = entries.reduce((sum, e) => sum + e[0], 0);
    if (count < fewest) { rarest = entries; fewest = count; }
  }
  if (!rarest) return;
  const best = [];
  for (const entry of rarest)
    for (let j = 0, id = 0; j < entry[1].length; j++) best.push([entry[2][j], id += entry[1][j]]);
  best.sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, id] of best.slice(0, 2 * FIRST_SHOWN))    // the first FIRST_SHOWN come with the lists;
                                                          // the rest are there if the ranking differs
    if (!pages.has(id)) load(pageFile(id)).catch(() => {});
}

const pagesOf = hits => Promise.all(hits.map(([id]) => pages.has(id) ? pages.get(id)
  : load(pageFile(id)).then(shard => shard[id % meta.per])));

/* The label of a page's kind (search_words.kind). */
function kindOf(location) {
  const parts = location.split("/").filter(Boolean);
  if (parts.length === 1 && parts[0] in words.kinds && !words.contributors.includes(parts[0]) && parts[0] !== "about")
    return words.list;
  return words.kinds[parts[0] || ""] || "";
}

/* The page a result is shown with, if it is among the results: a study page with the profile
   it studies, a campaign's dashboard with the campaign (the better found of the two first). */
function parentOf(location, locations) {
  const parts = location.split("/").filter(Boolean);
  if (parts[0] === "study" && parts.length === 2)
    return locations.find(l => l !== location && l.endsWith(`/${parts[1]}/`) && l.split("/").filter(Boolean).length === 2);
  if (parts.length === 3 && parts[2] === "dashboard") return locations.find(l => l === `${parts[0]}/${parts[1]}/`);
  return undefined;
}

/* Results for Material: [[{location, title, text, score, terms}, …children], …], title and
   text as HTML, in order; the score only keeps that order (Material opens the highest on Enter). */
function results(hits, docs, parts) {
  const terms = new Set();
  for (const p of parts) {
    for (const t of [p.label, ...p.alts.flatMap(a => a.term ? [a.term] : [])])
      if (!t.includes("~") && (t.length > 1 || parts.length === 1)) terms.add(literal(t));
  }
  const marked = [...terms].sort((a, b) => b.length - a.length);
  const pattern = marked.length ? new RegExp(marked.join("|"), "g") : null;
  const shown = parts.filter(p => p.strong || !parts.some(q => q.strong));
  const locations = docs.map(d => d[0]);
  const groups = new Map();     // a profile's location -> its results, in order (Map: in order of the first)
  hits.forEach(([, matched], n) => {
    const [location, title, summary] = docs[n];
    const flags = {};
    parts.forEach((p, k) => {
      if (!shown.includes(p)) return;
      const found = k < 31 && (matched & (1 << k)) !== 0;
      flags[p.label] = flags[p.label] || found;
      // the archive's words for a synonym are what the page holds: Material marks them there (?h=)
      if (found) for (const a of p.alts) if (a.f === SYNONYM && a.term) flags[a.term] = true;
    });
    const kind = kindOf(location);
    const doc = { location, title: (kind ? `<span class="ea-kind">${escape(kind)}</span>` : "") + highlight(title, pattern),
                  text: highlight(summary, pattern), terms: flags };
    const family = parentOf(location, locations) || location;
    if (!groups.has(family)) groups.set(family, []);
    groups.get(family).push(doc);
  });
  return [...groups.values()].map((group, n) => group.map(doc => ({ ...doc, score: MAX_RESULTS - n })));
}

/* Calls show() with the results: first the top FIRST_SHOWN (fewer page files to wait for),
   then all of them, if there are more. The contributors' pages (guide/: they quote an example of
   every field) are among them only for a query about contributing (search_words.CONTRIBUTING). */
async function search(query, show) {
  const parts = await parse(query);
  const lists = Promise.all(parts.map(p => Promise.all(p.alts.map(listOf))));   // fetches first
  prefetch(parts);
  const contributing = parts.some(p => [p.label, ...p.alts.map(a => a.term)].some(t => t && words.contributing.has(t)));
  const hits = rank(parts, await lists, contributing);
  const last = parts[parts.length - 1];
  const suggest = last && last.completed ? [last.alts[0].term] : [];
  const first = hits.slice(0, FIRST_SHOWN);
  show({ items: results(first, await pagesOf(first), parts), suggest });
  if (hits.length > first.length) show({ items: results(hits, await pagesOf(hits), parts), suggest });
}

async function setup() {
  const [m, n] = await Promise.all([load("meta.json"), load("n.json")]);
  meta = m;
  words = { ...n, table: compile(n.t2s), stop: new Set(n.stop), stopchars: new Set(Array.from(n.stopchars)),
            contributing: new Set(n.contributing), lists: new Set() };
  for (const [first, last] of meta.lists || []) for (let id = first; id <= last; id++) words.lists.add(id);
  // Synonyms of several words (covid-19, nightingale medal): found whole, whatever separates
  // their words (a hyphen, a space or nothing), before the query is cut into tokens.
  const latin = /^[a-z0-9]/;
  words.phraseOf = new Map();
  const patterns = [];
  for (const word of Object.keys(words.synonyms).sort((a, b) => compact(b).length - compact(a).length || (a < b ? -1 : 1))) {
    const pieces = word.match(TOKENS) || [];
    if (!pieces.length || (pieces.length === 1 && pieces[0] === word) || words.phraseOf.has(compact(word))) continue;
    words.phraseOf.set(compact(word), word);
    patterns.push((latin.test(pieces[0]) ? "(?<![a-z0-9])" : "") + pieces.map(literal).join(SEPARATOR)
                  + (latin.test(pieces[pieces.length - 1].slice(-1)) ? "(?![a-z0-9])" : ""));
  }
  words.phrases = patterns.length ? new RegExp(patterns.join("|"), "g") : null;
}

self.addEventListener("message", async ({ data: message }) => {
  if (message.type === SETUP) {
    try {
      await setup();
      self.postMessage({ type: READY });
    } catch (error) {
      console.error("搜索索引无法加载：", error);      // the box then stays "正在初始化搜索引擎"
    }
  } else if (message.type === QUERY) {
    const id = ++latest;
    const show = result => { if (id === latest) self.postMessage({ type: RESULT, data: result }); };
    try {
      if (message.data.trim()) await search(message.data, show);
      else show({ items: [] });
    } catch (error) {
      console.error("搜索失败：", error);
      show({ items: [] });
    }
  }
});
