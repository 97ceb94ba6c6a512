// The agent desktop's quick actions for the caller in front of them: a new order, a new ticket,
// a call back, and a knowledge-base search. Each form posts straight to the API and links to
// what it created.

import { h, replace } from '../dom.js';
import { t, tEnum, fmtMoney } from '../i18n.js';
import { api, cached } from '../api.js';
import { canWrite, canRead } from '../session.js';
import { PRIORITIES } from './tickets.js';

function products() {
  return cached('desk-products', async () => {
    const body = await api.get('/products', { limit: 500, sort: 'name' });
    return (body.items || []).filter((p) => p.active !== false && p.active !== 0);
  });
}

function ok(msg, text, href, linkText) {
  replace(msg, h('span', { class: 'flash flash-ok', role: 'status' }, text, ' ', href ? h('a', { href }, linkText) : null));
}

function fail(msg, err) {
  replace(msg, h('span', { class: 'flash flash-error', role: 'alert' }, err.message || String(err)));
}

// datetime-local value for a time `minutes` from now, in the browser's zone.
function localInputValue(minutes) {
  const d = new Date(Date.now() + minutes * 60000);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function disclosure(key, title, form) {
  return h('details', { class: `quick-action quick-${key}` }, h('summary', null, title), form);
}

// context() -> { contactId, contactName, interactionId, number, queueId, queues: [{id,name}] }
export function createQuickActions(context) {
  const forContext = h('p', { class: 'muted quick-context', 'aria-live': 'polite' });
  const parts = [];

  if (canWrite('orders')) {
    const msg = h('div', { class: 'form-message', 'aria-live': 'polite' });
    const product = h('select', { id: 'qa-order-product', name: 'product_id', required: true },
      h('option', { value: '' }, t('app.loading')));
    const quantity = h('input', { id: 'qa-order-quantity', name: 'quantity', type: 'number', min: '1', max: '999', value: '1', required: true });
    const notes = h('textarea', { id: 'qa-order-notes', name: 'notes', rows: '2' });
    const form = h('form', { class: 'quick-form' },
      h('label', { for: 'qa-order-product', class: 'field-label' }, t('desk.qa.product')), product,
      h('label', { for: 'qa-order-quantity', class: 'field-label' }, t('desk.qa.quantity')), quantity,
      h('label', { for: 'qa-order-notes', class: 'field-label' }, t('ix.notes')), notes,
      h('div', { class: 'form-row' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('desk.qa.createOrder')), msg));
    products().then((list) => {
      replace(product, h('option', { value: '' }, t('desk.qa.chooseProduct')),
        list.map((p) => h('option', { value: String(p.id) }, `${p.name} (${fmtMoney(p.unit_price_cents, p.currency)})`)));
    }).catch((err) => fail(msg, err));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const c = context();
      const body = {
        lines: [{ product_id: Number(product.value), quantity: Number(quantity.value) }],
        notes: notes.value.trim() || undefined,
        contact_id: c.contactId || undefined,
        interaction_id: c.interactionId || undefined,
      };
      try {
        const created = await api.post('/orders', body);
        form.reset();
        ok(msg, t('desk.qa.orderCreated'), `#/orders/${created.id}`, created.order_number || `#${created.id}`);
      } catch (err) {
        fail(msg, err);
      }
    });
    parts.push(disclosure('order', t('desk.qa.newOrder'), form));
  }

  if (canWrite('tickets')) {
    const msg = h('div', { class: 'form-message', 'aria-live': 'polite' });
    const category = h('input', { id: 'qa-ticket-category', name: 'category', type: 'text', required: true, maxlength: '100' });
    const subject = h('input', { id: 'qa-ticket-subject', name: 'subject', type: 'text', required: true, maxlength: '500' });
    const description = h('textarea', { id: 'qa-ticket-description', name: 'description', rows: '3' });
    const priority = h('select', { id: 'qa-ticket-priority', name: 'priority' },
      PRIORITIES.map((p) => h('option', { value: p, selected: p === 'normal' }, tEnum('priority', p))));
    const form = h('form', { class: 'quick-form' },
      h('label', { for: 'qa-ticket-category', class: 'field-label' }, t('ticket.category')), category,
      h('label', { for: 'qa-ticket-subject', class: 'field-label' }, t('ticket.subject')), subject,
      h('label', { for: 'qa-ticket-description', class: 'field-label' }, t('ticket.description')), description,
      h('label', { for: 'qa-ticket-priority', class: 'field-label' }, t('ticket.priority')), priority,
      h('div', { class: 'form-row' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('desk.qa.createTicket')), msg));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const c = context();
      try {
        const created = await api.post('/tickets', {
          category: category.value.trim(),
          subject: subject.value.trim(),
          description: description.value.trim() || undefined,
          priority: priority.value,
          contact_id: c.contactId || undefined,
          interaction_id: c.interactionId || undefined,
        });
        form.reset();
        ok(msg, t('desk.qa.ticketCreated'), `#/tickets/${created.id}`, created.ticket_number || `#${created.id}`);
      } catch (err) {
        fail(msg, err);
      }
    });
    parts.push(disclosure('ticket', t('desk.qa.newTicket'), form));
  }

  let callbackNumber = null;
  let callbackQueue = null;
  if (canWrite('callbacks')) {
    const msg = h('div', { class: 'form-message', 'aria-live': 'polite' });
    callbackNumber = h('input', { id: 'qa-callback-number', name: 'number', type: 'tel', required: true, maxlength: '40' });
    const due = h('input', { id: 'qa-callback-due', name: 'due_at', type: 'datetime-local', required: true, value: localInputValue(60) });
    callbackQueue = h('select', { id: 'qa-callback-queue', name: 'queue_id' });
    const summary = h('textarea', { id: 'qa-callback-summary', name: 'summary', rows: '2', maxlength: '2000' });
    const form = h('form', { class: 'quick-form' },
      h('label', { for: 'qa-callback-number', class: 'field-label' }, t('cb.number')), callbackNumber,
      h('label', { for: 'qa-callback-due', class: 'field-label' }, t('cb.due')), due,
      h('label', { for: 'qa-callback-queue', class: 'field-label' }, t('cb.queue')), callbackQueue,
      h('label', { for: 'qa-callback-summary', class: 'field-label' }, t('cb.summary')), summary,
      h('div', { class: 'form-row' }, h('button', { type: 'submit', class: 'btn btn-primary' }, t('desk.qa.createCallback')), msg));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const c = context();
      const when = new Date(due.value);
      if (Number.isNaN(when.getTime())) {
        due.focus();
        return;
      }
      try {
        const created = await api.post('/callbacks', {
          number: callbackNumber.value.trim(),
          due_at: when.toISOString(),
          queue_id: callbackQueue.value ? Number(callbackQueue.value) : undefined,
          summary: summary.value.trim() || undefined,
          contact_id: c.contactId || undefined,
          interaction_id: c.interactionId || undefined,
        });
        summary.value = '';
        ok(msg, t('desk.qa.callbackCreated'), `#/callbacks/${created.id}`, `#${created.id}`);
      } catch (err) {
        fail(msg, err);
      }
    });
    parts.push(disclosure('callback', t('desk.qa.newCallback'), form));
  }

  let kbInput = null;
  if (canRead('kb')) {
    const results = h('div', { class: 'kb-results', 'aria-live': 'polite' });
    kbInput = h('input', { id: 'qa-kb-q', name: 'q', type: 'search', placeholder: t('kb.searchPlaceholder'), 'aria-keyshortcuts': 'Alt+K' });
    const form = h('form', { class: 'quick-form kb-quick', role: 'search' },
      h('label', { for: 'qa-kb-q', class: 'field-label' }, t('desk.qa.kbSearch')),
      h('div', { class: 'form-row' }, kbInput, h('button', { type: 'submit', class: 'btn' }, t('app.search'))),
      results);
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const q = kbInput.value.trim();
      if (!q) return;
      replace(results, h('p', { class: 'muted' }, t('app.loading')));
      try {
        const body = await api.get('/kb/search', { q: q.slice(0, 1000), limit: 5 });
        const items = body.items || [];
        replace(results, items.length
          ? h('ol', { class: 'kb-hits' }, items.map((a) => h('li', null,
            h('a', { href: `#/kb/${a.id}`, target: '_blank', rel: 'noopener' }, a.title),
            a.category ? h('span', { class: 'muted' }, ` · ${a.category}`) : null,
            a.summary ? h('p', { class: 'kb-snippet' }, a.summary) : null)))
          : h('p', { class: 'muted' }, t('desk.qa.kbNone')));
      } catch (err) {
        fail(results, err);
      }
    });
    parts.push(h('div', { class: 'quick-kb' }, form));
  }

  const root = h('section', { class: 'card quick-actions', 'aria-labelledby': 'quick-title' },
    h('h2', { class: 'card-title', id: 'quick-title' }, t('desk.qa.title')), forContext, parts);

  return {
    root,
    focusKb() {
      if (kbInput) kbInput.focus();
    },
    // The call changed: new defaults for the forms and a line saying whom they are for.
    update() {
      const c = context();
      forContext.textContent = c.contactId || c.interactionId
        ? t('desk.qa.for', { who: c.contactName || c.number || t('desk.pop.unknownContact'), id: c.interactionId || '—' })
        : t('desk.qa.noCall');
      if (callbackNumber && c.number && document.activeElement !== callbackNumber) callbackNumber.value = c.number;
      if (callbackQueue) {
        const current = callbackQueue.value || (c.queueId ? String(c.queueId) : '');
        replace(callbackQueue, h('option', { value: '' }, t('app.none')),
          (c.queues || []).map((q) => h('option', { value: String(q.id), selected: String(q.id) === current }, q.name)));
      }
    },
  };
}
