// Call backs: requested by callers (a flow's callback node) or by agents; the list with status
// and queue filters, and a detail with the flow's summary and variables, mark done / cancel
// and notes.

import { h, replace } from '../dom.js';
import { t, tEnum, fmtDateTime } from '../i18n.js';
import { api } from '../api.js';
import { loading, errorState, backLink, badge, facts, field, select, section, flash } from '../components.js';
import { queues, contact, contactName, users, userName } from '../lookups.js';
import { canWrite } from '../session.js';
import { reloadOnLive } from '../live.js';
import { mountSimpleList } from './contacts.js';
import { valueText } from './desk_call.js';

export const CALLBACK_STATUSES = ['pending', 'dialing', 'done', 'failed', 'cancelled'];
const STATUS_KIND = { pending: 'info', dialing: 'warn', done: 'ok', failed: 'danger', cancelled: 'muted' };
const OPEN = ['pending', 'dialing', 'failed'];

export function callbackStatusBadge(status) {
  return badge(tEnum('cb.status', status), STATUS_KIND[status]);
}

function overdue(x) {
  return x.due_at && x.status === 'pending' && new Date(x.due_at).getTime() < Date.now();
}

function dueText(x) {
  if (!x.due_at) return '';
  return [fmtDateTime(x.due_at), overdue(x) ? [' ', badge(t('cb.overdue'), 'danger')] : null];
}

// The contact's name arrives after the row is drawn (callbacks carry only contact_id).
function contactCell(id) {
  if (!id) return '';
  const a = h('a', { href: `#/contacts/${id}` }, `#${id}`);
  contact(id).then((c) => { a.textContent = contactName(c); }).catch(() => {});
  return a;
}

function variablesOf(x) {
  let v = x.variables;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      v = {};
    }
  }
  return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
}

export function mountCallbacks(root, route) {
  let queueNames = new Map();
  const view = mountSimpleList(root, route, {
    title: t('cb.title'),
    section: 'callbacks',
    entity: 'callbacks',
    filterKeys: ['status', 'queue_id', 'q'],
    prepare: async () => {
      const list = await queues();
      queueNames = new Map(list.map((q) => [Number(q.id), q.name]));
    },
    toApi: (p) => ({
      status: p.get('status') || undefined,
      queue_id: p.get('queue_id') || undefined,
      q: p.get('q') || undefined,
      sort: 'due_at',
    }),
    controls: async (v) => {
      const list = await queues();
      return [
        field(t('cb.statusLabel'), select('status', CALLBACK_STATUSES.map((s) => [s, tEnum('cb.status', s)]), v.status, { allLabel: t('app.all') })),
        field(t('cb.queue'), select('queue_id', list.map((q) => [q.id, q.name]), v.queue_id, { allLabel: t('app.all') })),
        field(t('filter.q'), h('input', { type: 'search', name: 'q', value: v.q, placeholder: t('cb.searchPlaceholder') }), 'field-grow'),
      ];
    },
    columns: () => [
      { label: t('cb.due'), class: 'nowrap', render: (x) => [h('a', { href: `#/callbacks/${x.id}`, class: 'row-main-link' }, fmtDateTime(x.due_at)), overdue(x) ? [' ', badge(t('cb.overdue'), 'danger')] : null] },
      { label: t('cb.number'), class: 'nowrap mono', render: (x) => x.number || '' },
      { label: t('cb.queue'), class: 'clip', render: (x) => (x.queue_id ? queueNames.get(Number(x.queue_id)) || `#${x.queue_id}` : '') },
      { label: t('cb.contact'), class: 'clip', render: (x) => contactCell(x.contact_id) },
      { label: t('cb.summary'), class: 'clip-wide', render: (x) => x.summary || '' },
      { label: t('cb.statusLabel'), render: (x) => callbackStatusBadge(x.status) },
      { label: t('cb.attempts'), class: 'num', render: (x) => String(x.attempts ?? 0) },
    ],
  });
  // New or changed call backs: show them without a manual reload (debounced).
  return reloadOnLive(view, 'callback.');
}

export function mountCallback(root, route) {
  const id = route.id;
  let destroyed = false;
  const body = h('div', null, loading());
  replace(root, backLink('#/callbacks', t('cb.title')), body);

  async function patch(fields, msg, okText) {
    try {
      const updated = await api.patch(`/callbacks/${id}`, fields);
      if (!destroyed) render(updated, okText);
    } catch (err) {
      flash(msg, err.message, 'error');
    }
  }

  async function render(x, savedMessage) {
    const [queueList, userList] = await Promise.all([queues(), users()]);
    if (destroyed) return;
    const queue = queueList.find((q) => Number(q.id) === Number(x.queue_id));
    document.title = `${t('cb.detailTitle', { id: x.id })} · ${t('app.name')}`;
    const vars = Object.entries(variablesOf(x));
    const parts = [];
    if (canWrite('callbacks')) {
      const msg = h('div', { class: 'form-message', 'aria-live': 'polite' });
      if (savedMessage) flash(msg, savedMessage);
      const open = OPEN.includes(x.status);
      const statusButtons = h('div', { class: 'form-row cb-actions' },
        h('button', { type: 'button', class: 'btn btn-primary cb-done', disabled: !open, onclick: () => patch({ status: 'done' }, msg, t('cb.markedDone')) }, t('cb.markDone')),
        h('button', { type: 'button', class: 'btn cb-cancel', disabled: !open, onclick: () => patch({ status: 'cancelled' }, msg, t('cb.markedCancelled')) }, t('cb.cancel')),
        !open ? h('button', { type: 'button', class: 'btn btn-link cb-reopen', onclick: () => patch({ status: 'pending' }, msg, t('cb.reopened')) }, t('cb.reopen')) : null);
      const notes = h('textarea', { id: 'cb-notes', name: 'notes', rows: '4', maxlength: '10000' });
      notes.value = x.notes || '';
      const notesForm = h('form', { class: 'note-form' },
        h('label', { for: 'cb-notes', class: 'field-label' }, t('ix.notes')), notes,
        h('div', { class: 'form-row' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('app.save'))));
      notesForm.addEventListener('submit', (ev) => {
        ev.preventDefault();
        patch({ notes: notes.value.trim() || null }, msg, t('cb.notesSaved'));
      });
      parts.push(section(t('cb.actions'), statusButtons, notesForm, msg));
    } else if (x.notes) {
      parts.push(section(t('ix.notes'), h('p', { class: 'prewrap' }, x.notes)));
    }
    replace(body,
      h('header', { class: 'page-header' }, h('h1', { tabindex: '-1' }, t('cb.detailTitle', { id: x.id })), callbackStatusBadge(x.status)),
      x.summary ? h('p', { class: 'subtitle prewrap cb-summary' }, x.summary) : null,
      h('div', { class: 'two-col' },
        section(null, facts([
          [t('cb.number'), x.number ? h('a', { href: `tel:${x.number_e164 || x.number}`, class: 'mono' }, x.number) : ''],
          [t('cb.due'), dueText(x)],
          [t('cb.statusLabel'), callbackStatusBadge(x.status)],
          [t('cb.attempts'), String(x.attempts ?? 0)],
          [t('cb.queue'), queue ? queue.name : x.queue_id ? `#${x.queue_id}` : ''],
          [t('cb.contact'), contactCell(x.contact_id)],
          [t('cb.interaction'), x.interaction_id ? h('a', { href: `#/interactions/${x.interaction_id}` }, `#${x.interaction_id}`) : ''],
          [t('cb.agent'), x.agent_id ? userName(userList, x.agent_id) : ''],
          [t('cb.created'), fmtDateTime(x.created_at)],
        ]), vars.length ? h('div', { class: 'facts-notes' }, h('h3', null, t('cb.variables')),
          h('dl', { class: 'kv' }, vars.map(([k, v]) => [h('dt', null, k), h('dd', null, valueText(v) || t('app.none'))]))) : null),
        h('div', { class: 'stack' }, ...parts)));
  }

  async function load() {
    try {
      const x = await api.get(`/callbacks/${encodeURIComponent(id)}`);
      if (!destroyed) await render(x);
    } catch (err) {
      if (!destroyed) replace(body, errorState(err, err.status === 404 ? null : load));
    }
  }
  load();
  return { destroy() { destroyed = true; } };
}
