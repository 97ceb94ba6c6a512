// Orders: list (status, text, time) and detail with lines and totals.

import { h, replace } from '../dom.js';
import { t, tEnum, fmtDateTime, fmtMoney, localDayStartISO } from '../i18n.js';
import { api } from '../api.js';
import {
  loading, errorState, emptyState, backLink, dataTable, badge, facts, field, select, section, flash,
} from '../components.js';
import { loadOne } from '../lookups.js';
import { canWrite } from '../session.js';
import { mountSimpleList } from './contacts.js';

export const ORDER_STATUSES = ['new', 'confirmed', 'shipped', 'delivered', 'cancelled'];
const STATUS_KIND = { new: 'info', confirmed: 'info', shipped: 'warn', delivered: 'ok', cancelled: 'muted' };

export function orderStatusBadge(status) {
  return badge(tEnum('order.status', status), STATUS_KIND[status]);
}

export function mountOrders(root, route) {
  return mountSimpleList(root, route, {
    title: t('order.title'),
    section: 'orders',
    entity: 'orders',
    filterKeys: ['from', 'to', 'status', 'q', 'contact_id'],
    toApi: (p) => ({
      status: p.get('status') || undefined,
      q: p.get('q') || undefined,
      contact_id: p.get('contact_id') || undefined,
      from: localDayStartISO(p.get('from')) || undefined,
      to: localDayStartISO(p.get('to'), 1) || undefined,
    }),
    controls: async (v) => [
      field(t('filter.from'), h('input', { type: 'date', name: 'from', value: v.from })),
      field(t('filter.to'), h('input', { type: 'date', name: 'to', value: v.to })),
      field(t('order.status'), select('status', ORDER_STATUSES.map((s) => [s, tEnum('order.status', s)]), v.status, { allLabel: t('app.all') })),
      field(t('filter.q'), h('input', { type: 'search', name: 'q', value: v.q, placeholder: t('order.searchPlaceholder') }), 'field-grow'),
      v.contact_id ? h('input', { type: 'hidden', name: 'contact_id', value: v.contact_id }) : null,
    ],
    columns: () => [
      { label: t('order.number'), class: 'nowrap mono', render: (o) => h('a', { href: `#/orders/${o.id}`, class: 'row-main-link' }, o.order_number) },
      { label: t('order.created'), class: 'nowrap', render: (o) => fmtDateTime(o.created_at) },
      { label: t('order.contact'), class: 'clip', render: (o) => contactLink(o.contact_id, o.contact_name) },
      { label: t('contact.city'), render: (o) => [o.delivery_postcode, o.delivery_city].filter(Boolean).join(' ') },
      { label: t('order.status'), render: (o) => orderStatusBadge(o.status) },
      { label: t('order.total'), class: 'num', render: (o) => fmtMoney(o.total_cents, o.currency) },
    ],
  });
}

// The store joins contact_name into orders and tickets, so no request per row is needed.
export function contactLink(id, name) {
  if (!id) return '';
  return h('a', { href: `#/contacts/${id}` }, name || `#${id}`);
}

export function mountOrder(root, route) {
  const id = route.id;
  let destroyed = false;
  const body = h('div', null, loading());
  replace(root, backLink('#/orders', t('order.title')), body);

  function render(o) {
    const cur = o.currency || 'EUR';
    const lines = o.lines || [];
    document.title = `${t('order.detailTitle', { number: o.order_number })} · ${t('app.name')}`;
    const linesTable = lines.length
      ? h('div', { class: 'table-wrap' }, h('table', { class: 'data-table lines-table' },
        h('thead', null, h('tr', null,
          h('th', { scope: 'col' }, t('order.line.description')),
          h('th', { scope: 'col', class: 'num' }, t('order.line.quantity')),
          h('th', { scope: 'col', class: 'num' }, t('order.line.unit')),
          h('th', { scope: 'col', class: 'num' }, t('order.line.total')))),
        h('tbody', null, lines.map((l) => h('tr', null,
          h('td', null, l.description || (l.product_id ? `#${l.product_id}` : '')),
          h('td', { class: 'num' }, String(l.quantity)),
          h('td', { class: 'num' }, fmtMoney(l.unit_price_cents, cur)),
          h('td', { class: 'num' }, fmtMoney(l.line_total_cents, cur))))),
        h('tfoot', null, h('tr', null,
          h('th', { scope: 'row', colspan: '3', class: 'num' }, t('order.total')),
          h('td', { class: 'num total' }, fmtMoney(o.total_cents, cur))))))
      : emptyState(t('order.noLines'));

    let statusForm = null;
    if (canWrite('orders')) {
      const msg = h('span', { class: 'form-message', 'aria-live': 'polite' });
      const sel = select('status', ORDER_STATUSES.map((s) => [s, tEnum('order.status', s)]), o.status);
      sel.id = 'order-status';
      const btn = h('button', { type: 'submit', class: 'btn btn-primary' }, t('app.save'));
      statusForm = h('form', { class: 'inline-form' }, h('label', { for: 'order-status', class: 'field-label' }, t('order.changeStatus')), sel, btn, msg);
      statusForm.addEventListener('submit', async (ev) => {
        ev.preventDefault();
        btn.disabled = true;
        try {
          const updated = await api.patch(`/orders/${o.id}`, { status: sel.value });
          render(updated || { ...o, status: sel.value });
          const m = body.querySelector('.inline-form .form-message');
          if (m) flash(m, t('app.saved'));
        } catch (err) {
          flash(msg, err.message, 'error');
          btn.disabled = false;
        }
      });
    }

    replace(body,
      h('header', { class: 'page-header' }, h('h1', { tabindex: '-1' }, t('order.detailTitle', { number: o.order_number })), orderStatusBadge(o.status)),
      h('div', { class: 'two-col' },
        section(null, facts([
          [t('order.created'), fmtDateTime(o.created_at)],
          [t('order.status'), orderStatusBadge(o.status)],
          [t('order.contact'), contactLink(o.contact_id, o.contact_name)],
          [t('order.interaction'), o.interaction_id ? h('a', { href: `#/interactions/${o.interaction_id}` }, `#${o.interaction_id}`) : ''],
          [t('order.total'), h('strong', null, fmtMoney(o.total_cents, cur))],
        ]), statusForm),
        section(t('order.delivery'), h('p', { class: 'address' },
          [o.delivery_name, o.delivery_street, [o.delivery_postcode, o.delivery_city].filter(Boolean).join(' ')]
            .filter(Boolean).map((l, i) => [i ? h('br') : null, l])),
        o.notes ? h('div', { class: 'facts-notes' }, h('h3', null, t('order.notes')), h('p', { class: 'prewrap' }, o.notes)) : null)),
      section(t('order.lines'), linesTable));
  }

  async function load() {
    try {
      const o = await loadOne('orders', id, 'order_number');
      if (!destroyed) render(o);
    } catch (err) {
      if (!destroyed) replace(body, errorState(err, err.status === 404 ? null : load));
    }
  }
  load();
  return { destroy() { destroyed = true; } };
}
