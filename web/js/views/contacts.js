// Contacts: searchable list and detail with master data, phones, consents and history.

import { h, replace } from '../dom.js';
import { t, tEnum, fmtDate, fmtDateTime, fmtMoney, fmtNumber } from '../i18n.js';
import { api } from '../api.js';
import {
  loading, errorState, emptyState, pageHeader, backLink, dataTable, pagination, badge, facts, field, filterForm, section,
} from '../components.js';
import { contactName, loadOne } from '../lookups.js';
import { canRead } from '../session.js';
import { interactionColumns, writeHash } from './interactions.js';
import { orderStatusBadge } from './orders.js';
import { ticketStatusBadge, priorityBadge } from './tickets.js';

const LIMIT = 50;

export function dncBadge(c) {
  return c.do_not_call ? badge(t('contact.dncYes'), 'danger') : '';
}

function firstPhone(c) {
  const p = (c.phones || [])[0];
  return p ? p.number : '';
}

// A generic list screen with a text search (contacts, kb use it; orders and tickets add selects).
export function mountSimpleList(root, route, cfg) {
  let params = route.params;
  let destroyed = false;
  let seq = 0;
  const count = h('span', { class: 'count' });
  const formHost = h('div', { class: 'filters-host' });
  const results = h('div', { class: 'results' });
  replace(root, pageHeader(cfg.title, count), formHost, results);
  document.title = `${cfg.title} · ${t('app.name')}`;

  const current = () => Object.fromEntries(cfg.filterKeys.map((k) => [k, params.get(k) || '']));

  async function buildForm() {
    const controls = await cfg.controls(current());
    if (destroyed) return;
    replace(formHost, filterForm(controls, (values) => writeHash(cfg.section, values, 0), () => writeHash(cfg.section, {}, 0)));
  }

  async function load() {
    const my = ++seq;
    results.dataset.query = params.toString();
    results.dataset.state = 'loading';
    replace(results, loading());
    const offset = Number(params.get('offset')) || 0;
    try {
      if (cfg.prepare) await cfg.prepare();
      // A view may load its rows another way (the knowledge base ranks a typed question).
      const body = (cfg.fetch && (await cfg.fetch(params, offset)))
        || (await api.get(`/${cfg.entity}`, { limit: LIMIT, offset, ...cfg.toApi(params) }));
      if (destroyed || my !== seq) return;
      const rows = body.items || [];
      const total = body.total ?? rows.length;
      count.textContent = total === 1 ? t('list.countOne') : t('list.count', { total: fmtNumber(total) });
      if (!rows.length) {
        const filtered = cfg.filterKeys.some((k) => params.get(k));
        results.dataset.state = 'empty';
        replace(results, emptyState(filtered ? t('app.emptyFiltered') : t('app.empty')));
        return;
      }
      replace(results,
        dataTable(cfg.columns(), rows, { rowHref: (r) => `#/${cfg.section}/${r.id}`, caption: cfg.title }),
        pagination(total, body.limit || LIMIT, body.offset ?? offset, (off) => writeHash(cfg.section, current(), off)));
      results.dataset.state = 'ready';
    } catch (err) {
      if (destroyed || my !== seq) return;
      count.textContent = '';
      results.dataset.state = 'error';
      replace(results, errorState(err, load));
    }
  }

  buildForm();
  load();
  return {
    update(r) {
      params = r.params;
      const form = formHost.querySelector('form');
      if (form) {
        const v = current();
        for (const el of form.elements) if (el.name && el.name in v && el !== document.activeElement) el.value = v[el.name];
      }
      load();
    },
    destroy() {
      destroyed = true;
    },
  };
}

export function mountContacts(root, route) {
  return mountSimpleList(root, route, {
    title: t('contact.title'),
    section: 'contacts',
    entity: 'contacts',
    filterKeys: ['q'],
    toApi: (p) => ({ q: p.get('q') || undefined, sort: p.get('q') ? undefined : 'last_name' }),
    controls: async (v) => [
      field(t('filter.q'), h('input', { type: 'search', name: 'q', value: v.q, placeholder: t('contact.searchPlaceholder') }), 'field-grow'),
    ],
    columns: () => [
      { label: t('contact.number'), class: 'nowrap mono', render: (c) => h('a', { href: `#/contacts/${c.id}`, class: 'row-main-link' }, c.customer_number || `#${c.id}`) },
      { label: t('contact.name'), render: (c) => [[c.salutation, c.first_name, c.last_name].filter(Boolean).join(' ') || '', ' ', dncBadge(c)] },
      { label: t('contact.company'), render: (c) => c.company || '' },
      { label: t('contact.city'), class: 'nowrap', render: (c) => [c.postcode, c.city].filter(Boolean).join(' ') },
      { label: t('contact.phone'), class: 'nowrap mono', render: (c) => firstPhone(c) },
      { label: t('contact.email'), render: (c) => c.email || '' },
    ],
  });
}

function historyBlock(title, entity, params, columns, section) {
  const host = h('div', null, loading());
  const count = h('span', { class: 'count' });
  const block = h('section', { class: 'card' }, h('h2', { class: 'card-title' }, title, ' ', count), host);
  (async () => {
    try {
      const body = await api.get(`/${entity}`, { limit: 20, ...params });
      const rows = body.items || [];
      count.textContent = rows.length ? `(${fmtNumber(body.total ?? rows.length)})` : '';
      if (!rows.length) replace(host, emptyState());
      else {
        replace(host, dataTable(columns, rows, { rowHref: (r) => `#/${section}/${r.id}`, caption: title }));
        if ((body.total ?? 0) > rows.length) {
          host.appendChild(h('p', { class: 'more' },
            h('a', { href: `#/${section}?${new URLSearchParams(params).toString()}` }, `${t('list.range', { from: 1, to: rows.length, total: fmtNumber(body.total) })} →`)));
        }
      }
    } catch (err) {
      replace(host, errorState(err));
    }
  })();
  return block;
}

export function mountContact(root, route) {
  const id = route.id;
  let destroyed = false;
  const body = h('div', null, loading());
  replace(root, backLink('#/contacts', t('contact.title')), body);

  async function load() {
    let c;
    try {
      c = await loadOne('contacts', id, 'customer_number');
    } catch (err) {
      if (!destroyed) replace(body, pageHeader(t('contact.title')), errorState(err, err.status === 404 ? null : load));
      return;
    }
    if (destroyed) return;
    const name = contactName(c);
    document.title = `${name} · ${t('app.name')}`;
    const address = [c.street, [c.postcode, c.city].filter(Boolean).join(' '), c.country && c.country !== 'DE' ? c.country : '']
      .filter(Boolean);
    const phones = c.phones || [];
    const consents = c.consents || [];

    const phoneList = phones.length
      ? h('ul', { class: 'plain-list' }, phones.map((p) => h('li', null,
        h('span', { class: 'muted phone-kind' }, tEnum('phone', p.kind)), ' ',
        h('a', { href: `tel:${p.number_e164 || p.number}`, class: 'mono' }, p.number),
        p.number_e164 && p.number_e164 !== p.number ? h('span', { class: 'muted mono' }, ` (${p.number_e164})`) : null)))
      : h('p', { class: 'muted' }, t('contact.noPhones'));

    const consentTable = consents.length
      ? dataTable([
        { label: t('contact.consentKind'), render: (x) => tEnum('consent', x.kind) },
        { label: t('contact.consentGranted'), render: (x) => (x.granted ? badge(t('contact.granted'), 'ok') : badge(t('contact.refused'), 'danger')) },
        { label: t('contact.consentSource'), render: (x) => x.source || '' },
        { label: t('contact.consentDate'), class: 'nowrap', render: (x) => fmtDate(x.recorded_at) },
      ], consents, { caption: t('contact.consents') })
      : h('p', { class: 'muted' }, t('contact.noConsents'));

    const history = [];
    if (canRead('interactions')) {
      history.push(historyBlock(t('nav.interactions'), 'interactions', { contact_id: c.id },
        interactionColumns({ withContact: false }), 'interactions'));
    }
    if (canRead('orders')) {
      history.push(historyBlock(t('nav.orders'), 'orders', { contact_id: c.id }, [
        { label: t('order.number'), class: 'nowrap mono', render: (o) => h('a', { href: `#/orders/${o.id}` }, o.order_number) },
        { label: t('order.created'), class: 'nowrap', render: (o) => fmtDateTime(o.created_at) },
        { label: t('order.status'), render: (o) => orderStatusBadge(o.status) },
        { label: t('order.total'), class: 'num', render: (o) => fmtMoney(o.total_cents, o.currency) },
      ], 'orders'));
    }
    if (canRead('tickets')) {
      history.push(historyBlock(t('nav.tickets'), 'tickets', { contact_id: c.id }, [
        { label: t('ticket.number'), class: 'nowrap mono', render: (x) => h('a', { href: `#/tickets/${x.id}` }, x.ticket_number) },
        { label: t('ticket.created'), class: 'nowrap', render: (x) => fmtDateTime(x.created_at) },
        { label: t('ticket.subject'), class: 'wrap', render: (x) => x.subject },
        { label: t('ticket.priority'), render: (x) => priorityBadge(x.priority) },
        { label: t('ticket.status'), render: (x) => ticketStatusBadge(x.status) },
      ], 'tickets'));
    }

    replace(body,
      h('header', { class: 'page-header' }, h('h1', { tabindex: '-1' }, name),
        c.customer_number ? h('span', { class: 'muted mono' }, `${t('contact.number')} ${c.customer_number}`) : null,
        dncBadge(c)),
      h('div', { class: 'two-col' },
        section(t('contact.master'), facts([
          [t('contact.name'), [c.salutation, c.first_name, c.last_name].filter(Boolean).join(' ')],
          [t('contact.company'), c.company],
          [t('contact.address'), address.length ? h('span', { class: 'address' }, address.map((l, i) => [i ? h('br') : null, l])) : ''],
          [t('contact.email'), c.email ? h('a', { href: `mailto:${c.email}` }, c.email) : ''],
          [t('contact.dnc'), c.do_not_call ? badge(t('contact.dncYes'), 'danger') : t('contact.dncNo')],
          [t('contact.since'), fmtDate(c.created_at)],
        ]), c.notes ? h('div', { class: 'facts-notes' }, h('h3', null, t('contact.notes')), h('p', { class: 'prewrap' }, c.notes)) : null),
        h('div', { class: 'stack' },
          section(t('contact.phones'), phoneList),
          section(t('contact.consents'), consentTable))),
      h('h2', { class: 'section-title' }, t('contact.history')),
      ...history);
  }

  load();
  return { destroy() { destroyed = true; } };
}
