// Interactions list: filters in the URL hash, pagination, live updates from /api/v1/events.

import { h, replace } from '../dom.js';
import { t, tEnum, fmtDateTime, fmtDuration, fmtNumber, localDayStartISO } from '../i18n.js';
import { api } from '../api.js';
import {
  loading, errorState, emptyState, pageHeader, dataTable, tableRow, pagination, badge, field, select, filterForm,
} from '../components.js';
import { users, queues, queueDispositions, durationSeconds, contact, contactName } from '../lookups.js';
import { canRead } from '../session.js';
import { onLive, interactionIdOf } from '../live.js';

const LIMIT = 50;
export const FILTER_KEYS = ['from', 'to', 'channel', 'direction', 'agent_id', 'queue_id', 'disposition', 'q', 'contact_id'];

export function channelBadge(channel) {
  return badge(tEnum('channel', channel), `ch-${channel}`);
}

export function directionText(direction) {
  const arrow = { inbound: '↘ ', outbound: '↗ ', internal: '↔ ' }[direction] || '';
  const label = tEnum('direction', direction);
  return h('span', { class: 'direction', title: label }, h('span', { 'aria-hidden': 'true' }, arrow), h('span', { class: 'direction-label' }, label));
}

// Running interactions: a ringing call (not answered yet) or a live one; nothing once ended.
export function liveBadge(ix) {
  if (!ix || ix.ended_at) return null;
  if (ix.channel === 'voice' && !ix.answered_at) return badge(t('ix.ringing'), 'ringing');
  return badge(t('ix.running'), 'live');
}

export function endReasonText(reason) {
  return tEnum('reason', reason);
}

// The interaction columns, also used in the contact history.
export function interactionColumns({ withContact = true, marks } = {}) {
  return [
    {
      label: t('ix.started'),
      class: 'nowrap',
      render: (r) => [
        h('a', { href: `#/interactions/${r.id}`, class: 'row-main-link' }, fmtDateTime(r.started_at)),
        marks && marks.get(Number(r.id)) ? h('span', { class: 'mark-new' }, ' ', badge(t(marks.get(Number(r.id))), 'new')) : null,
      ],
    },
    // Channel and direction share a cell: a badge and an arrow (the word is in the title).
    { label: t('ix.channel'), class: 'nowrap', render: (r) => [channelBadge(r.channel), ' ', directionText(r.direction)] },
    withContact ? {
      label: t('ix.contact'),
      class: 'clip',
      render: (r) => (r.contact_id ? h('a', { href: `#/contacts/${r.contact_id}` }, r.contact_name || `#${r.contact_id}`) : ''),
    } : null,
    { label: t('ix.remote'), class: 'nowrap mono clip', render: (r) => r.remote_address || '' },
    { label: t('ix.queue'), class: 'clip', render: (r) => r.queue_name || '' },
    { label: t('ix.agent'), class: 'clip', render: (r) => r.agent_name || '' },
    {
      label: t('ix.duration'),
      class: 'num',
      render: (r) => (r.ended_at ? fmtDuration(durationSeconds(r.started_at, r.ended_at)) : liveBadge(r)),
    },
    { label: t('ix.endReason'), class: 'clip', render: (r) => endReasonText(r.end_reason) },
    { label: t('ix.disposition'), class: 'clip', render: (r) => r.disposition || '' },
    { label: t('ix.subject'), class: 'clip clip-wide', render: (r) => r.subject || '' },
  ].filter(Boolean);
}

function paramsToApi(p) {
  const out = { limit: LIMIT, offset: Number(p.get('offset')) || 0 };
  for (const key of ['channel', 'direction', 'agent_id', 'queue_id', 'disposition', 'q', 'contact_id']) {
    if (p.get(key)) out[key] = p.get(key);
  }
  const from = localDayStartISO(p.get('from'));
  const to = localDayStartISO(p.get('to'), 1);
  if (from) out.from = from;
  if (to) out.to = to;
  return out;
}

export function writeHash(section, values, offset) {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v) qs.set(k, v);
  if (offset) qs.set('offset', String(offset));
  const s = qs.toString();
  const target = `#/${section}${s ? `?${s}` : ''}`;
  if (location.hash !== target) location.hash = target;
}

// The contact filter (set from a contact's history) as a removable chip.
function contactChip(id) {
  const label = h('a', { href: `#/contacts/${id}` }, `#${id}`);
  contact(id).then((c) => { label.textContent = contactName(c); }).catch(() => {});
  return h('div', { class: 'field' },
    h('span', { class: 'field-label' }, t('ix.contact')),
    h('span', { class: 'chip' }, label,
      h('input', { type: 'hidden', name: 'contact_id', value: id }),
      h('button', { type: 'button', class: 'chip-remove', 'aria-label': t('filter.reset'), title: t('filter.reset'),
        onclick: (ev) => {
          const form = ev.target.closest('form');
          form.elements.contact_id.value = '';
          form.requestSubmit();
        } }, '×')));
}

function rowClassOf(r, marks) {
  const classes = [];
  if (marks.has(Number(r.id))) classes.push('row-new');
  if (!r.ended_at && r.channel === 'voice') classes.push('row-live');
  return classes.join(' ') || null;
}

export function mountInteractions(root, route) {
  let params = route.params;
  let destroyed = false;
  let loadSeq = 0;
  const marks = new Map(); // id -> 'ix.new' | 'ix.updated', shown after a refresh
  const pending = new Map();
  const arriving = new Set(); // created on the first page, shown by the coming reload

  const count = h('span', { class: 'count' });
  const liveBar = h('div', { class: 'live-bar', hidden: true, 'aria-live': 'polite' });
  const formHost = h('div', { class: 'filters-host' });
  const results = h('div', { class: 'results' });

  replace(root, pageHeader(t('ix.title'), count), formHost, liveBar, results);
  document.title = `${t('ix.title')} · ${t('app.name')}`;

  function current() {
    const v = {};
    for (const k of FILTER_KEYS) v[k] = params.get(k) || '';
    return v;
  }

  async function buildForm() {
    const [userList, queueList] = await Promise.all([users(), queues()]);
    if (destroyed) return;
    const v = current();
    const dispositions = [...new Set(queueList.flatMap(queueDispositions))].sort((a, b) => a.localeCompare(b, 'de'));
    if (v.disposition && !dispositions.includes(v.disposition)) dispositions.push(v.disposition);
    const controls = [
      field(t('filter.from'), h('input', { type: 'date', name: 'from', value: v.from })),
      field(t('filter.to'), h('input', { type: 'date', name: 'to', value: v.to })),
      field(t('ix.channel'), select('channel', ['voice', 'chat', 'email', 'web'].map((c) => [c, tEnum('channel', c)]), v.channel, { allLabel: t('app.all') })),
      field(t('ix.direction'), select('direction', ['inbound', 'outbound', 'internal'].map((c) => [c, tEnum('direction', c)]), v.direction, { allLabel: t('app.all') })),
      canRead('users') ? field(t('ix.agent'), select('agent_id',
        userList.filter((u) => u.role !== 'client-viewer').map((u) => [u.id, u.display_name || u.username]),
        v.agent_id, { allLabel: t('app.all') })) : null,
      queueList.length ? field(t('ix.queue'), select('queue_id', queueList.map((q) => [q.id, q.name]), v.queue_id, { allLabel: t('app.all') })) : null,
      dispositions.length
        ? field(t('ix.disposition'), select('disposition', dispositions, v.disposition, { allLabel: t('app.all') }))
        : field(t('ix.disposition'), h('input', { type: 'text', name: 'disposition', value: v.disposition })),
      field(t('filter.q'), h('input', { type: 'search', name: 'q', value: v.q, placeholder: t('filter.qPlaceholder') }), 'field-grow'),
      v.contact_id ? contactChip(v.contact_id) : null,
    ];
    replace(formHost, filterForm(controls, (values) => writeHash('interactions', values, 0),
      () => writeHash('interactions', {}, 0)));
  }

  function syncForm() {
    const form = formHost.querySelector('form');
    if (!form) return;
    const v = current();
    for (const el of form.elements) if (el.name && el.name in v && el !== document.activeElement) el.value = v[el.name];
  }

  // The rows on screen by id, and how they were drawn, so that a live change redraws one row.
  const shownRows = new Map();
  let rowOptions = null;
  let rowColumns = null;

  // Runs a redraw and puts the keyboard focus back on the same control of the same row.
  function keepingFocus(redraw) {
    const active = document.activeElement;
    const tr = active && results.contains(active) ? active.closest('tr[data-href]') : null;
    let index = -1;
    if (tr) index = [...tr.querySelectorAll('a, button, [tabindex]')].indexOf(active);
    redraw();
    if (!tr || index < 0) return;
    const again = results.querySelector(`tr[data-href="${CSS.escape(tr.dataset.href)}"]`);
    const target = again && again.querySelectorAll('a, button, [tabindex]')[index];
    if (target) target.focus();
  }

  async function load({ soft = false } = {}) {
    const seq = ++loadSeq;
    results.dataset.query = params.toString();
    // A live refresh keeps the table on screen until the new one is there.
    if (!soft) {
      results.dataset.state = 'loading';
      replace(results, loading());
    }
    const apiParams = paramsToApi(params);
    try {
      const body = await api.get('/interactions', apiParams);
      if (destroyed || seq !== loadSeq) return;
      const rows = body.items || [];
      const total = body.total ?? rows.length;
      count.textContent = total === 1 ? t('list.countOne') : t('list.count', { total: fmtNumber(total) });
      const filtered = FILTER_KEYS.some((k) => params.get(k));
      if (!rows.length) {
        results.dataset.state = 'empty';
        replace(results, emptyState(filtered ? t('app.emptyFiltered') : t('app.empty')));
        return;
      }
      const shownMarks = new Map(marks);
      marks.clear();
      rowColumns = interactionColumns({ marks: shownMarks });
      rowOptions = {
        rowHref: (r) => `#/interactions/${r.id}`,
        rowClass: (r) => rowClassOf(r, shownMarks),
      };
      shownRows.clear();
      for (const r of rows) shownRows.set(Number(r.id), r);
      // Rows drawn just now are up to date: the bar need not offer them any more.
      arriving.clear();
      if ([...pending.keys()].some((id) => shownRows.has(id))) {
        for (const id of shownRows.keys()) pending.delete(id);
        renderLiveBar();
      }
      keepingFocus(() => replace(results,
        dataTable(rowColumns, rows, { ...rowOptions, caption: t('ix.title') }),
        pagination(total, body.limit || LIMIT, body.offset ?? apiParams.offset, (off) => writeHash('interactions', current(), off))));
      results.dataset.state = 'ready';
    } catch (err) {
      if (destroyed || seq !== loadSeq) return;
      if (soft) {
        arriving.clear(); // keep the table; later events go to the bar again
        return;
      }
      count.textContent = '';
      results.dataset.state = 'error';
      replace(results, errorState(err, load));
    }
  }

  function renderLiveBar() {
    if (!pending.size) {
      liveBar.hidden = true;
      replace(liveBar);
      return;
    }
    liveBar.hidden = false;
    replace(liveBar,
      h('span', { class: 'live-dot', 'aria-hidden': 'true' }),
      h('span', null, t('ix.liveNew', { count: pending.size })),
      h('button', { type: 'button', class: 'btn btn-small btn-primary', onclick: refreshFromLive }, t('ix.liveRefresh')));
  }

  function refreshFromLive() {
    for (const [id, kind] of pending) marks.set(id, kind);
    pending.clear();
    renderLiveBar();
    load();
  }

  // One row again from the server (answered, ended, agent, disposition ...), in place.
  const rowTimers = new Map();
  function refreshRow(id) {
    clearTimeout(rowTimers.get(id));
    rowTimers.set(id, setTimeout(async () => {
      rowTimers.delete(id);
      const seq = loadSeq;
      let row;
      try {
        row = await api.get(`/interactions/${id}`);
      } catch {
        return;
      }
      if (destroyed || seq !== loadSeq || !shownRows.has(id) || !rowColumns) return;
      const tr = results.querySelector(`tr[data-href="#/interactions/${id}"]`);
      if (!tr) return;
      shownRows.set(id, row);
      keepingFocus(() => tr.replaceWith(tableRow(rowColumns, row, rowOptions)));
    }, 250));
  }

  let softTimer = null;
  function softReload() {
    clearTimeout(softTimer);
    softTimer = setTimeout(() => load({ soft: true }), 250);
  }

  const unsubscribe = onLive((msg) => {
    const id = interactionIdOf(msg);
    if (id === null || Number.isNaN(id)) return;
    const firstPage = !(Number(params.get('offset')) > 0);
    // New interactions (an incoming call) join the first page at once; on later pages the
    // bar offers them, so that the rows being read do not move.
    if (msg.type === 'interaction.created' && firstPage) {
      marks.set(id, 'ix.new');
      arriving.add(id);
      softReload();
      return;
    }
    // Its first protocol lines come before the list shows it; the reload brings them, and
    // a change of the interaction itself (answered) asks for a reload after it.
    if (arriving.has(id)) {
      if (msg.type === 'interaction.updated') softReload();
      return;
    }
    const row = shownRows.get(id);
    // A shown row follows its interaction; the protocol of a running call changes too often
    // to ask each time.
    if (row && (msg.type === 'interaction.updated' || !row.ended_at)) {
      if (msg.type === 'interaction.updated') refreshRow(id);
      return;
    }
    const kind = msg.type === 'interaction.created' ? 'ix.new' : 'ix.updated';
    if (!pending.has(id) || kind === 'ix.new') pending.set(id, kind);
    renderLiveBar();
  });

  buildForm();
  load();

  return {
    update(r) {
      params = r.params;
      syncForm();
      load();
    },
    destroy() {
      destroyed = true;
      clearTimeout(softTimer);
      for (const timer of rowTimers.values()) clearTimeout(timer);
      unsubscribe();
    },
  };
}
