// The agent's controls for a connected call: hold and resume; hang up; a blind transfer (Weiterleiten)
// or a consultation (Rückfrage) to a colleague who is free or to another queue of the tenant;
// during a consultation hand the caller over (Übergeben), talk all three (Konferenz) or go back
// to the caller (Zurück zum Anrufer); in a conference leave it. Shown only while the agent is
// on a call; answers come back as the agent's status, the consultation's progress live.

import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';

// The server's reasons in words: "486 Busy Here", "no answer", the ACD's ring timeout.
function reasonText(reason) {
  if (/^486|^600/.test(reason || '')) return t('desk.call.reason.busy');
  if (reason === 'no answer' || reason === 'acd_timeout' || /^48[07]/.test(reason || ''))
    return t('desk.call.reason.noAnswer');
  return reason || '';
}

export function createCallControls({ onStatus }) {
  let status = null;
  let queues = [];
  let colleagues = [];
  let held = false;
  let callKey = null;
  const button = (action, label) =>
    h('button', { type: 'button', class: 'btn', 'data-action': action }, t(label));
  const holdButton = button('hold', 'desk.call.hold');
  const hangupButton = button('hangup', 'desk.call.hangup');
  hangupButton.classList.add('btn-danger');
  const targetSelect = h('select', { 'aria-label': t('desk.call.target'), 'data-field': 'transfer-target' });
  const transferButton = button('transfer', 'desk.call.transfer');
  const consultButton = button('consult', 'desk.call.consult');
  const completeButton = button('complete', 'desk.call.complete');
  const conferenceButton = button('conference', 'desk.call.conference');
  const cancelButton = button('cancel_consult', 'desk.call.cancelConsult');
  const leaveButton = button('leave', 'desk.call.leave');
  const consultState = h('p', { class: 'desk-call-consult', 'aria-live': 'polite' });
  const message = h('div', { class: 'desk-call-message', 'aria-live': 'polite' });
  const targetRow = h('div', { class: 'desk-call-buttons' },
    h('label', null, t('desk.call.target'), ' ', targetSelect), transferButton, consultButton);
  const consultRow = h('div', { class: 'desk-call-buttons' },
    completeButton, conferenceButton, cancelButton, leaveButton);
  const root = h('section', { class: 'card desk-call-controls', 'aria-label': t('desk.call.title') },
    h('h3', null, t('desk.call.title')),
    h('div', { class: 'desk-call-buttons' }, holdButton, hangupButton),
    targetRow, consultState, consultRow, message);

  function consultation() {
    return status && status.call ? status.call.consultation || null : null;
  }

  function targetOf(value) {
    if (value.startsWith('agent:')) return { agent_id: Number(value.slice(6)) };
    if (value.startsWith('queue:')) return { queue: value.slice(6) };
    return null;
  }

  function targetName(value) {
    const option = [...targetSelect.options].find((o) => o.value === value);
    return option ? option.textContent : value;
  }

  async function loadColleagues() {
    try {
      const answer = await api.get('/desk/colleagues');
      colleagues = answer.agents || [];
      if (answer.queues) queues = answer.queues;
    } catch {
      colleagues = [];
    }
    render();
  }

  async function send(payload, done) {
    replace(message);
    try {
      const next = await api.post('/desk/me/call', payload);
      if (payload.action === 'hold' || payload.action === 'resume') held = payload.action === 'hold';
      if (next) status = next;
      render();
      if (done) replace(message, h('span', { class: 'flash flash-ok', role: 'status' }, done));
      if (next) onStatus(next);
    } catch (err) {
      replace(message, h('span', { class: 'flash flash-error', role: 'alert' }, err.message));
    }
  }

  holdButton.addEventListener('click', () => send({ action: held ? 'resume' : 'hold' }));
  hangupButton.addEventListener('click', () => send({ action: 'hangup' }));
  transferButton.addEventListener('click', () => {
    const target = targetOf(targetSelect.value);
    if (target) send({ action: 'transfer', ...target }, t('desk.call.transferred', { queue: targetName(targetSelect.value) }));
  });
  consultButton.addEventListener('click', () => {
    const target = targetOf(targetSelect.value);
    if (target) send({ action: 'consult', ...target });
  });
  completeButton.addEventListener('click', () => send({ action: 'complete' }, t('desk.call.completed')));
  conferenceButton.addEventListener('click', () => send({ action: 'conference' }));
  cancelButton.addEventListener('click', () => send({ action: 'cancel_consult' }));
  leaveButton.addEventListener('click', () => send({ action: 'leave' }, t('desk.call.left')));
  targetSelect.addEventListener('focus', () => loadColleagues());

  function renderTargets() {
    const current = status && status.call ? status.call.queue : null;
    const chosen = targetSelect.value;
    const free = colleagues.filter((c) => c.available);
    const groups = [];
    if (free.length)
      groups.push(h('optgroup', { label: t('desk.call.colleagues') }, ...free.map((c) =>
        h('option', { value: `agent:${c.user_id}`, selected: `agent:${c.user_id}` === chosen },
          c.extension ? `${c.name} (${c.extension})` : c.name))));
    const others = queues.filter((q) => q.name !== current);
    if (others.length)
      groups.push(h('optgroup', { label: t('desk.call.queues') }, ...others.map((q) =>
        h('option', { value: `queue:${q.name}`, selected: `queue:${q.name}` === chosen }, q.name))));
    replace(targetSelect, ...groups);
  }

  function render() {
    const consult = consultation();
    const asking = consult && consult.role === 'agent';
    const consulted = consult && consult.role === 'target';
    held = status && status.call && typeof status.call.held === 'boolean' ? status.call.held : held;
    holdButton.textContent = held ? t('desk.call.resume') : t('desk.call.hold');
    holdButton.setAttribute('aria-pressed', held ? 'true' : 'false');
    holdButton.hidden = Boolean(consult);
    hangupButton.hidden = Boolean(consult);
    renderTargets();
    targetRow.hidden = Boolean(consult);
    transferButton.disabled = held || !targetSelect.value;
    consultButton.disabled = !targetSelect.value;
    consultRow.hidden = !asking;
    completeButton.disabled = !(asking && consult.connected);
    conferenceButton.hidden = Boolean(asking && consult.conference);
    conferenceButton.disabled = !(asking && consult.connected);
    cancelButton.hidden = false;
    leaveButton.hidden = !(asking && consult.conference);
    if (asking) {
      const key = consult.conference ? 'desk.call.inConference'
        : consult.connected ? 'desk.call.consulting' : 'desk.call.consultRinging';
      consultState.textContent = t(key, { name: consult.target_name || `#${consult.target_agent_id}` });
    } else if (consulted) {
      consultState.textContent = t(consult.conference ? 'desk.call.inConference' : 'desk.call.consulted',
        { name: '' });
    } else {
      consultState.textContent = '';
    }
    const failed = status && status.call ? status.call.consult_failed : null;
    if (failed && !consult) {
      const who = colleagues.find((c) => c.user_id === failed.target_agent_id);
      replace(message, h('span', { class: 'flash flash-error', role: 'alert' },
        t('desk.call.consultFailed', { name: who ? who.name : `#${failed.target_agent_id}`, reason: reasonText(failed.reason) })));
    }
  }

  return {
    root,
    get visible() { return Boolean(status && status.state === 'on-call'); },
    update(next, queueList) {
      status = next;
      if (queueList && queueList.length) queues = queueList;
      const key = next && next.call ? `${next.call.interaction_id ?? ''}/${next.call.queue_id ?? ''}` : null;
      if (key !== callKey) {
        held = false;  // another call, or the same one in another queue
        replace(message);
        if (key) loadColleagues();
      }
      callKey = key;
      render();
    },
  };
}
