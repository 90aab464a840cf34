/* Search worker for the archive's sharded index (hooks/archive/search_index.py, README "搜索").
 *
 * It speaks Material for MkDocs' search worker protocol (SETUP → READY, QUERY → RESULT), so
 * Material's search box, keyboard use, ?q= links, suggestions and result list work unchanged;
 * only where the results come from differs: instead of one index with every page's text, a
 * query fetches the few shards it needs, relative to this file (so any sub-path works).
 *
 * A query is split like the index splits text (segment.py): NFKC, lower case, runs of Han
 * characters (spaces between them dropped) and runs of [a-z0-9]. A Han run becomes the longest terms the index knows, read
 * from the shards of its characters (the shard of a term is chosen by its first character);
 * the last word may be unfinished and is completed from the same shard (医疗卫 → 医疗卫生).
 * Pages containing every known term come first, then by score: the sum over terms of the
 * page's score for the term (own names ≫ title ≫ text) times the term's rarity.
 */
"use strict";

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;      // Material's SearchMessageType
const MAX_RESULTS = 20;        // results shown: each needs its page's title and summary (a fetch)
const FIRST_SHOWN = 5;         // shown first (what the result panel shows before scrolling): their
                               // page files and a frequent term's file fit the six connections a
                               // browser opens to one server, so they arrive in one round trip
const MAX_COMPLETIONS = 8;     // terms an unfinished last word may stand for
const MAX_TERM = 20;           // longest term, in characters (search_terms.py)
const ROOT = new URL("../../../search/", self.location.href);
const RUNS = /[\u3400-\u9fff]+|[a-z0-9]+/g;
const HAN = /^[\u3400-\u9fff]/;
const HAN_SPACE = /([\u3400-\u9fff])\s+(?=[\u3400-\u9fff])/g;   // 南 仁东: a slip of the input method

let meta = null;
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

const shardOf = term => {      // search_index.bucket(): Latin terms by two letters, others by one
  const first = term.codePointAt(0);
  const n = term.length > 1 && first < 128 ? first * 31 + term.codePointAt(1) : first;
  return `t/${n % meta.buckets}.json`;
};
const has = (shard, term) => Object.prototype.hasOwnProperty.call(shard, term);

function completions(shard, prefix) {
  const out = Object.keys(shard).filter(t => t.length > prefix.length && t.startsWith(prefix));
  out.sort((a, b) => shard[b][0] - shard[a][0] || (a < b ? -1 : 1));
  return out.slice(0, MAX_COMPLETIONS);
}

/* The query as terms: {label (what the reader typed), candidates (index terms), completed}. */
async function parse(query) {
  // Chinese is written without spaces, and a Han run is cut into the longest known terms anyway:
  // a space between Han characters only keeps apart what may be one word (a name).
  const runs = query.normalize("NFKC").toLowerCase().replace(HAN_SPACE, "$1").match(RUNS) || [];
  await Promise.all(runs.flatMap(run => HAN.test(run) ? Array.from(run, ch => load(shardOf(ch)))
                                                       : [load(shardOf(run))]));
  const terms = [];
  for (let r = 0; r < runs.length; r++) {
    const chars = Array.from(runs[r]), last = r === runs.length - 1;
    if (!HAN.test(runs[r])) {
      const run = runs[r], shard = await load(shardOf(run));     // holds every term of its prefix
      if (has(shard, run)) terms.push({ label: run, candidates: [run] });
      else if (last && run.length >= 2 && completions(shard, run).length)
        terms.push({ label: run, candidates: completions(shard, run), completed: true });
      else terms.push({ label: run, candidates: [] });
      continue;
    }
    for (let i = 0; i < chars.length;) {
      const shard = await load(shardOf(chars[i]));
      let found = 0;
      for (let n = Math.min(MAX_TERM, chars.length - i); n >= 1 && !found; n--)
        if (has(shard, chars.slice(i, i + n).join(""))) found = n;
      const rest = chars.slice(i).join("");
      if (last && found < chars.length - i && rest.length >= 2) {
        const more = completions(shard, rest);
        if (more.length) {
          terms.push({ label: rest, candidates: more, completed: true });
          break;
        }
      }
      const term = chars.slice(i, i + Math.max(found, 1)).join("");
      terms.push({ label: term, candidates: found ? [term] : [] });
      i += Math.max(found, 1);
    }
  }
  return terms;
}

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

/* The best MAX_RESULTS pages: [[id, matched terms (bits), terms matched, score], …], from each
   term's postings (lists[k]: one per candidate); pages before pages: more terms matched, then a
   higher score, then the earlier page. A frequent term has tens of thousands of pages: one pass
   over each list into arrays by page number (no allocation per page), and no sorting of all. */
function rank(lists) {
  const n = meta.docs;
  const bits = new Int32Array(n), count = new Int32Array(n), score = new Float64Array(n);
  const term = new Int32Array(n).fill(-1), termScore = new Float64Array(n);   // last term scored
  const touched = [];
  lists.forEach((group, k) => {
    const bit = k < 31 ? 1 << k : 0;
    for (const list of group) {
      const rarity = Math.log(1 + (n - list.df + 0.5) / (list.df + 0.5));
      const ids = list.ids, scores = list.scores;
      for (let j = 0, id = 0; j < ids.length; j++) {
        id += ids[j];
        const s = rarity * scores[j];
        if (term[id] !== k) {                            // the first candidate of term k here
          if (term[id] === -1) touched.push(id);
          bits[id] |= bit; count[id] += 1; score[id] += s; term[id] = k; termScore[id] = s;
        } else if (s > termScore[id]) {                  // a better completion of the same term
          score[id] += s - termScore[id]; termScore[id] = s;
        }
      }
    }
  });
  const before = (a, b) => count[b] - count[a] || score[b] - score[a] || a - b;
  const top = [];
  for (const id of touched) {
    if (top.length === MAX_RESULTS && before(id, top[top.length - 1]) >= 0) continue;
    let i = top.length;
    while (i > 0 && before(id, top[i - 1]) < 0) i--;
    top.splice(i, 0, id);
    if (top.length > MAX_RESULTS) top.pop();
  }
  return top.map(id => [id, bits[id], count[id], score[id]]);
}

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escape = text => text.replace(/[&<>"']/g, c => ESCAPES[c]);

/* HTML of text with the matched terms marked (Material renders title and text as HTML). */
function highlight(text, pattern) {
  if (!pattern) return escape(text);
  let out = "", last = 0;
  for (const match of text.matchAll(pattern)) {
    out += escape(text.slice(last, match.index)) + `<mark>${escape(match[0])}</mark>`;
    last = match.index + match[0].length;
  }
  return out + escape(text.slice(last));
}

const pageFile = id => `d/${Math.floor(id / meta.per)}.json`;

/* The results are most likely pages of the query's rarest term (a name): fetch the summaries
   of its best pages now, while the lists of frequent terms load, rather than after ranking.
   (A frequent term's best pages come with its list.) */
function prefetch(terms) {
  let rarest = null, fewest = Infinity;
  for (const term of terms) {
    const entries = term.candidates.map(t => (loaded.get(shardOf(t)) || {})[t]);
    if (!entries.length || entries.some(e => !e || typeof e[1] === "string")) continue;
    const df = entries.reduce((sum, e) => sum + e[0], 0);
    if (df < fewest) { rarest = entries; fewest = df; }
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

/* Results for Material: [[{location, title, text, score, terms}], …], title and text as HTML. */
function results(hits, docs, terms) {
  const words = terms.flatMap(t => t.candidates).filter(t => t.length > 1 || HAN.test(t))
    .sort((a, b) => b.length - a.length).map(t => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"));
  const pattern = words.length ? new RegExp(words.join("|"), "gi") : null;
  return hits.map(([, matched, count, score], n) => {
    const [location, title, summary] = docs[n];
    const flags = {};
    terms.forEach((t, k) => { flags[t.label] = flags[t.label] || (k < 31 && (matched & (1 << k)) !== 0); });
    return [{ location, title: highlight(title, pattern), text: highlight(summary, pattern),
              score: count * 1e5 + score, terms: flags }];
  });
}

/* Calls show() with the results: first the top FIRST_SHOWN (fewer page files to wait for),
   then all of them, if there are more. */
async function search(query, show) {
  const terms = await parse(query);
  const lists = Promise.all(terms.map(t => Promise.all(t.candidates.map(postings))));   // fetches first
  prefetch(terms);
  const hits = rank(await lists);
  const last = terms[terms.length - 1];
  const suggest = last && last.completed ? [last.candidates[0]] : [];
  const first = hits.slice(0, FIRST_SHOWN);
  show({ items: results(first, await pagesOf(first), terms), suggest });
  if (hits.length > first.length) show({ items: results(hits, await pagesOf(hits), terms), suggest });
}

self.addEventListener("message", async ({ data: message }) => {
  if (message.type === SETUP) {
    try {
      meta = await load("meta.json");
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
