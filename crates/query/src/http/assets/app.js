// Newsreel search page. Plain script, no build step, no third-party code.
// The page state lives in the URL (?q=&lang=&from=&to=&offset= or ?article=),
// so results can be shared and the back button works.
"use strict";

const PAGE_SIZE = 10;
const SUGGEST_DELAY_MS = 120;

const TEXT = {
  en: {
    "tagline": "Festival reports, Chinese and English",
    "label.query": "Search the reports",
    "help.query": "Words, \"exact phrase\", -exclude, a OR b, title:, reporter:",
    "action.search": "Search",
    "label.filters": "Filters",
    "label.lang": "Language",
    "lang.any": "Any",
    "label.from": "From",
    "label.to": "To",
    "heading.results": "Results",
    "heading.facets": "Refine",
    "heading.timeline": "Matching articles per day",
    "heading.timeline.day": "Matching articles per day",
    "heading.timeline.month": "Matching articles per month",
    "heading.timeline.year": "Matching articles per year",
    "facet.lang": "Language",
    "facet.source": "Source",
    "facet.reporter": "Reporter",
    "status.searching": "Searching…",
    "status.count": (n, ms) => `${n} ${n === 1 ? "article" : "articles"} (${ms} ms)`,
    "status.partial": "No article has every word; these have some of them.",
    "status.none": (q) => `Nothing found for “${q}”.`,
    "status.failed": "The search failed: ",
    "pager.prev": "← Previous",
    "pager.next": "Next →",
    "pager.page": (p, n) => `Page ${p} of ${n}`,
    "article.back": "← Back to results",
    "article.translations": "Also in: ",
    "hit.expanded": "Found through ",
    "via.translation": "translation",
    "via.pinyin": "pinyin",
    "via.spelling": "spelling",
    "status.didYouMean": "Did you mean ",
    "article.caption": "Caption",
    "article.loading": "Loading article…",
    "lang.zh": "Chinese",
    "lang.en": "English",
    "switch": "中文",
    "suggestions": "Suggestions",
    "timeline.bar": (d, n) => `${d}: ${n}`,
  },
  zh: {
    "tagline": "电影节报道 · 中英文检索",
    "label.query": "检索报道",
    "help.query": "词语、\"精确短语\"、-排除、a OR b、title:、reporter:",
    "action.search": "搜索",
    "label.filters": "筛选",
    "label.lang": "语言",
    "lang.any": "全部",
    "label.from": "起始日期",
    "label.to": "截止日期",
    "heading.results": "结果",
    "heading.facets": "筛选结果",
    "heading.timeline": "每日相关报道数",
    "heading.timeline.day": "每日相关报道数",
    "heading.timeline.month": "每月相关报道数",
    "heading.timeline.year": "每年相关报道数",
    "facet.lang": "语言",
    "facet.source": "来源",
    "facet.reporter": "记者",
    "status.searching": "正在搜索…",
    "status.count": (n, ms) => `共 ${n} 篇（${ms} 毫秒）`,
    "status.partial": "没有文章包含全部词语，以下文章包含其中一部分。",
    "status.none": (q) => `没有找到与“${q}”相关的报道。`,
    "status.failed": "搜索失败：",
    "pager.prev": "← 上一页",
    "pager.next": "下一页 →",
    "pager.page": (p, n) => `第 ${p} / ${n} 页`,
    "article.back": "← 返回结果",
    "article.translations": "其他语言版本：",
    "hit.expanded": "匹配方式：",
    "via.translation": "译名",
    "via.pinyin": "拼音",
    "via.spelling": "拼写纠正",
    "status.didYouMean": "您是不是要找 ",
    "article.caption": "图片说明",
    "article.loading": "正在载入文章…",
    "lang.zh": "中文",
    "lang.en": "英文",
    "switch": "English",
    "suggestions": "搜索建议",
    "timeline.bar": (d, n) => `${d}：${n} 篇`,
  },
};

const $ = (id) => document.getElementById(id);
const els = {
  form: $("search-form"), q: $("q"), lang: $("lang"), from: $("from"), to: $("to"),
  list: $("suggestions"), status: $("status"), resultsView: $("results-view"),
  hits: $("hits"), pager: $("pager"), timeline: $("timeline"),
  timelineChart: $("timeline-chart"), facetLists: $("facet-lists"),
  articleView: $("article-view"), uiLang: $("ui-lang"),
};

let ui = chooseUiLanguage();
let searchToken = 0;

function chooseUiLanguage() {
  const saved = localStorage.getItem("newsreel-ui");
  if (saved === "zh" || saved === "en") return saved;
  const langs = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || "en"];
  return langs.some((l) => /^zh\b/i.test(l)) ? "zh" : "en";
}

function t(key, ...args) {
  const v = TEXT[ui][key] ?? TEXT.en[key] ?? key;
  return typeof v === "function" ? v(...args) : v;
}

function applyUiLanguage() {
  document.documentElement.lang = ui === "zh" ? "zh-CN" : "en";
  for (const el of document.querySelectorAll("[data-i18n]")) el.textContent = t(el.dataset.i18n);
  els.uiLang.textContent = t("switch");
  els.uiLang.lang = ui === "zh" ? "en" : "zh";
  els.list.setAttribute("aria-label", t("suggestions"));
}

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null) continue;
    if (k === "class") node.className = v;
    else if (k === "text") node.textContent = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c);
  return node;
}

// A snippet is escaped HTML whose only markup is <mark>. Rebuild it as text
// nodes and <mark> elements, so nothing else could ever reach the page.
function markedText(html) {
  const doc = new DOMParser().parseFromString(`<body>${html}</body>`, "text/html");
  const out = document.createDocumentFragment();
  for (const node of doc.body.childNodes) {
    if (node.nodeType === Node.ELEMENT_NODE && node.tagName === "MARK") {
      out.append(el("mark", { text: node.textContent }));
    } else {
      out.append(document.createTextNode(node.textContent));
    }
  }
  return out;
}

// ---- URL state -------------------------------------------------------------

function readUrl() {
  const p = new URLSearchParams(location.search);
  return {
    q: p.get("q") || "", lang: p.get("lang") || "", from: p.get("from") || "",
    to: p.get("to") || "", offset: Math.max(0, parseInt(p.get("offset") || "0", 10) || 0),
    article: p.get("article") || "",
  };
}

function urlFor(state) {
  const p = new URLSearchParams();
  for (const k of ["q", "lang", "from", "to"]) if (state[k]) p.set(k, state[k]);
  if (state.offset) p.set("offset", String(state.offset));
  if (state.article) p.set("article", state.article);
  const s = p.toString();
  return s ? `/?${s}` : "/";
}

function formState(offset = 0) {
  return { q: els.q.value.trim(), lang: els.lang.value, from: els.from.value, to: els.to.value, offset };
}

function go(state) {
  history.pushState(null, "", urlFor(state));
  render();
}

function render() {
  const state = readUrl();
  els.q.value = state.q;
  els.lang.value = state.lang;
  els.from.value = state.from;
  els.to.value = state.to;
  closeSuggestions();
  if (state.article) {
    showArticle(state);
  } else if (state.q) {
    runSearch(state);
  } else {
    els.resultsView.hidden = true;
    els.articleView.hidden = true;
    setStatus("");
  }
}

function setStatus(text, isError = false) {
  els.status.textContent = text;
  els.status.classList.toggle("error", isError);
}

async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const message = body && body.error ? body.error.message : `HTTP ${response.status}`;
    throw new Error(message);
  }
  return body;
}

// ---- search ----------------------------------------------------------------

async function runSearch(state) {
  const token = ++searchToken;
  els.articleView.hidden = true;
  setStatus(t("status.searching"));
  document.title = `${state.q} · Newsreel`;
  const params = new URLSearchParams({ q: state.q, limit: String(PAGE_SIZE), offset: String(state.offset) });
  for (const k of ["lang", "from", "to"]) if (state[k]) params.set(k, state[k]);
  let results;
  try {
    results = await getJson(`/api/search?${params}`);
  } catch (err) {
    if (token !== searchToken) return;
    els.resultsView.hidden = true;
    setStatus(t("status.failed") + err.message, true);
    return;
  }
  if (token !== searchToken) return;
  if (results.total === 0) {
    els.resultsView.hidden = true;
    setStatus(t("status.none", state.q));
    offerCorrection(results, state);
    return;
  }
  const ms = results.took_ms < 10 ? results.took_ms.toFixed(1) : Math.round(results.took_ms);
  setStatus(t("status.count", results.total, ms) + (results.partial ? " " + t("status.partial") : ""));
  offerCorrection(results, state);
  renderHits(results, state);
  renderPager(results, state);
  renderFacets(results.facets, state);
  els.resultsView.hidden = false;
}

// "Did you mean …?", a link to the same search with the nearer query.
function offerCorrection(results, state) {
  if (!results.did_you_mean) return;
  const link = el("a", { class: "did-you-mean", href: urlFor({ ...state, q: results.did_you_mean, offset: 0 }), text: results.did_you_mean });
  link.addEventListener("click", (event) => {
    event.preventDefault();
    go({ ...state, q: results.did_you_mean, offset: 0 });
  });
  els.status.append(" ", t("status.didYouMean"), link, "?");
}

// How a hit was found when not by the words as typed: `Xian Xinghai → 冼星海 (translation)`.
function expandedLine(hit) {
  const how = hit.expanded.map((e) => `${e.from} → ${e.to} (${t(`via.${e.via}`)})`).join(", ");
  return el("p", { class: "expanded", text: t("hit.expanded") + how });
}

function byline(a) {
  return [a.date, a.source, a.reporter, t(`lang.${a.lang}`)].filter(Boolean).join(" · ");
}

function renderHits(results, state) {
  els.hits.replaceChildren();
  for (const hit of results.hits) {
    const link = el("a", { href: urlFor({ ...state, offset: 0, article: hit.id }), text: hit.title || hit.id });
    const item = el("li", { class: "hit", lang: hit.lang === "zh" ? "zh-CN" : hit.lang },
      el("h3", {}, link),
      el("p", { class: "meta", text: byline(hit) }),
      el("p", { class: "snippet" }, markedText(hit.snippet)));
    if (hit.expanded && hit.expanded.length) item.append(expandedLine(hit));
    if (hit.translations && hit.translations.length) {
      const p = el("p", { class: "translations" }, t("article.translations"));
      hit.translations.forEach((id, i) => {
        if (i) p.append(", ");
        p.append(el("a", { href: urlFor({ ...state, offset: 0, article: id }), text: id }));
      });
      item.append(p);
    }
    els.hits.append(item);
  }
}

function renderPager(results, state) {
  els.pager.replaceChildren();
  const pages = Math.ceil(results.total / PAGE_SIZE);
  if (pages <= 1) return;
  const page = Math.floor(state.offset / PAGE_SIZE) + 1;
  if (page > 1) {
    els.pager.append(el("button", { type: "button", class: "pager-button", text: t("pager.prev") }));
    els.pager.lastChild.addEventListener("click", () => go({ ...state, offset: state.offset - PAGE_SIZE }));
  }
  els.pager.append(el("span", { text: t("pager.page", page, pages) }));
  if (page < pages) {
    els.pager.append(el("button", { type: "button", class: "pager-button", text: t("pager.next") }));
    els.pager.lastChild.addEventListener("click", () => go({ ...state, offset: state.offset + PAGE_SIZE }));
  }
}

function renderFacets(facets, state) {
  els.facetLists.replaceChildren();
  if (!facets) return;
  renderTimeline(facets.date, facets.date_unit || "day", state);
  const groups = [
    ["lang", facets.lang, (v) => t(`lang.${v}`), (v) => go({ ...state, lang: v, offset: 0 })],
    ["source", facets.source, (v) => v, null],
    ["reporter", facets.reporter, (v) => v, (v) => go({ ...state, q: `${state.q} reporter:${v}`, offset: 0 })],
  ];
  for (const [name, values, label, refine] of groups) {
    if (!values || !values.length) continue;
    const list = el("ul", { class: "facet-list" });
    for (const { value, count } of values) {
      const name_ = refine
        ? el("button", { type: "button", class: "facet-button", text: label(value) })
        : el("span", { text: label(value) });
      if (refine) name_.addEventListener("click", () => refine(value));
      list.append(el("li", {}, name_, el("span", { class: "count", text: String(count) })));
    }
    els.facetLists.append(el("h3", { text: t(`facet.${name}`) }), list);
  }
}

// A bar per day, month or year with matches (the server picks the unit that
// fits the span), on a calendar axis from the first bar's first day to the
// last bar's last day. A bar filters the search to its days.
function renderTimeline(bars, unit, state) {
  els.timelineChart.replaceChildren();
  if (!bars || !bars.length) {
    els.timeline.hidden = true;
    return;
  }
  const caption = els.timeline.querySelector("figcaption");
  caption.dataset.i18n = `heading.timeline.${unit}`;
  caption.textContent = t(caption.dataset.i18n);
  const dayMs = 86400000;
  const time = (d) => Date.parse(`${d}T00:00:00Z`);
  const first = time(bars[0].from);
  const span = Math.max(1, Math.round((time(bars[bars.length - 1].to) - first) / dayMs) + 1);
  const width = 260, height = 90, base = 72;
  const max = Math.max(...bars.map((b) => b.count));
  const perDay = width / span;
  const ns = "http://www.w3.org/2000/svg";
  const svg = document.createElementNS(ns, "svg");
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", t(caption.dataset.i18n));
  for (const { value, from, to, count } of bars) {
    const start = Math.round((time(from) - first) / dayMs);
    const days = Math.round((time(to) - time(from)) / dayMs) + 1;
    const slot = days * perDay;
    const barWidth = Math.max(2, Math.min(24, slot * 0.8));
    const h = Math.max(2, (count / max) * (base - 8));
    const rect = document.createElementNS(ns, "rect");
    rect.setAttribute("class", "bar");
    rect.setAttribute("x", String(start * perDay + (slot - barWidth) / 2));
    rect.setAttribute("y", String(base - h));
    rect.setAttribute("width", String(barWidth));
    rect.setAttribute("height", String(h));
    rect.setAttribute("tabindex", "0");
    rect.setAttribute("data-from", from);
    rect.setAttribute("data-to", to);
    const title = document.createElementNS(ns, "title");
    title.textContent = t("timeline.bar", value, count);
    rect.append(title);
    const pick = () => go({ ...state, from, to, offset: 0 });
    rect.addEventListener("click", pick);
    rect.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); pick(); } });
    svg.append(rect);
  }
  const label = (x, text, anchor) => {
    const node = document.createElementNS(ns, "text");
    node.setAttribute("x", String(x));
    node.setAttribute("y", String(height - 6));
    node.setAttribute("text-anchor", anchor);
    node.textContent = text;
    svg.append(node);
  };
  label(2, bars[0].value, "start");
  if (bars.length > 1) label(width - 2, bars[bars.length - 1].value, "end");
  els.timelineChart.append(svg);
  els.timeline.hidden = false;
}

// ---- article view ----------------------------------------------------------

async function showArticle(state) {
  const token = ++searchToken;
  els.resultsView.hidden = true;
  els.articleView.hidden = false;
  els.articleView.replaceChildren();
  setStatus(t("article.loading"));
  let a;
  try {
    a = await getJson(`/api/articles/${encodeURIComponent(state.article)}`);
  } catch (err) {
    if (token !== searchToken) return;
    setStatus(t("status.failed") + err.message, true);
    return;
  }
  if (token !== searchToken) return;
  setStatus("");
  document.title = `${a.title} · Newsreel`;
  const back = el("a", { href: urlFor({ ...state, article: "" }), text: t("article.back") });
  els.articleView.lang = a.lang === "zh" ? "zh-CN" : a.lang;
  els.articleView.append(el("p", {}, back), el("h1", { text: a.title }));
  if (a.subtitle) els.articleView.append(el("p", { class: "subtitle", text: a.subtitle }));
  els.articleView.append(el("p", { class: "article-meta", text: byline(a) }));
  for (const para of (a.body || "").split("\n")) if (para.trim()) els.articleView.append(el("p", { text: para }));
  for (const c of a.captions || []) els.articleView.append(el("p", { class: "caption", text: `${t("article.caption")}: ${c}` }));
  if (a.translations && a.translations.length) {
    const p = el("p", {}, t("article.translations"));
    a.translations.forEach((id, i) => {
      if (i) p.append(", ");
      p.append(el("a", { href: urlFor({ ...state, article: id }), text: id }));
    });
    els.articleView.append(p);
  }
}

// ---- suggestions (ARIA combobox) -------------------------------------------

let suggestTimer = 0;
let suggestToken = 0;
let active = -1;
let composing = false;

function closeSuggestions() {
  els.list.hidden = true;
  els.list.replaceChildren();
  els.q.setAttribute("aria-expanded", "false");
  els.q.removeAttribute("aria-activedescendant");
  active = -1;
}

function setActive(i) {
  const items = els.list.children;
  if (!items.length) return;
  active = (i + items.length) % items.length;
  for (let k = 0; k < items.length; k++) items[k].setAttribute("aria-selected", k === active ? "true" : "false");
  els.q.setAttribute("aria-activedescendant", items[active].id);
}

function choose(text) {
  els.q.value = text;
  closeSuggestions();
  go(formState());
}

async function fetchSuggestions() {
  const typed = els.q.value;
  const token = ++suggestToken;
  if (!typed.trim()) return closeSuggestions();
  let data;
  try {
    data = await getJson(`/api/suggest?${new URLSearchParams({ q: typed, limit: "8" })}`);
  } catch {
    return closeSuggestions();
  }
  if (token !== suggestToken || els.q.value !== typed) return;
  const words = data.suggestions.filter((s) => s !== typed);
  if (!words.length) return closeSuggestions();
  els.list.replaceChildren(...words.map((s, i) => {
    const li = el("li", { id: `suggestion-${i}`, role: "option", "aria-selected": "false", text: s });
    li.addEventListener("mousedown", (e) => { e.preventDefault(); choose(s); });
    return li;
  }));
  active = -1;
  els.list.hidden = false;
  els.q.setAttribute("aria-expanded", "true");
}

els.q.addEventListener("compositionstart", () => { composing = true; });
els.q.addEventListener("compositionend", () => { composing = false; els.q.dispatchEvent(new Event("input")); });
els.q.addEventListener("input", () => {
  if (composing) return;
  clearTimeout(suggestTimer);
  suggestTimer = setTimeout(fetchSuggestions, SUGGEST_DELAY_MS);
});
els.q.addEventListener("keydown", (e) => {
  if (e.isComposing) return;
  const open = !els.list.hidden;
  if (e.key === "ArrowDown" && open) { e.preventDefault(); setActive(active + 1); }
  else if (e.key === "ArrowUp" && open) { e.preventDefault(); setActive(active - 1); }
  else if (e.key === "Escape" && open) { e.preventDefault(); closeSuggestions(); }
  else if (e.key === "Enter" && open && active >= 0) {
    e.preventDefault();
    choose(els.list.children[active].textContent);
  }
});
els.q.addEventListener("blur", () => setTimeout(closeSuggestions, 100));

// ---- wiring ----------------------------------------------------------------

els.form.addEventListener("submit", (e) => {
  e.preventDefault();
  clearTimeout(suggestTimer);
  suggestToken++;
  if (!els.q.value.trim()) return;
  go(formState());
});
for (const input of [els.lang, els.from, els.to]) {
  input.addEventListener("change", () => { if (els.q.value.trim()) go(formState()); });
}
els.uiLang.addEventListener("click", () => {
  ui = ui === "zh" ? "en" : "zh";
  localStorage.setItem("newsreel-ui", ui);
  applyUiLanguage();
  render();
});
window.addEventListener("popstate", render);

applyUiLanguage();
render();
