// Building blocks shared by the screens: states, tables, pagination, filters, facts.

import { h, replace } from './dom.js';
import { t, fmtNumber } from './i18n.js';

export function loading() {
  return h('div', { class: 'state state-loading', role: 'status', 'aria-live': 'polite' },
    h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('app.loading'));
}

export function errorState(err, retry) {
  let text = err && err.message ? err.message : String(err);
  if (err && err.status === 404) text = t('app.notFound');
  if (err && err.status === 403) text = t('app.forbidden');
  return h('div', { class: 'state state-error', role: 'alert' },
    h('strong', null, t('app.error')), ' ', text,
    retry ? h('button', { type: 'button', class: 'btn btn-small', onclick: retry }, t('app.retry')) : null);
}

export function emptyState(text) {
  return h('div', { class: 'state state-empty' }, text || t('app.empty'));
}

export function pageHeader(title, ...extra) {
  return h('header', { class: 'page-header' }, h('h1', { tabindex: '-1' }, title), ...extra);
}

export function backLink(href, label) {
  return h('a', { class: 'back-link', href }, '← ', label || t('app.back'));
}

// columns: [{label, render(row) -> node|string, class}]; rowHref(row) makes the row a link target.
export function dataTable(columns, rows, { rowHref, rowClass, caption } = {}) {
  const thead = h('thead', null, h('tr', null, columns.map((c) => h('th', { scope: 'col', class: c.class }, c.label))));
  const tbody = h('tbody', null, rows.map((row) => tableRow(columns, row, { rowHref, rowClass })));
  return h('div', { class: 'table-wrap' },
    h('table', { class: 'data-table' }, caption ? h('caption', { class: 'sr-only' }, caption) : null, thead, tbody));
}

// One <tr> of a dataTable; lists that update a single row live build it again with this.
export function tableRow(columns, row, { rowHref, rowClass } = {}) {
  const tr = h('tr', { class: rowClass ? rowClass(row) : null },
    columns.map((c) => {
      const td = h('td', { class: c.class }, c.render(row));
      // Clipped cells show their full text on hover.
      if (c.class && /\bclip/.test(c.class) && td.textContent) td.title = td.textContent.trim();
      return td;
    }));
  if (rowHref) {
    const href = rowHref(row);
    tr.classList.add('row-link');
    tr.dataset.href = href;
    tr.addEventListener('click', (ev) => {
      if (ev.target.closest('a, button, input, select, textarea, audio')) return;
      if (window.getSelection && String(window.getSelection()).length > 0) return;
      location.hash = href;
    });
  }
  return tr;
}

export function pagination(total, limit, offset, go) {
  if (!total) return null;
  const from = offset + 1;
  const to = Math.min(offset + limit, total);
  const pages = Math.max(1, Math.ceil(total / limit));
  const page = Math.floor(offset / limit) + 1;
  return h('nav', { class: 'pagination', 'aria-label': t('list.page', { page, pages }) },
    h('span', { class: 'pagination-info' },
      t('list.range', { from: fmtNumber(from), to: fmtNumber(to), total: fmtNumber(total) })),
    h('button', { type: 'button', class: 'btn btn-small', disabled: offset <= 0,
      onclick: () => go(Math.max(0, offset - limit)) }, '‹ ', t('list.prev')),
    h('span', { class: 'pagination-page' }, t('list.page', { page, pages })),
    h('button', { type: 'button', class: 'btn btn-small', disabled: to >= total,
      onclick: () => go(offset + limit) }, t('list.next'), ' ›'));
}

export function badge(text, kind) {
  if (!text) return '';
  return h('span', { class: `badge${kind ? ` badge-${kind}` : ''}` }, text);
}

// facts: [[label, value]] rendered as a definition list; empty values show a dash.
export function facts(items, cls) {
  return h('dl', { class: `facts${cls ? ` ${cls}` : ''}` }, items.filter(Boolean).map(([label, value]) =>
    h('div', { class: 'fact' }, h('dt', null, label),
      h('dd', null, value === undefined || value === null || value === '' ? t('app.none') : value))));
}

export function field(label, control, cls) {
  return h('label', { class: `field${cls ? ` ${cls}` : ''}` }, h('span', { class: 'field-label' }, label), control);
}

export function select(name, options, value, { allLabel } = {}) {
  const sel = h('select', { name });
  if (allLabel !== undefined) sel.appendChild(h('option', { value: '' }, allLabel));
  for (const opt of options) {
    const [v, label] = Array.isArray(opt) ? opt : [opt, opt];
    sel.appendChild(h('option', { value: String(v), selected: String(v) === String(value ?? '') }, label));
  }
  return sel;
}

// A filter form: on submit (or change of a select/date) calls apply(values).
export function filterForm(controls, apply, reset) {
  const form = h('form', { class: 'filters', role: 'search', 'aria-label': t('filter.title') }, controls,
    h('div', { class: 'filter-actions' },
      h('button', { type: 'submit', class: 'btn btn-primary' }, t('filter.apply')),
      h('button', { type: 'button', class: 'btn btn-link', onclick: reset }, t('filter.reset'))));
  const values = () => {
    const out = {};
    for (const el of form.elements) {
      if (el.name) out[el.name] = el.value.trim();
    }
    return out;
  };
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    apply(values());
  });
  form.addEventListener('change', (ev) => {
    if (ev.target.matches('select, input[type=date]')) apply(values());
  });
  return form;
}

export function flash(container, text, kind = 'ok') {
  replace(container, h('span', { class: `flash flash-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text));
}

export function section(title, ...children) {
  return h('section', { class: 'card' }, title ? h('h2', { class: 'card-title' }, title) : null, ...children);
}

export function linkOr(href, text) {
  if (!text && text !== 0) return t('app.none');
  return href ? h('a', { href }, String(text)) : String(text);
}
