// Knowledge base: ranked search (GET /kb/search) when a question is typed, otherwise the list
// by title; category filter; article view with safely rendered Markdown.

import { h, replace } from '../dom.js';
import { t, fmtDate } from '../i18n.js';
import { api } from '../api.js';
import { loading, errorState, backLink, badge, field, select, section } from '../components.js';
import { kbCategories, loadOne } from '../lookups.js';
import { renderMarkdown } from '../markdown.js';
import { mountSimpleList } from './contacts.js';

export function tagList(tags) {
  if (!tags) return [];
  if (Array.isArray(tags)) return tags.map(String);
  const s = String(tags).trim();
  if (s.startsWith('[')) {
    try {
      const arr = JSON.parse(s);
      if (Array.isArray(arr)) return arr.map(String);
    } catch {
      /* fall through to comma separated */
    }
  }
  return s.split(/\s*,\s*/).filter(Boolean);
}

function firstWords(body, n = 28) {
  const text = String(body || '')
    .replace(/^#.*$/gm, ' ')
    .replace(/[|*_`>#[\]()-]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const words = text.split(' ');
  return words.length > n ? `${words.slice(0, n).join(' ')} …` : text;
}

// The ranked search answers the best RANKED_LIMIT articles; the category filter applies to
// them (the search itself knows no categories).
const RANKED_LIMIT = 20;

async function rankedSearch(params) {
  const q = (params.get('q') || '').trim();
  if (!q) return null;
  const body = await api.get('/kb/search', { q: q.slice(0, 1000), limit: RANKED_LIMIT });
  const category = params.get('category');
  const items = (body.items || []).filter((a) => !category || a.category === category);
  return { items, total: items.length, limit: RANKED_LIMIT, offset: 0 };
}

export function mountKb(root, route) {
  return mountSimpleList(root, route, {
    title: t('kb.title'),
    section: 'kb',
    entity: 'kb',
    filterKeys: ['q', 'category'],
    fetch: rankedSearch,
    toApi: (p) => ({ q: p.get('q') || undefined, category: p.get('category') || undefined, sort: p.get('q') ? undefined : 'title' }),
    controls: async (v) => {
      const cats = await kbCategories().catch(() => []);
      if (v.category && !cats.includes(v.category)) cats.push(v.category);
      return [
        field(t('filter.q'), h('input', { type: 'search', name: 'q', value: v.q, placeholder: t('kb.searchPlaceholder') }), 'field-grow'),
        field(t('kb.category'), select('category', cats, v.category, { allLabel: t('app.all') })),
      ];
    },
    columns: () => [
      {
        label: t('kb.articleTitle'),
        class: 'wrap',
        render: (a) => [
          h('a', { href: `#/kb/${a.id}`, class: 'row-main-link kb-title' }, a.title),
          a.published === false ? [' ', badge(t('kb.unpublished'), 'muted')] : null,
          h('div', { class: 'kb-snippet muted' }, a.summary ?? firstWords(a.body)),
        ],
      },
      { label: t('kb.category'), class: 'nowrap', render: (a) => a.category || '' },
      { label: t('kb.tags'), render: (a) => h('span', { class: 'tags' }, tagList(a.tags).map((x) => badge(x, 'tag'))) },
      { label: t('kb.updated'), class: 'nowrap', render: (a) => (a.updated_at ? fmtDate(a.updated_at) : '') },
    ],
  });
}

export function mountKbArticle(root, route) {
  const id = route.id;
  let destroyed = false;
  const body = h('div', null, loading());
  replace(root, backLink('#/kb', t('kb.title')), body);

  async function load() {
    try {
      const a = await loadOne('kb', id, 'slug');
      if (destroyed) return;
      document.title = `${a.title} · ${t('app.name')}`;
      const md = renderMarkdown(a.body);
      const first = md.firstElementChild;
      if (first && first.tagName === 'H2' && String(a.title).toLowerCase().startsWith(first.textContent.trim().toLowerCase())) {
        first.remove();
      }
      replace(body,
        h('article', { class: 'kb-article' },
          h('header', { class: 'page-header' }, h('h1', { tabindex: '-1' }, a.title)),
          h('p', { class: 'kb-meta' },
            a.category ? h('a', { href: `#/kb?category=${encodeURIComponent(a.category)}`, class: 'badge badge-info' }, a.category) : null,
            h('span', { class: 'tags' }, tagList(a.tags).map((x) => badge(x, 'tag'))),
            h('span', { class: 'muted' }, `${t('kb.updated')}: ${fmtDate(a.updated_at)}`)),
          section(null, md)));
    } catch (err) {
      if (!destroyed) replace(body, errorState(err, err.status === 404 ? null : load));
    }
  }
  load();
  return { destroy() { destroyed = true; } };
}
