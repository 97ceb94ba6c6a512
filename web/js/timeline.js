// Turns timeline events (type + payload) into readable sentences for the protocol view.
// Known types become a sentence (with links to orders, tickets, contacts, articles); payload
// keys the sentence did not use are listed beside it so that nothing recorded is hidden.

import { h } from './dom.js';
import { t, tEnum, hasKey, fmtMoney, fmtDateTime, fmtDuration, fmtNumber } from './i18n.js';

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

export function actorLabel(actor, names, channel) {
  if (!actor) return '';
  // In chats and e-mails the other side is a customer, not a caller.
  const key = actor === 'caller' && channel && channel !== 'voice' ? 'actor.customer' : `actor.${actor}`;
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
  let prefix; // a word in front of the sentence ("Ansage:") that is not part of the quote
  let extraLine; // a line under the sentence (file paths)

  const dur = (secs) => fmtDuration(Number(secs));
  switch (ev.type) {
    case 'call.started': {
      const from = use('from', 'caller', 'remote');
      const to = use('to', 'called', 'dialed', 'local');
      if (from && to) text = sentence('tl.call.startedFromTo', { from, to });
      else if (from) text = sentence('tl.call.startedFrom', { from });
      else if (to) text = sentence('tl.call.startedTo', { to });
      else text = sentence(ctx.channel === 'chat' ? 'tl.chat.started' : 'tl.call.started', {});
      // The caller's name follows in its own contact.identified line.
      if (p.contact !== undefined && p.from !== undefined) used.add('contact');
      const phone = use('phone_user');
      const transport = use('transport');
      const meta = [];
      if (phone) meta.push(t('tl.fromPhone', { phone: actorLabel(String(phone), ctx.names) }));
      if (transport) meta.push(t('tl.via', { method: String(transport).toUpperCase() }));
      if (meta.length) text.push(h('span', { class: 'tl-meta' }, ` (${meta.join(', ')})`));
      // The SIP Call-ID finds the call in the server's and the carrier's traces.
      const callId = use('call_id');
      if (callId) extraLine = h('div', { class: 'tl-meta tl-file' }, `${t('tl.callId')} `, h('span', { class: 'mono' }, String(callId)));
      kind = 'call';
      break;
    }
    case 'call.answered': {
      const who = use('agent_name', 'name', 'by', 'agent');
      if (who === 'callee') text = sentence('tl.call.answeredCallee', {});
      else if (who) text = sentence('tl.call.answeredBy', { who: actorLabel(String(who), ctx.names) });
      else text = sentence('tl.call.answered', {});
      kind = 'call';
      break;
    }
    case 'call.ended': {
      const reason = use('reason', 'end_reason', 'cause');
      const secs = use('duration_seconds');
      text = reason ? sentence('tl.call.endedReason', { reason: tEnum('reason', reason) }) : sentence('tl.call.ended', {});
      if (secs !== undefined) text.push(...sentence('tl.durationSuffix', { duration: dur(secs) }));
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
      const meaning = use('meaning', 'label');
      const source = use('source');
      text = sentence('tl.dtmf.received', { digits: digits ?? '?' });
      if (meaning) text.push(` (${meaning})`);
      if (source) text.push(h('span', { class: 'tl-meta' }, ` (${tEnum('dtmfSource', source)})`));
      kind = 'input';
      break;
    }
    case 'menu.prompted': {
      const menu = use('menu', 'menu_name');
      const attempt = Number(use('attempt'));
      text = sentence(menu ? 'tl.menu.prompted' : 'tl.menu.promptedPlain', { menu });
      if (attempt > 1) text.push(h('span', { class: 'tl-meta' }, ` (${t('tl.attempt', { attempt })})`));
      kind = 'speech';
      break;
    }
    case 'menu.selected': {
      const label = use('label', 'option_label', 'choice', 'option', 'selected', 'value');
      const digit = use('digit', 'key', 'digits');
      const action = use('action');
      // The option is the flow's internal target name and the menu was named when it was
      // read out; the label says the choice for people.
      if (p.label !== undefined && p.option !== undefined) used.add('option');
      if (p.menu !== undefined) used.add('menu');
      text = sentence('tl.menu.selected', { label: label ?? '?' });
      if (digit !== undefined) text.push(...sentence('tl.keySuffix', { digit }));
      if (action) text.push(h('span', { class: 'tl-meta' }, ` → ${tEnum('menuAction', action)}`));
      kind = 'input';
      break;
    }
    case 'menu.invalid': {
      if (p.menu !== undefined) used.add('menu');
      text = sentence('tl.menu.invalid', { digit: use('digit', 'digits', 'key') ?? '?' });
      kind = 'input';
      break;
    }
    case 'menu.no_input': {
      if (p.menu !== undefined) used.add('menu');
      const attempt = use('attempt');
      text = sentence('tl.menu.noInput', {});
      if (attempt !== undefined) text.push(h('span', { class: 'tl-meta' }, ` (${t('tl.attempt', { attempt })})`));
      kind = 'input';
      break;
    }
    case 'menu.failed': {
      const menu = use('menu', 'menu_name');
      const attempts = use('attempts', 'attempt');
      text = sentence(attempts !== undefined ? 'tl.menu.failedAfter' : 'tl.menu.failed', { attempts });
      if (menu) text.push(h('span', { class: 'tl-meta' }, ` (${t('tl.menuName', { menu })})`));
      kind = 'call';
      break;
    }
    case 'say': {
      text = sentence('tl.say', { text: use('text', 'message', 'body') ?? '' });
      // On the phone the virtual agent's words are a spoken prompt; the notice of a call back
      // is said to the agent (in the agent's language, which is no news to the reader).
      const toAgent = p.to === 'agent';
      if (toAgent) ['to', 'language'].forEach((k) => used.add(k));
      if (ctx.channel === 'voice') prefix = t(toAgent ? 'tl.sayToAgentLabel' : 'tl.sayLabel');
      kind = 'speech';
      break;
    }
    case 'call.hold':
    case 'call.resumed': {
      const by = use('by');
      const direction = use('direction');
      text = sentence(ev.type === 'call.hold' ? 'tl.call.hold' : 'tl.call.resumed', {});
      if (by) text.push(` (${tEnum('tl.by', by)})`);
      if (direction) text.push(h('span', { class: 'tl-meta' }, ' – SDP ', h('span', { class: 'mono' }, String(direction))));
      kind = 'call';
      break;
    }
    case 'call.hangup': {
      text = sentence('tl.call.hangup', {});
      kind = 'call';
      break;
    }
    case 'chat.message': {
      text = sentence('tl.chat.message', { text: use('text', 'message', 'body') ?? '' });
      if (p.from !== undefined && (p.from === ev.actor || ['caller', 'agent', 'customer', 'virtual-agent'].includes(p.from))) used.add('from');
      kind = 'speech';
      break;
    }
    case 'transcript': {
      text = sentence('tl.transcript', { text: use('text') ?? '' });
      kind = 'speech';
      break;
    }
    case 'input': {
      const mode = use('mode');
      if (mode === 'email') {
        const from = use('from');
        const subject = use('subject');
        const body = use('text', 'body');
        text = sentence(from ? 'tl.input.emailFrom' : 'tl.input.email', { from: from ?? '', subject: subject ?? '' });
        if (body) text.push(': ', ...sentence('tl.say', { text: body }));
      } else {
        const fieldName = use('label', 'question', 'field', 'name', 'slot', 'key');
        const value = use('value', 'digits', 'text', 'answer');
        const fieldLabel = fieldName !== undefined ? tEnum('field', fieldName) : undefined;
        if (fieldLabel !== undefined) text = sentence('tl.input', { field: fieldLabel, value: valueText(value) });
        else if (mode === 'speech') text = sentence('tl.input.speech', { text: valueText(value) });
        else text = sentence('tl.inputValue', { value: valueText(value) });
        const confidence = use('confidence');
        const parts = [];
        if (mode) parts.push(tEnum('inputMode', mode));
        if (confidence !== undefined && !Number.isNaN(Number(confidence))) {
          parts.push(t('tl.confidence', { percent: Math.round(Number(confidence) * 100) }));
        }
        if (parts.length) text.push(h('span', { class: 'tl-meta' }, ` (${parts.join(', ')})`));
      }
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
      const id = use('contact_id') ?? (p.customer_number !== undefined || p.name !== undefined ? ctx.contactId : undefined);
      const number = use('customer_number');
      const name = use('name', 'contact_name', 'display_name') ?? number ?? (id ? `#${id}` : undefined);
      const method = use('method', 'by', 'via');
      const label = name !== undefined ? (id ? link(`#/contacts/${id}`, name) : String(name)) : undefined;
      if (label === undefined) text = sentence('tl.contact.identifiedPlain', {});
      else text = sentence('tl.contact.identified', { name: label });
      const extras = [];
      if (number !== undefined && number !== name) extras.push(t('tl.customerNumber', { number }));
      if (method) extras.push(t('tl.via', { method: valueText(method) }));
      if (extras.length) text.push(` (${extras.join(', ')})`);
      kind = 'link';
      break;
    }
    case 'order.created': {
      const id = use('order_id');
      const number = use('order_number', 'number') ?? (id ? `#${id}` : '?');
      const total = use('total_cents');
      const summary = use('summary', 'description');
      const href = id ? `#/orders/${id}` : p.order_number ? `#/orders/nr:${encodeURIComponent(p.order_number)}` : null;
      const label = href ? link(href, number) : String(number);
      text = sentence('tl.order.created', { number: label });
      if (summary) text.push(`: ${summary}`);
      if (total !== undefined) text.push(...sentence('tl.totalSuffix', { total: fmtMoney(total, p.currency) }));
      if (p.currency) used.add('currency');
      kind = 'link';
      break;
    }
    case 'ticket.created': {
      const id = use('ticket_id');
      const number = use('ticket_number', 'number') ?? (id ? `#${id}` : '?');
      const subject = use('subject');
      const priority = use('priority');
      const href = id ? `#/tickets/${id}` : p.ticket_number ? `#/tickets/nr:${encodeURIComponent(p.ticket_number)}` : null;
      const label = href ? link(href, number) : String(number);
      text = subject
        ? sentence('tl.ticket.createdSubject', { number: label, subject })
        : sentence('tl.ticket.created', { number: label });
      if (priority) text.push(...sentence('tl.prioritySuffix', { priority: tEnum('priority', priority) }));
      kind = 'link';
      break;
    }
    case 'transfer': {
      const queue = use('queue', 'queue_name');
      const target = queue === undefined ? use('target', 'agent_name', 'agent', 'to', 'number') : undefined;
      const number = target !== undefined && p.to !== undefined && p.to !== target ? use('to') : undefined;
      const reason = use('reason');
      const mode = use('mode');
      text = queue !== undefined ? sentence('tl.transferQueue', { queue }) : sentence('tl.transfer', { target: target ?? '?' });
      if (number) text.push(h('span', { class: 'mono tl-meta' }, ` ${number}`));
      if (reason) text.push(...sentence('tl.transferReason', { reason }));
      if (mode) text.push(h('span', { class: 'tl-meta' }, ` – ${tEnum('transferMode', mode)}`));
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
      const name = use('name', 'agent_name', 'display_name');
      const agent = name === undefined ? use('agent', 'username') : undefined;
      if (name !== undefined && p.agent !== undefined) used.add('agent');
      let who = name ?? (agent !== undefined ? actorLabel(String(agent), ctx.names) : undefined);
      if (who === undefined && p.agent_id !== undefined && ctx.usersById && ctx.usersById.has(Number(p.agent_id))) {
        who = ctx.usersById.get(Number(p.agent_id));
        used.add('agent_id');
      }
      const extension = use('extension');
      if (who !== undefined) text = sentence('tl.agent.connected', { agent: who });
      else if (extension) text = sentence('tl.agent.connectedExtension', { extension });
      else text = sentence('tl.agent.connectedPlain', {});
      if (who !== undefined && extension) text.push(` (${t('tl.extension', { extension })})`);
      const wait = use('wait_seconds');
      if (wait !== undefined) text.push(...sentence('tl.waitSuffix', { duration: dur(wait) }));
      kind = 'transfer';
      break;
    }
    case 'transfer.started': {
      const extension = use('extension');
      const name = use('name', 'agent_name');
      const agent = use('agent');
      const who = name ?? (agent !== undefined ? actorLabel(String(agent), ctx.names) : undefined);
      text = sentence(extension ? 'tl.transfer.started' : 'tl.transfer.startedPlain', { extension });
      if (who !== undefined) text.push(` (${who})`);
      kind = 'transfer';
      break;
    }
    case 'transfer.ringing': {
      text = sentence('tl.transfer.ringing', { extension: use('extension') ?? '?' });
      kind = 'transfer';
      break;
    }
    case 'transfer.unavailable': {
      const reason = use('reason');
      text = sentence('tl.transfer.unavailable', { extension: use('extension') ?? '?' });
      if (reason) text.push(` (${tEnum('transferReason', reason)})`);
      kind = 'transfer';
      break;
    }
    case 'transfer.failed': {
      const extension = use('extension');
      text = sentence(extension ? 'tl.transfer.failed' : 'tl.transfer.failedPlain', { extension });
      kind = 'transfer';
      break;
    }
    case 'recording.started':
    case 'recording.stopped': {
      text = sentence(`tl.${ev.type}`, {});
      const consent = use('consent');
      const channels = use('channels');
      if (consent) text.push(...sentence('tl.consentSuffix', { consent }));
      if (channels) text.push(` (${tEnum('recordingChannels', channels)})`);
      const file = use('file');
      if (file) extraLine = h('div', { class: 'tl-meta tl-file mono' }, String(file));
      kind = 'call';
      break;
    }
    case 'recording.saved': {
      const error = use('error');
      const ms = use('duration_ms');
      text = sentence(error ? 'tl.recording.savedError' : 'tl.recording.saved', { error });
      if (ms !== undefined) text.push(...sentence('tl.durationSuffix', { duration: dur(Number(ms) / 1000) }));
      const file = use('file');
      if (file) extraLine = h('div', { class: 'tl-meta tl-file mono' }, String(file));
      kind = 'call';
      break;
    }
    case 'queue.voicemail':
      text = sentence('tl.queue.voicemail', {});
      use('queue_id');
      kind = 'call';
      break;
    case 'voicemail.started': {
      text = sentence('tl.voicemail.started', {});
      const file = use('file');
      if (file) extraLine = h('div', { class: 'tl-meta tl-file mono' }, String(file));
      use('queue');
      use('max_seconds');
      kind = 'call';
      break;
    }
    case 'voicemail.ended':
      text = sentence('tl.voicemail.ended', {});
      if (p.reason) text.push(` (${tEnum('voicemailEnd', use('reason'))})`);
      kind = 'call';
      break;
    case 'voicemail.stored': {
      const id = use('voicemail_id');
      const ms = use('duration_ms');
      text = sentence('tl.voicemail.stored', { link: id ? h('a', { href: `#/voicemails/${id}` }, `#${id}`) : '' });
      if (ms !== undefined) text.push(...sentence('tl.durationSuffix', { duration: dur(Number(ms) / 1000) }));
      use('file');
      kind = 'call';
      break;
    }
    case 'voicemail.discarded':
      text = sentence('tl.voicemail.discarded', { reason: tEnum('voicemailDiscard', use('reason')) });
      use('duration_ms');
      kind = 'call';
      break;
    case 'recording.skipped':
    case 'recording.failed': {
      const reason = use('reason', 'error');
      text = sentence(`tl.${ev.type}`, {});
      if (reason) text.push(` (${tEnum('recordingReason', reason)})`);
      kind = 'call';
      break;
    }
    case 'media.stats': {
      const legs = ['caller', 'agent'].filter((leg) => p[leg] && typeof p[leg] === 'object');
      for (const leg of legs) used.add(leg);
      text = sentence(legs.length ? 'tl.media.stats' : 'tl.media.statsNone', {});
      // One line per leg: the figures of caller and agent side by side in one sentence are
      // hard to compare.
      if (legs.length) {
        extraLine = h('ul', { class: 'tl-legs' }, legs.map((leg) => h('li', null,
          h('span', { class: 'tl-leg' }, tEnum('tl.leg', leg)), ': ', legFigures(p[leg]))));
      }
      kind = 'call';
      break;
    }
    case 'media.timeout': {
      const leg = use('leg');
      const seconds = use('seconds');
      text = sentence(seconds !== undefined ? 'tl.media.timeout' : 'tl.media.timeoutPlain', {
        leg: tEnum('tl.from', leg || 'caller'), seconds,
      });
      kind = 'call';
      break;
    }
    case 'survey.answer': {
      const question = use('question_text', 'question', 'question_id', 'id') ?? '?';
      const answer = use('answer_text', 'answer', 'value') ?? '';
      text = sentence('tl.survey.answer', { question, answer: valueText(answer) });
      kind = 'input';
      break;
    }
    case 'kb.article.shown': {
      const id = use('article_id', 'kb_id', 'id');
      const slug = use('article', 'slug');
      const title = use('title') ?? slug ?? (id ? `#${id}` : '?');
      const href = id ? `#/kb/${id}` : slug ? `#/kb/slug:${encodeURIComponent(slug)}` : null;
      text = sentence('tl.kb.article.shown', { title: href ? link(href, title) : String(title) });
      const to = use('to');
      if (to) text.push(h('span', { class: 'tl-meta' }, ` ${tEnum('tl.kb.to', to)}`));
      kind = 'link';
      break;
    }
    default: {
      // The flow interpreter writes its own German sentence into every flow.* entry.
      const said = String(ev.type).startsWith('flow.') ? use('text') : undefined;
      if (said) {
        text = [String(said)];
        kind = 'flow';
      } else {
        text = sentence('tl.unknown', { type: ev.type });
        kind = 'unknown';
      }
    }
  }

  const extra = Object.entries(p).filter(([k]) => !used.has(k));
  return { text, extra, kind, prefix, extraLine };
}

// One leg's RTP figures: "412 gesendet, 410 empfangen, 2 verloren (0,5 %), Jitter 3 ms".
function legFigures(f) {
  const num = (v) => (v === undefined || v === null || Number.isNaN(Number(v)) ? null : Number(v));
  const sent = num(f.packets_sent);
  const received = num(f.packets_received);
  const lost = num(f.packets_lost);
  const jitter = num(f.jitter_ms);
  const parts = [];
  if (sent !== null) parts.push(t('tl.media.sent', { count: fmtNumber(sent) }));
  if (received !== null) parts.push(t('tl.media.received', { count: fmtNumber(received) }));
  if (lost !== null) {
    const total = (received ?? 0) + lost;
    const share = total > 0 ? fmtNumber(Math.round((lost / total) * 1000) / 10) : '0';
    parts.push(t('tl.media.lost', { count: fmtNumber(lost), percent: share }));
  }
  if (jitter !== null) parts.push(t('tl.media.jitter', { ms: fmtNumber(jitter) }));
  return parts.length ? parts.join(', ') : t('tl.media.noFigures');
}

export function extraList(extra) {
  if (!extra.length) return null;
  return h('dl', { class: 'kv' }, extra.map(([k, v]) => [
    h('dt', null, k),
    h('dd', null, /_at$/.test(k) && typeof v === 'string' ? fmtDateTime(v) || v : valueText(v)),
  ]));
}
