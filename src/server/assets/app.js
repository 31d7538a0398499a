// whosaid's web page: search, facets, a timeline and an article view over the JSON API.
//
// Safety rule of this file: text from articles (titles, paragraphs, names, sources, URLs)
// only ever reaches the page as text nodes (`el()` children, textContent) or attribute
// values set one by one; the one piece of server markup inserted as HTML is a hit's
// snippet, which the server escapes and marks with <b> only, and which is checked for any
// other tag before use. Links from articles are kept only when they are http(s).
'use strict';

const SVG = 'http://www.w3.org/2000/svg';
const PAGE_SIZE = 10;
const LIST_KEYS = ['speaker', 'actor', 'source'];
const ONE_KEYS = ['q', 'kind', 'since', 'until', 'sort', 'offset', 'article', 'interval', 'norm'];

// ---- state in the URL ------------------------------------------------------------------

function readState() {
  const p = new URLSearchParams(location.search);
  const s = {};
  for (const k of ONE_KEYS) s[k] = p.get(k) || '';
  for (const k of LIST_KEYS) s[k] = p.getAll(k).filter(Boolean);
  return s;
}

function stateUrl(s) {
  const p = new URLSearchParams();
  for (const k of ONE_KEYS) if (s[k]) p.set(k, s[k]);
  for (const k of LIST_KEYS) for (const v of s[k]) p.append(k, v);
  const q = p.toString();
  return q ? '/?' + q : '/';
}

function go(change, keepOffset) {
  const s = Object.assign(readState(), change);
  if (!keepOffset && !('offset' in change)) s.offset = '';
  if (!('article' in change)) s.article = '';
  history.pushState(null, '', stateUrl(s));
  render();
}

// The filters a search, a timeline and the facets share.
function filterParams(s) {
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  for (const k of LIST_KEYS) for (const v of s[k]) p.append(k, v);
  for (const k of ['kind', 'since', 'until']) if (s[k]) p.set(k, s[k]);
  return p;
}

function hasSearch(s) {
  return Boolean(s.q || s.kind || s.since || s.until || LIST_KEYS.some(k => s[k].length));
}

// ---- DOM helpers -----------------------------------------------------------------------

// An element with attributes (set one by one, never as markup) and children (strings become
// text nodes).
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'class') e.className = v;
    else e.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function svg(tag, attrs) {
  const e = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
  return e;
}

function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}

const $ = id => document.getElementById(id);

// An article's URL as a link target, or null when it is not plain http(s).
function safeUrl(u) {
  if (typeof u !== 'string') return null;
  try {
    const url = new URL(u);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch (_) {
    return null;
  }
}

// The server's snippet: escaped text with <b> marks. Anything else means it is not what the
// server makes, and it is shown as plain text.
function snippetNode(html, text) {
  const span = el('span', { class: 'snippet' });
  if (typeof html === 'string' && !/<(?!\/?b>)/.test(html)) span.innerHTML = html;
  else span.textContent = text || '';
  return span;
}

async function api(path, params) {
  const url = params ? path + '?' + params.toString() : path;
  const r = await fetch(url, { headers: { Accept: 'application/json' } });
  let body = null;
  try {
    body = await r.json();
  } catch (_) {
    body = null;
  }
  if (!r.ok) {
    const msg = body && typeof body.error === 'string' ? body.error : 'HTTP ' + r.status;
    throw new Error(msg);
  }
  return body;
}

function status(msg, isError) {
  const s = $('status');
  s.textContent = msg || '';
  s.className = isError ? 'error' : '';
}

// ---- rendering -------------------------------------------------------------------------

let generation = 0;

async function render() {
  const s = readState();
  const mine = ++generation;
  $('q').value = s.q;
  $('interval').value = s.interval || 'month';
  $('norm').checked = s.norm === '1';
  renderFilters(s);
  document.title = s.q ? s.q + ' · whosaid' : 'whosaid';
  if (s.article) return renderArticle(s, mine);
  $('article').hidden = true;
  if (!hasSearch(s)) {
    for (const id of ['results', 'pager', 'facets']) clear($(id));
    $('timeline').hidden = true;
    $('welcome').hidden = false;
    status('');
    return renderOverview(mine);
  }
  $('welcome').hidden = true;
  $('results').hidden = false;
  $('pager').hidden = false;
  status('Searching…');
  const p = filterParams(s);
  p.set('limit', PAGE_SIZE);
  p.set('facets', 'true');
  if (s.offset) p.set('offset', s.offset);
  if (s.sort) p.set('sort', s.sort);
  const t = filterParams(s);
  t.set('interval', s.interval || 'month');
  t.set('split', 'speaker');
  t.set('top', '5');
  try {
    const [res, tl] = await Promise.all([api('/api/search', p), api('/api/timeline', t)]);
    if (mine !== generation) return;
    renderResults(s, res);
    renderFacets(s, res.facets);
    renderTimeline(s, tl);
    status(res.total === 1 ? '1 paragraph' : res.total.toLocaleString('en') + ' paragraphs');
  } catch (e) {
    if (mine !== generation) return;
    clear($('results'));
    clear($('pager'));
    clear($('facets'));
    $('timeline').hidden = true;
    status(e.message, true);
  }
}

function renderFilters(s) {
  const box = clear($('filters'));
  const chip = (label, remove) =>
    el('button', { class: 'chip active', type: 'button', title: 'Remove this filter',
      'aria-label': 'Remove filter ' + label, onclick: remove }, label, el('span', { 'aria-hidden': 'true' }, ' ×'));
  for (const k of LIST_KEYS) {
    for (const v of s[k]) {
      box.append(chip(k + ': ' + v, () => go({ [k]: s[k].filter(x => x !== v) })));
    }
  }
  if (s.kind) box.append(chip('kind: ' + s.kind, () => go({ kind: '' })));
  if (s.since || s.until) {
    box.append(chip('dates: ' + (s.since || '…') + ' to ' + (s.until || '…'), () => go({ since: '', until: '' })));
  }
}

function renderResults(s, res) {
  const box = clear($('results'));
  const head = el('div', { class: 'res-head' },
    el('label', {}, 'Sort ',
      el('select', { id: 'sort', onchange: e => go({ sort: e.target.value === 'relevance' ? '' : e.target.value }) },
        el('option', { value: 'relevance', selected: s.sort !== 'date' }, 'relevance'),
        el('option', { value: 'date', selected: s.sort === 'date' }, 'newest first'))));
  box.append(head);
  if (!res.hits.length) box.append(el('p', { class: 'empty' }, 'No paragraph matches.'));
  const list = el('ol', { class: 'hits', start: (Number(s.offset) || 0) + 1 });
  for (const h of res.hits) list.append(hitNode(s, h));
  box.append(list);
  renderPager(s, res.total);
}

function hitNode(s, h) {
  const open = e => {
    e.preventDefault();
    go({ article: h.article_id }, true);
  };
  const title = el('a', { class: 'title', href: stateUrl(Object.assign({}, s, { article: h.article_id })), onclick: open },
    h.title || h.article_id);
  const meta = el('div', { class: 'meta' },
    h.date ? el('time', { datetime: h.date }, h.date) : el('span', { class: 'undated' }, 'undated'),
    h.source ? el('span', { class: 'source' }, h.source) : null,
    el('span', { class: 'para' }, '¶ ' + (h.paragraph + 1)));
  const chips = el('div', { class: 'chips' });
  for (const sp of h.speakers || []) {
    chips.append(el('button', { type: 'button', class: 'chip speaker', title: 'Only paragraphs quoting ' + sp,
      onclick: () => addFilter('speaker', sp) }, '“” ' + sp));
  }
  for (const a of h.actors || []) {
    chips.append(el('button', { type: 'button', class: 'chip ' + a.kind, title: 'Only paragraphs involving ' + a.name,
      onclick: () => addFilter('actor', a.name) }, a.name));
  }
  return el('li', { class: 'hit' }, title, meta, el('p', {}, snippetNode(h.snippet, h.text)), chips);
}

function addFilter(key, value) {
  const s = readState();
  if (!s[key].includes(value)) go({ [key]: s[key].concat([value]) });
}

function renderPager(s, total) {
  const box = clear($('pager'));
  const offset = Number(s.offset) || 0;
  const pages = Math.ceil(total / PAGE_SIZE);
  if (pages <= 1) return;
  const current = Math.floor(offset / PAGE_SIZE);
  const link = (label, page, attrs) => el('button', Object.assign({ type: 'button',
    onclick: () => go({ offset: page ? String(page * PAGE_SIZE) : '' }, true) }, attrs), label);
  box.append(link('← previous', current - 1, { disabled: current === 0 }));
  const shown = new Set([0, current - 2, current - 1, current, current + 1, current + 2, pages - 1]);
  let last = -1;
  for (const n of [...shown].filter(n => n >= 0 && n < pages && n * PAGE_SIZE <= 10000).sort((a, b) => a - b)) {
    if (n > last + 1) box.append(el('span', { class: 'gap' }, '…'));
    box.append(link(String(n + 1), n, n === current ? { 'aria-current': 'page', class: 'current' } : {}));
    last = n;
  }
  box.append(link('next →', current + 1, { disabled: current >= pages - 1 || (current + 1) * PAGE_SIZE > 10000 }));
}

function renderFacets(s, f) {
  const box = clear($('facets'));
  if (!f) return;
  const group = (title, key, items, cls) => {
    if (!items || !items.length) return;
    const list = el('ul', {});
    for (const it of items) {
      const on = s[key].includes(it.name);
      list.append(el('li', {}, el('button', { type: 'button', class: 'facet ' + (cls || ''), 'aria-pressed': on ? 'true' : 'false',
        onclick: () => (on ? go({ [key]: s[key].filter(x => x !== it.name) }) : addFilter(key, it.name)) },
      el('span', { class: 'name' }, it.name), el('span', { class: 'count' }, it.count.toLocaleString('en')))));
    }
    box.append(el('section', { class: 'facet-group' }, el('h3', {}, title), list));
  };
  group('Speakers', 'speaker', f.speakers, 'speaker');
  for (const [kind, title] of [['person', 'People'], ['org', 'Organisations'], ['place', 'Places']]) {
    group(title, 'actor', (f.actors || []).filter(a => a.kind === kind), kind);
  }
  group('Sources', 'source', f.sources, 'source');
  const input = el('input', { type: 'search', id: 'name-filter', list: 'names', placeholder: 'Add a speaker or actor…',
    'aria-label': 'Add a speaker or actor filter' });
  const names = el('datalist', { id: 'names' });
  input.addEventListener('input', () => suggest(input.value, names));
  const form = el('form', { class: 'add-name', onsubmit: e => {
    e.preventDefault();
    const v = input.value.trim();
    if (v) addFilter('actor', v);
  } }, input, names);
  box.append(form);
}

let suggesting = 0;
async function suggest(prefix, list) {
  const mine = ++suggesting;
  if (prefix.trim().length < 2) return;
  try {
    const res = await api('/api/names', new URLSearchParams({ prefix, limit: '8' }));
    if (mine !== suggesting) return;
    clear(list);
    const seen = new Set();
    for (const n of res.names) {
      if (seen.has(n.name)) continue;
      seen.add(n.name);
      const o = document.createElement('option');
      o.value = n.name;
      o.label = n.kind + ' · ' + n.count;
      list.append(o);
    }
  } catch (_) {
    // Suggestions are a convenience; the filter still works without them.
  }
}

// ---- timeline --------------------------------------------------------------------------

const COLORS = ['#1b5e8c', '#d1495b', '#edae49', '#00798c', '#66a182', '#8d6a9f'];

function addDays(iso, n) {
  const d = new Date(iso + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

// The last day of the bucket starting at `start`.
function bucketEnd(start, interval) {
  if (interval === 'day') return start;
  if (interval === 'week') return addDays(start, 6);
  const d = new Date(start + 'T00:00:00Z');
  d.setUTCMonth(d.getUTCMonth() + 1);
  d.setUTCDate(0);
  return d.toISOString().slice(0, 10);
}

// The smallest of 1, 2, 2.5, 5 times a power of ten that is at least `v` (an axis top whose
// half is a round number too).
function niceCeil(v) {
  if (!(v > 0)) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

// The next bucket start after `start`.
function nextStart(start, interval) {
  if (interval === 'day') return addDays(start, 1);
  if (interval === 'week') return addDays(start, 7);
  const d = new Date(start + 'T00:00:00Z');
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 10);
}

// Every period from the first to the last (empty ones as zeros), so that the x axis is time;
// a very long span keeps only the periods that hold paragraphs.
function fillBuckets(buckets, interval) {
  if (buckets.length < 2) return buckets;
  const by = new Map(buckets.map(b => [b.start, b]));
  const out = [];
  const last = buckets[buckets.length - 1].start;
  for (let at = buckets[0].start; at <= last; at = nextStart(at, interval)) {
    out.push(by.get(at) || { start: at, count: 0, all: 0, series: {} });
    if (out.length > 2000) return buckets;
  }
  return out;
}

function renderTimeline(s, tl) {
  const section = $('timeline');
  const chart = clear($('chart'));
  const buckets = fillBuckets(tl.buckets.filter(b => b.all > 0 || b.count > 0), tl.interval);
  section.hidden = false;
  if (!buckets.length) {
    chart.append(el('p', { class: 'empty' }, tl.undated ? 'No dated paragraph matches (' + tl.undated + ' undated).' : 'Nothing to chart.'));
    return;
  }
  const norm = s.norm === '1';
  const value = (b, n) => (norm ? (b.all ? (100 * n) / b.all : 0) : n);
  const names = tl.names || [];
  // Drawn at the width it is shown at, so its text stays readable on a phone.
  const W = Math.max(300, Math.min(960, chart.clientWidth || 720));
  const H = W < 500 ? 180 : 220, L = 44, R = 10, T = 10, B = 28;
  const max = niceCeil(Math.max(...buckets.map(b => value(b, b.count))));
  const n = buckets.length;
  const bw = (W - L - R) / n;
  const barW = Math.max(1, Math.min(bw * 0.8, 48));
  const y = v => T + (H - T - B) * (1 - v / max);
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'tl', role: 'img',
    'aria-label': 'Matching paragraphs per ' + tl.interval + (norm ? ', as a share of all paragraphs' : '') });
  // Axis: three ticks.
  for (const f of [0, 0.5, 1]) {
    const v = max * f;
    root.append(svg('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), class: 'grid' }));
    const label = svg('text', { x: L - 4, y: y(v) + 4, class: 'axis', 'text-anchor': 'end' });
    label.textContent = (Number.isInteger(v) ? String(v) : v.toFixed(v < 1 ? 2 : 1)) + (norm ? '%' : '');
    root.append(label);
  }
  const first = svg('text', { x: L, y: H - 8, class: 'axis' });
  first.textContent = buckets[0].start;
  const last = svg('text', { x: W - R, y: H - 8, class: 'axis', 'text-anchor': 'end' });
  last.textContent = buckets[n - 1].start;
  root.append(first, last);
  // Bars: the matches; one focusable bar per bucket (Enter keeps that period).
  buckets.forEach((b, i) => {
    const v = value(b, b.count);
    const rect = svg('rect', { x: L + (i + 0.5) * bw - barW / 2, y: y(v), width: barW, height: Math.max(0, y(0) - y(v)),
      class: 'bar', tabindex: 0, 'data-start': b.start });
    const tip = svg('title', {});
    tip.textContent = b.start + ': ' + b.count + ' of ' + b.all + ' paragraphs' +
      (names.length ? '\n' + names.map(nm => nm + ': ' + ((b.series || {})[nm] || 0)).join('\n') : '');
    rect.append(tip);
    const pick = () => go({ since: b.start, until: bucketEnd(b.start, tl.interval) });
    rect.addEventListener('click', pick);
    rect.addEventListener('keydown', e => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        pick();
      }
    });
    root.append(rect);
  });
  // Lines: the top speakers.
  names.forEach((nm, k) => {
    const pts = buckets.map((b, i) => `${L + (i + 0.5) * bw},${y(value(b, (b.series || {})[nm] || 0))}`);
    root.append(svg('polyline', { points: pts.join(' '), class: 'series', stroke: COLORS[(k + 1) % COLORS.length] }));
  });
  // Brush: drag across the chart to keep a period.
  const band = svg('rect', { y: T, height: H - T - B, class: 'brush', width: 0, x: 0 });
  root.append(band);
  let from = null;
  const index = ev => {
    const box = root.getBoundingClientRect();
    const x = ((ev.clientX - box.left) / box.width) * W;
    return Math.min(n - 1, Math.max(0, Math.floor((x - L) / bw)));
  };
  root.addEventListener('pointerdown', ev => {
    from = index(ev);
    band.setAttribute('x', L + from * bw);
    band.setAttribute('width', bw);
  });
  root.addEventListener('pointermove', ev => {
    if (from === null) return;
    const to = index(ev);
    band.setAttribute('x', L + Math.min(from, to) * bw);
    band.setAttribute('width', (Math.abs(to - from) + 1) * bw);
  });
  root.addEventListener('pointerup', ev => {
    if (from === null) return;
    const to = index(ev);
    const [a, b] = [Math.min(from, to), Math.max(from, to)];
    from = null;
    if (a !== b) go({ since: buckets[a].start, until: bucketEnd(buckets[b].start, tl.interval) });
    else band.setAttribute('width', 0);
  });
  chart.append(root);
  const legend = el('ul', { class: 'legend' },
    el('li', {}, el('span', { class: 'swatch bar' }), norm ? 'matches (% of all)' : 'matches'));
  names.forEach((nm, k) => {
    const sw = el('span', { class: 'swatch line c' + ((k + 1) % COLORS.length) });
    legend.append(el('li', {}, el('button', { type: 'button', class: 'link', title: 'Only paragraphs quoting ' + nm,
      onclick: () => addFilter('speaker', nm) }, sw, nm)));
  });
  if (tl.undated) legend.append(el('li', { class: 'undated' }, tl.undated + ' undated'));
  chart.append(legend);
}

// ---- article view ----------------------------------------------------------------------

async function renderArticle(s, mine) {
  const box = $('article');
  for (const id of ['results', 'pager']) $(id).hidden = true;
  $('timeline').hidden = true;
  $('welcome').hidden = true;
  status('Loading the article…');
  let a;
  try {
    a = await api('/api/articles/' + encodeURIComponent(s.article));
  } catch (e) {
    if (mine === generation) status(e.message, true);
    return;
  }
  if (mine !== generation) return;
  status('');
  clear(box);
  box.hidden = false;
  const back = el('button', { type: 'button', class: 'back', onclick: () => go({ article: '' }, true) }, '← back to results');
  const url = safeUrl(a.url);
  box.append(back, el('h1', {}, a.title || a.id),
    el('div', { class: 'meta' },
      a.date ? el('time', { datetime: a.date }, a.date) : el('span', { class: 'undated' }, 'undated'),
      a.source ? el('span', { class: 'source' }, a.source) : null,
      url ? el('a', { href: url, rel: 'noopener noreferrer nofollow', target: '_blank' }, 'original') : null));
  for (const p of a.paragraphs) box.append(paragraphNode(p));
  box.querySelector('h1').setAttribute('tabindex', '-1');
  box.querySelector('h1').focus();
}

// A paragraph with its quotes marked; offsets are in Unicode scalar values.
function paragraphNode(p) {
  const chars = Array.from(p.text);
  const quotes = (p.quotes || []).filter(q => q.start >= 0 && q.end <= chars.length && q.start < q.end)
    .sort((x, y) => x.start - y.start);
  const node = el('p', { class: 'para', id: 'p' + p.index });
  let at = 0;
  for (const q of quotes) {
    if (q.start < at) continue;
    node.append(chars.slice(at, q.start).join(''));
    node.append(el('mark', { class: q.direct ? 'quote direct' : 'quote reported',
      title: (q.speaker ? q.speaker : 'unattributed') + ' · confidence ' + q.confidence },
    chars.slice(q.start, q.end).join('')));
    node.append(el('span', { class: 'who' + (q.speaker ? '' : ' unknown') }, q.speaker || 'unattributed'));
    at = q.end;
  }
  node.append(chars.slice(at).join(''));
  const chips = el('div', { class: 'chips' });
  for (const a of p.actors || []) {
    chips.append(el('button', { type: 'button', class: 'chip ' + a.kind, onclick: () => go({ article: '', actor: [a.name], speaker: [], source: [], offset: '' }) }, a.name));
  }
  return el('div', { class: 'para-wrap' }, node, chips.childNodes.length ? chips : null);
}

// ---- landing page ----------------------------------------------------------------------

async function renderOverview(mine) {
  const box = clear($('overview'));
  try {
    const st = await api('/api/stats', new URLSearchParams({ top: '8' }));
    if (mine !== generation) return;
    box.append(el('p', {}, st.articles.toLocaleString('en') + ' articles, ' + st.paragraphs.toLocaleString('en') + ' paragraphs.'));
    const list = el('ul', { class: 'chips' });
    for (const sp of st.speakers) {
      list.append(el('li', {}, el('button', { type: 'button', class: 'chip speaker', onclick: () => go({ speaker: [sp.name] }) },
        sp.name + ' (' + sp.count + ')')));
    }
    box.append(el('h2', {}, 'Most quoted'), list);
  } catch (e) {
    status(e.message, true);
  }
}

// ---- wiring ----------------------------------------------------------------------------

function init() {
  $('search').addEventListener('submit', e => {
    e.preventDefault();
    go({ q: $('q').value.trim() });
  });
  $('home').addEventListener('click', e => {
    e.preventDefault();
    history.pushState(null, '', '/');
    render();
  });
  $('interval').addEventListener('change', e => go({ interval: e.target.value === 'month' ? '' : e.target.value }, true));
  $('norm').addEventListener('change', e => go({ norm: e.target.checked ? '1' : '' }, true));
  document.addEventListener('keydown', e => {
    if (e.key === '/' && document.activeElement.tagName !== 'INPUT') {
      e.preventDefault();
      $('q').focus();
    }
  });
  window.addEventListener('popstate', render);
  render();
}

init();
