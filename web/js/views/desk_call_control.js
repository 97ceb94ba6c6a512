// The agent's controls for a connected call: hold and resume, and a blind transfer to another
// queue of the tenant (the agent's phone is hung up, the caller waits there, the agent wraps
// up). Shown only while the agent is on a call; answers come back as the agent's status.

import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { api } from '../api.js';

export function createCallControls({ onStatus }) {
  let status = null;
  let queues = [];
  let held = false;
  let callKey = null;
  const holdButton = h('button', { type: 'button', class: 'btn', 'data-action': 'hold' }, t('desk.call.hold'));
  const queueSelect = h('select', { 'aria-label': t('desk.call.transferTo'), 'data-field': 'transfer-queue' });
  const transferButton = h('button', { type: 'button', class: 'btn', 'data-action': 'transfer' }, t('desk.call.transfer'));
  const message = h('div', { class: 'desk-call-message', 'aria-live': 'polite' });
  const root = h('section', { class: 'card desk-call-controls', 'aria-label': t('desk.call.title') },
    h('h3', null, t('desk.call.title')),
    h('div', { class: 'desk-call-buttons' }, holdButton,
      h('label', null, t('desk.call.transferTo'), ' ', queueSelect), transferButton),
    message);

  async function send(payload) {
    replace(message);
    try {
      const next = await api.post('/desk/me/call', payload);
      if (payload.action === 'hold' || payload.action === 'resume') held = payload.action === 'hold';
      render();
      if (payload.action === 'transfer')
        replace(message, h('span', { class: 'flash flash-ok', role: 'status' }, t('desk.call.transferred', { queue: payload.queue })));
      if (next) onStatus(next);
    } catch (err) {
      replace(message, h('span', { class: 'flash flash-error', role: 'alert' }, err.message));
    }
  }

  holdButton.addEventListener('click', () => send({ action: held ? 'resume' : 'hold' }));
  transferButton.addEventListener('click', () => {
    if (queueSelect.value) send({ action: 'transfer', queue: queueSelect.value });
  });

  function render() {
    holdButton.textContent = held ? t('desk.call.resume') : t('desk.call.hold');
    holdButton.setAttribute('aria-pressed', held ? 'true' : 'false');
    const current = status && status.call ? status.call.queue : null;
    const chosen = queueSelect.value;
    replace(queueSelect, ...queues.filter((q) => q.name !== current)
      .map((q) => h('option', { value: q.name, selected: q.name === chosen }, q.name)));
    transferButton.disabled = held || !queueSelect.options.length;
  }

  return {
    root,
    get visible() { return Boolean(status && status.state === 'on-call'); },
    update(next, queueList) {
      status = next;
      queues = queueList || [];
      const key = next && next.call ? `${next.call.interaction_id ?? ''}/${next.call.queue_id ?? ''}` : null;
      if (key !== callKey) {
        held = false;  // another call, or the same one in another queue
        replace(message);
      }
      callKey = key;
      render();
    },
  };
}
