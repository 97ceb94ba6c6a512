// Tickets (complaints): list (status, priority, category, text) and detail with status change.

import { h, replace } from '../dom.js';
import { t, tEnum, fmtDateTime } from '../i18n.js';
import { api, cached } from '../api.js';
import { loading, errorState, backLink, badge, facts, field, select, section, flash } from '../components.js';
import { loadOne } from '../lookups.js';
import { canWrite } from '../session.js';
import { mountSimpleList } from './contacts.js';
import { contactLink } from './orders.js';

export const TICKET_STATUSES = ['open', 'in_progress', 'waiting', 'resolved', 'closed'];
export const PRIORITIES = ['low', 'normal', 'high', 'urgent'];
const STATUS_KIND = { open: 'info', in_progress: 'warn', waiting: 'muted', resolved: 'ok', closed: 'muted' };
const PRIORITY_KIND = { low: 'muted', normal: null, high: 'warn', urgent: 'danger' };

export function ticketStatusBadge(status) {
  return badge(tEnum('ticket.status', status), STATUS_KIND[status]);
}

export function priorityBadge(priority) {
  return badge(tEnum('priority', priority), PRIORITY_KIND[priority] || 'plain');
}

// owner_name is joined by the store; an owner without a display name still shows its id.
function ownerName(x) {
  if (!x.owner_id) return '';
  return x.owner_name || `#${x.owner_id}`;
}

function overdue(x) {
  return x.due_at && !['resolved', 'closed'].includes(x.status) && new Date(x.due_at).getTime() < Date.now();
}

function dueText(x) {
  if (!x.due_at) return '';
  return [fmtDateTime(x.due_at), overdue(x) ? [' ', badge(t('ticket.overdue'), 'danger')] : null];
}

function ticketCategories() {
  return cached('ticket-categories', async () => {
    const body = await api.get('/tickets', { limit: 500 });
    return [...new Set((body.items || []).map((x) => x.category).filter(Boolean))].sort((a, b) => a.localeCompare(b, 'de'));
  });
}

export function mountTickets(root, route) {
  return mountSimpleList(root, route, {
    title: t('ticket.title'),
    section: 'tickets',
    entity: 'tickets',
    filterKeys: ['status', 'priority', 'category', 'q', 'contact_id'],
    toApi: (p) => ({
      status: p.get('status') || undefined,
      priority: p.get('priority') || undefined,
      category: p.get('category') || undefined,
      q: p.get('q') || undefined,
      contact_id: p.get('contact_id') || undefined,
    }),
    controls: async (v) => {
      const cats = await ticketCategories().catch(() => []);
      if (v.category && !cats.includes(v.category)) cats.push(v.category);
      return [
        field(t('ticket.status'), select('status', TICKET_STATUSES.map((s) => [s, tEnum('ticket.status', s)]), v.status, { allLabel: t('app.all') })),
        field(t('ticket.priority'), select('priority', PRIORITIES.map((s) => [s, tEnum('priority', s)]), v.priority, { allLabel: t('app.all') })),
        field(t('ticket.category'), select('category', cats, v.category, { allLabel: t('app.all') })),
        field(t('filter.q'), h('input', { type: 'search', name: 'q', value: v.q, placeholder: t('ticket.searchPlaceholder') }), 'field-grow'),
        v.contact_id ? h('input', { type: 'hidden', name: 'contact_id', value: v.contact_id }) : null,
      ];
    },
    columns: () => [
      { label: t('ticket.number'), class: 'nowrap mono', render: (x) => h('a', { href: `#/tickets/${x.id}`, class: 'row-main-link' }, x.ticket_number) },
      { label: t('ticket.created'), class: 'nowrap', render: (x) => fmtDateTime(x.created_at) },
      { label: t('ticket.subject'), class: 'wrap', render: (x) => x.subject },
      { label: t('ticket.category'), render: (x) => x.category || '' },
      { label: t('ticket.priority'), render: (x) => priorityBadge(x.priority) },
      { label: t('ticket.status'), render: (x) => ticketStatusBadge(x.status) },
      { label: t('ticket.owner'), render: (x) => ownerName(x) },
      { label: t('ticket.due'), class: 'nowrap', render: dueText },
    ],
  });
}

export function mountTicket(root, route) {
  const id = route.id;
  let destroyed = false;
  const body = h('div', null, loading());
  replace(root, backLink('#/tickets', t('ticket.title')), body);

  function render(x, savedMessage) {
    document.title = `${t('ticket.detailTitle', { number: x.ticket_number })} · ${t('app.name')}`;
    let statusForm = null;
    if (canWrite('tickets')) {
      const msg = h('span', { class: 'form-message', 'aria-live': 'polite' });
      const sel = select('status', TICKET_STATUSES.map((s) => [s, tEnum('ticket.status', s)]), x.status);
      sel.id = 'ticket-status';
      const btn = h('button', { type: 'submit', class: 'btn btn-primary' }, t('app.save'));
      statusForm = h('form', { class: 'inline-form status-form' },
        h('label', { for: 'ticket-status', class: 'field-label' }, t('ticket.changeStatus')), sel, btn, msg);
      if (savedMessage) flash(msg, savedMessage);
      statusForm.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        btn.disabled = true;
        try {
          const updated = await api.patch(`/tickets/${x.id}`, { status: sel.value });
          render(updated || { ...x, status: sel.value }, t('ticket.statusSaved'));
        } catch (err) {
          flash(msg, err.message, 'error');
          btn.disabled = false;
        }
      });
    }
    replace(body,
      h('header', { class: 'page-header' },
        h('h1', { tabindex: '-1' }, t('ticket.detailTitle', { number: x.ticket_number })),
        ticketStatusBadge(x.status), priorityBadge(x.priority)),
      h('p', { class: 'subtitle' }, x.subject),
      h('div', { class: 'two-col' },
        section(null, facts([
          [t('ticket.category'), x.category],
          [t('ticket.priority'), priorityBadge(x.priority)],
          [t('ticket.status'), ticketStatusBadge(x.status)],
          [t('ticket.owner'), ownerName(x)],
          [t('ticket.created'), fmtDateTime(x.created_at)],
          [t('ticket.due'), dueText(x)],
          x.resolved_at ? [t('ticket.resolved'), fmtDateTime(x.resolved_at)] : null,
          [t('ticket.contact'), contactLink(x.contact_id, x.contact_name)],
          [t('ticket.order'), x.order_id ? h('a', { href: `#/orders/${x.order_id}` }, x.order_number || `#${x.order_id}`) : ''],
          [t('ticket.interaction'), x.interaction_id ? h('a', { href: `#/interactions/${x.interaction_id}` }, `#${x.interaction_id}`) : ''],
        ]), statusForm),
        h('div', { class: 'stack' },
          section(t('ticket.description'), h('p', { class: 'prewrap' }, x.description || t('app.none'))),
          section(t('ticket.remedy'), h('p', { class: 'prewrap' }, x.desired_remedy || t('app.none'))))));
  }

  async function load() {
    try {
      const x = await loadOne('tickets', id, 'ticket_number');
      if (!destroyed) render(x);
    } catch (err) {
      if (!destroyed) replace(body, errorState(err, err.status === 404 ? null : load));
    }
  }
  load();
  return { destroy() { destroyed = true; } };
}
