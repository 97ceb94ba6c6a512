// Turns timeline events (type + payload) into readable sentences for the protocol view.
// Known types become a sentence (with links to orders, tickets, contacts, articles); payload
// keys the sentence did not use are listed beside it so that nothing recorded is hidden.

import { h } from './dom.js';
import { t, tEnum, hasKey, fmtMoney, fmtDateTime } from './i18n.js';

function pick(p, ...keys) {
  for (const k of keys) {
    if (p[k] !== undefined && p[k] !== null && p[k] !== '') return { key: k, value: p[k] };
  }
  return null;
}

// Fills a template like 'Bestellung {number} angelegt' with nodes (links) or strings.
function sentence(key, parts) {
  const text = t(key);
  const out = [];
  let last = 0;
  text.replace(/\{(\w+)\}/g, (m, name, offset) => {
    out.push(text.slice(last, offset));
    const part = parts[name];
    out.push(part === undefined ? m : part instanceof Node ? part : String(part));
    last = offset + m.length;
    return m;
  });
  out.push(text.slice(last));
  return out.filter((x) => x !== '');
}

function valueText(v) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? t('app.yes') : t('app.no');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

export function actorLabel(actor, names) {
  if (!actor) return '';
  const key = `actor.${actor}`;
  if (hasKey(key)) return t(key);
  if (names && names.has(actor)) return names.get(actor);
  return actor;
}

function link(href, text) {
  return h('a', { href }, String(text));
}

// Returns { text: [nodes|strings], used: Set(keys), quote: boolean, kind }
export function describe(ev, ctx = {}) {
  const p = ev.payload && typeof ev.payload === 'object' ? ev.payload : {};
  const used = new Set();
  const use = (...keys) => {
    const found = pick(p, ...keys);
    if (found) used.add(found.key);
    return found ? found.value : undefined;
  };
  let text;
  let kind = 'event';

  switch (ev.type) {
    case 'call.started': {
      const from = use('from', 'caller', 'remote');
      const to = use('to', 'called', 'dialed', 'local');
      if (from && to) text = sentence('tl.call.startedFromTo', { from, to });
      else if (from) text = sentence('tl.call.startedFrom', { from });
      else if (to) text = sentence('tl.call.startedTo', { to });
      else text = sentence(ctx.channel === 'chat' ? 'tl.chat.started' : 'tl.call.started', {});
      kind = 'call';
      break;
    }
    case 'call.answered': {
      const who = use('agent_name', 'by', 'agent');
      text = who ? sentence('tl.call.answeredBy', { who: actorLabel(String(who), ctx.names) }) : sentence('tl.call.answered', {});
      kind = 'call';
      break;
    }
    case 'call.ended': {
      const reason = use('reason', 'end_reason', 'cause');
      text = reason ? sentence('tl.call.endedReason', { reason: tEnum('reason', reason) }) : sentence('tl.call.ended', {});
      kind = 'call';
      break;
    }
    case 'prompt.played': {
      const ptext = use('text');
      const name = use('prompt', 'name', 'file', 'id');
      if (ptext) text = sentence('tl.prompt.playedText', { text: ptext });
      else if (name) text = sentence('tl.prompt.playedName', { name });
      else text = sentence('tl.prompt.played', {});
      kind = 'speech';
      break;
    }
    case 'dtmf.received': {
      const digits = use('digits', 'digit', 'key', 'value');
      text = sentence('tl.dtmf.received', { digits: digits ?? '?' });
      kind = 'input';
      break;
    }
    case 'menu.selected': {
      const label = use('label', 'option_label', 'choice', 'option', 'selected', 'value');
      const menu = use('menu', 'menu_name', 'node');
      const option = label !== p.option ? use('option', 'digit', 'key') : undefined;
      const full = option !== undefined && String(option) !== String(label) ? `${label} (${option})` : label ?? '?';
      text = menu ? sentence('tl.menu.selectedIn', { menu, label: full }) : sentence('tl.menu.selected', { label: full });
      kind = 'input';
      break;
    }
    case 'say':
    case 'chat.message': {
      const said = use('text', 'message', 'body');
      text = sentence(ev.type === 'say' ? 'tl.say' : 'tl.chat.message', { text: said ?? '' });
      kind = 'speech';
      break;
    }
    case 'transcript': {
      text = sentence('tl.transcript', { text: use('text') ?? '' });
      kind = 'speech';
      break;
    }
    case 'input': {
      const label = use('label', 'question', 'field', 'name', 'slot', 'key');
      const value = use('value', 'text', 'answer');
      text = label !== undefined
        ? sentence('tl.input', { field: label, value: valueText(value) })
        : sentence('tl.inputValue', { value: valueText(value) });
      if (p.field !== undefined && label !== p.field) used.add('field');
      kind = 'input';
      break;
    }
    case 'note': {
      text = sentence('tl.note', { text: use('text', 'note', 'body') ?? '' });
      kind = 'note';
      break;
    }
    case 'disposition.set': {
      text = sentence('tl.disposition.set', { value: use('disposition', 'value', 'code') ?? '' });
      kind = 'note';
      break;
    }
    case 'contact.identified': {
      const id = use('contact_id', 'id');
      const name = use('name', 'contact_name', 'display_name') ?? use('customer_number') ?? (id ? `#${id}` : undefined);
      const method = use('method', 'by', 'via');
      if (p.customer_number !== undefined) used.add('customer_number');
      const label = name !== undefined ? (id ? link(`#/contacts/${id}`, name) : String(name)) : undefined;
      if (label === undefined) text = sentence('tl.contact.identifiedPlain', {});
      else text = sentence(method ? 'tl.contact.identifiedBy' : 'tl.contact.identified', { name: label, method: valueText(method) });
      kind = 'link';
      break;
    }
    case 'order.created': {
      const id = use('order_id', 'id');
      const number = use('order_number', 'number') ?? (id ? `#${id}` : '?');
      const total = use('total_cents');
      const label = id ? link(`#/orders/${id}`, number) : String(number);
      text = total !== undefined
        ? sentence('tl.order.createdTotal', { number: label, total: fmtMoney(total, p.currency) })
        : sentence('tl.order.created', { number: label });
      if (p.currency) used.add('currency');
      kind = 'link';
      break;
    }
    case 'ticket.created': {
      const id = use('ticket_id', 'id');
      const number = use('ticket_number', 'number') ?? (id ? `#${id}` : '?');
      const subject = use('subject');
      const label = id ? link(`#/tickets/${id}`, number) : String(number);
      text = subject
        ? sentence('tl.ticket.createdSubject', { number: label, subject })
        : sentence('tl.ticket.created', { number: label });
      kind = 'link';
      break;
    }
    case 'transfer': {
      const queue = use('queue', 'queue_name');
      const target = queue === undefined ? use('target', 'to', 'agent', 'number') : undefined;
      const reason = use('reason');
      text = queue !== undefined ? sentence('tl.transferQueue', { queue }) : sentence('tl.transfer', { target: target ?? '?' });
      if (reason) text.push(...sentence('tl.transferReason', { reason }));
      kind = 'transfer';
      break;
    }
    case 'queue.entered': {
      const queue = use('queue', 'queue_name') ?? ctx.queueName ?? '?';
      const position = use('position');
      text = position !== undefined ? sentence('tl.queue.enteredPos', { queue, position }) : sentence('tl.queue.entered', { queue });
      kind = 'transfer';
      break;
    }
    case 'agent.connected': {
      const agent = use('agent_name', 'display_name', 'agent', 'username');
      text = agent !== undefined ? sentence('tl.agent.connected', { agent: actorLabel(String(agent), ctx.names) }) : sentence('tl.agent.connectedPlain', {});
      kind = 'transfer';
      break;
    }
    case 'recording.started':
    case 'recording.stopped':
      text = sentence(`tl.${ev.type}`, {});
      kind = 'call';
      break;
    case 'survey.answer': {
      const question = use('question_text', 'question', 'question_id', 'id') ?? '?';
      const answer = use('answer_text', 'answer', 'value') ?? '';
      text = sentence('tl.survey.answer', { question, answer: valueText(answer) });
      kind = 'input';
      break;
    }
    case 'kb.article.shown': {
      const id = use('article_id', 'kb_id', 'id');
      const title = use('title', 'slug') ?? (id ? `#${id}` : '?');
      text = sentence('tl.kb.article.shown', { title: id ? link(`#/kb/${id}`, title) : String(title) });
      kind = 'link';
      break;
    }
    default:
      text = sentence('tl.unknown', { type: ev.type });
      kind = 'unknown';
  }

  const extra = Object.entries(p).filter(([k]) => !used.has(k));
  return { text, extra, kind };
}

export function extraList(extra) {
  if (!extra.length) return null;
  return h('dl', { class: 'kv' }, extra.map(([k, v]) => [
    h('dt', null, k),
    h('dd', null, /_at$/.test(k) && typeof v === 'string' ? fmtDateTime(v) || v : valueText(v)),
  ]));
}
