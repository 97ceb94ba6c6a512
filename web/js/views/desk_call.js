// The agent desktop's screen pop: the offered or running call's interaction (caller number,
// contact, queue), what the virtual agent gathered before it handed over (its summary and the
// variables it set), the contact's recent history and the protocol so far.

import { h, replace } from '../dom.js';
import { t, fmtDateTime, fmtTime } from '../i18n.js';
import { api } from '../api.js';
import { loading, errorState, emptyState, facts, section } from '../components.js';
import { describe, actorLabel } from '../timeline.js';
import { channelBadge, endReasonText } from './interactions.js';

const HISTORY_LIMIT = 5;
const PROTOCOL_TAIL = 12;

// The last hand-over of the flow (summary, reason, queue) and every variable it set, the last
// value of a name winning. The hand-over entry carries no variables itself, so they come from
// the flow.variable entries before it.
export function flowHandover(events) {
  let transfer = null;
  const variables = new Map();
  for (const ev of events) {
    const p = ev.payload && typeof ev.payload === 'object' ? ev.payload : {};
    if (ev.type === 'flow.transfer') transfer = p;
    else if (ev.type === 'flow.variable' && p.variable) variables.set(String(p.variable), p.value);
  }
  return {
    summary: transfer ? transfer.summary || '' : null,
    reason: transfer ? transfer.reason || '' : '',
    variables,
  };
}

export function valueText(v) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? t('app.yes') : t('app.no');
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

// The interaction of a call as a screen pop; refresh*() are called on live events for it.
export function createScreenPop(interactionId, { onInteraction } = {}) {
  let destroyed = false;
  let interaction = null;
  let historyFor = undefined;
  let timelineSeq = 0;

  const title = h('h2', { class: 'card-title', id: `pop-title-${interactionId}` }, t('desk.pop.title'));
  const head = h('div', { class: 'pop-head' }, loading());
  const handover = h('div', { class: 'pop-handover' });
  const history = h('div', { class: 'pop-history' });
  const protocol = h('div', { class: 'pop-protocol' });
  const root = h('section', {
    class: 'card screen-pop',
    'data-interaction-id': String(interactionId),
    'aria-labelledby': title.id,
  }, title, head, handover,
  h('div', { class: 'pop-columns' },
    h('div', null, h('h3', { class: 'pop-subtitle' }, t('desk.pop.history')), history),
    h('div', null, h('h3', { class: 'pop-subtitle' }, t('desk.pop.protocol')), protocol)));

  function renderHead(ix) {
    const contactCell = ix.contact_id
      ? h('a', { href: `#/contacts/${ix.contact_id}`, class: 'pop-contact' }, ix.contact_name || `#${ix.contact_id}`)
      : h('span', { class: 'muted pop-contact' }, t('desk.pop.unknownContact'));
    replace(head,
      h('p', { class: 'pop-caller-line' },
        channelBadge(ix.channel), ' ',
        h('span', { class: 'pop-caller mono' }, ix.remote_address || t('desk.pop.noNumber'))),
      facts([
        [t('ix.contact'), contactCell],
        [t('ix.queue'), ix.queue_name || ''],
        [t('ix.started'), fmtDateTime(ix.started_at)],
        [t('ix.answered'), ix.answered_at ? fmtTime(ix.answered_at) : ''],
        ix.ended_at ? [t('ix.ended'), [fmtTime(ix.ended_at), ' ', endReasonText(ix.end_reason)]] : null,
        [t('desk.pop.interaction'), h('a', { href: `#/interactions/${ix.id}` }, `#${ix.id}`)],
      ], 'facts-grid pop-facts'));
  }

  async function loadInteraction() {
    try {
      const ix = await api.get(`/interactions/${interactionId}`);
      if (destroyed) return;
      interaction = ix;
      renderHead(ix);
      if (historyFor !== (ix.contact_id || null)) loadHistory(ix.contact_id || null);
      if (onInteraction) onInteraction(ix);
    } catch (err) {
      if (!destroyed && !interaction) replace(head, errorState(err, loadInteraction));
    }
  }

  async function loadHistory(contactId) {
    historyFor = contactId;
    if (!contactId) {
      replace(history, emptyState(t('desk.pop.noHistory')));
      return;
    }
    replace(history, loading());
    try {
      const body = await api.get('/interactions', { contact_id: contactId, sort: '-id', limit: HISTORY_LIMIT + 1 });
      if (destroyed || historyFor !== contactId) return;
      const rows = (body.items || []).filter((r) => Number(r.id) !== Number(interactionId)).slice(0, HISTORY_LIMIT);
      if (!rows.length) {
        replace(history, emptyState(t('desk.pop.noHistory')));
        return;
      }
      replace(history, h('ul', { class: 'pop-history-list' }, rows.map((r) => h('li', null,
        h('a', { href: `#/interactions/${r.id}` }, fmtDateTime(r.started_at)), ' ',
        channelBadge(r.channel), ' ',
        r.queue_name ? h('span', { class: 'muted' }, r.queue_name) : null,
        r.disposition ? [' · ', h('strong', null, r.disposition)] : null,
        r.subject ? h('div', { class: 'pop-history-subject' }, r.subject) : null))));
    } catch (err) {
      if (!destroyed) replace(history, errorState(err));
    }
  }

  function renderHandover(events) {
    const found = flowHandover(events);
    if (found.summary === null && !found.variables.size) {
      replace(handover, h('p', { class: 'muted pop-no-handover' }, t('desk.pop.noHandover')));
      return;
    }
    const vars = [...found.variables.entries()];
    replace(handover,
      h('h3', { class: 'pop-subtitle' }, t('desk.pop.handover')),
      found.summary ? h('p', { class: 'pop-summary prewrap' }, found.summary) : null,
      found.reason ? h('p', { class: 'muted pop-reason' }, found.reason) : null,
      vars.length
        ? h('dl', { class: 'kv pop-variables', 'aria-label': t('desk.pop.variables') },
          vars.map(([name, value]) => [h('dt', null, name), h('dd', null, valueText(value) || t('app.none'))]))
        : null);
  }

  function renderProtocol(events) {
    if (!events.length) {
      replace(protocol, emptyState(t('ix.protocolEmpty')));
      return;
    }
    const ctx = { names: new Map(), channel: interaction && interaction.channel, contactId: interaction && interaction.contact_id };
    const tail = events.slice(-PROTOCOL_TAIL);
    replace(protocol,
      events.length > tail.length ? h('p', { class: 'muted' }, t('desk.pop.protocolMore', { n: events.length - tail.length })) : null,
      h('ol', { class: 'timeline pop-timeline' }, tail.map((ev) => {
        const d = describe(ev, ctx);
        return h('li', { class: `tl-item tl-${d.kind}`, 'data-type': ev.type },
          h('time', { class: 'tl-time', datetime: ev.at }, fmtTime(ev.at)),
          h('span', { class: 'tl-actor' }, actorLabel(ev.actor, ctx.names, ctx.channel)),
          h('div', { class: 'tl-body' }, d.prefix ? h('span', { class: 'tl-label' }, d.prefix, ' ') : null,
            h('span', { class: 'tl-text' }, d.text)));
      })));
  }

  async function loadTimeline() {
    const seq = ++timelineSeq;
    try {
      const body = await api.get(`/interactions/${interactionId}/timeline`);
      if (destroyed || seq !== timelineSeq) return;
      const events = body.items || [];
      renderHandover(events);
      renderProtocol(events);
    } catch (err) {
      if (!destroyed && seq === timelineSeq) replace(protocol, errorState(err, loadTimeline));
    }
  }

  replace(handover, loading());
  replace(protocol, loading());
  loadInteraction();
  loadTimeline();

  return {
    root,
    interactionId: Number(interactionId),
    interaction: () => interaction,
    refreshInteraction: loadInteraction,
    refreshTimeline: loadTimeline,
    // After the call (and its wrap-up) the pop stays as the last call until the next one.
    setCurrent(current) {
      title.textContent = current ? t('desk.pop.title') : t('desk.pop.lastTitle');
      root.classList.toggle('screen-pop-past', !current);
    },
    destroy() {
      destroyed = true;
    },
  };
}

// The wrap-up form: the queue's disposition codes and a note; saving patches the interaction
// and (while the agent is still wrapping up) makes them ready again.
export function createWrapUp({ interactionId, queue, dispositions, deadlineMs, onSave }) {
  const msg = h('div', { class: 'form-message', 'aria-live': 'polite' });
  const selectId = `wrap-disposition-${interactionId}`;
  const notesId = `wrap-notes-${interactionId}`;
  const control = dispositions.length
    ? h('select', { id: selectId, name: 'disposition', 'aria-required': 'true' },
      h('option', { value: '' }, t('ix.dispositionChoose')),
      dispositions.map((d) => h('option', { value: d }, d)))
    : h('input', { id: selectId, name: 'disposition', type: 'text', maxlength: '100' });
  const notes = h('textarea', { id: notesId, name: 'notes', rows: '4', maxlength: '10000', placeholder: t('ix.notePlaceholder') });
  const countdown = h('span', { class: 'wrap-countdown', role: 'timer', 'aria-live': 'off' });
  const button = h('button', { type: 'submit', class: 'btn btn-primary wrap-save', 'aria-keyshortcuts': 'Alt+S' }, t('desk.wrap.saveReady'));
  const form = h('form', { class: 'wrap-form', 'aria-labelledby': `wrap-title-${interactionId}` },
    h('div', { class: 'wrap-title-row' },
      h('h2', { class: 'card-title', id: `wrap-title-${interactionId}` }, t('desk.wrap.title')), countdown),
    h('p', { class: 'muted' }, t('desk.wrap.intro', { id: interactionId, queue: queue ? queue.name : t('app.none') })),
    h('label', { for: selectId, class: 'field-label' }, t('ix.disposition')), control,
    h('label', { for: notesId, class: 'field-label' }, t('ix.notes')), notes,
    h('div', { class: 'form-row' }, button, msg));
  const root = h('section', { class: 'card wrap-up', 'data-interaction-id': String(interactionId) }, form);

  let saving = false;
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (saving) return;
    const disposition = control.value.trim();
    if (!disposition) {
      replace(msg, h('span', { class: 'flash flash-error', role: 'alert' }, t('desk.wrap.needDisposition')));
      control.focus();
      return;
    }
    saving = true;
    button.disabled = true;
    replace(msg, h('span', { class: 'flash flash-info', role: 'status' }, t('app.saving')));
    try {
      await onSave({ disposition, notes: notes.value.trim() });
    } catch (err) {
      replace(msg, h('span', { class: 'flash flash-error', role: 'alert' }, err.message));
      saving = false;
      button.disabled = false;
    }
  });

  return {
    root,
    interactionId: Number(interactionId),
    focus() {
      control.focus();
    },
    submit() {
      form.requestSubmit();
    },
    // Seconds left of the queue's wrap-up time; after it the ACD has made the agent ready.
    tick(stillWrapping) {
      if (!deadlineMs || !stillWrapping) {
        countdown.textContent = stillWrapping ? '' : t('desk.wrap.over');
        button.textContent = stillWrapping ? t('desk.wrap.saveReady') : t('app.save');
        return;
      }
      const left = Math.max(0, Math.ceil((deadlineMs - Date.now()) / 1000));
      countdown.textContent = t('desk.wrap.left', { seconds: left });
      countdown.classList.toggle('wrap-countdown-low', left <= 10);
    },
  };
}
