// The team lead's controls on an agent who is on a call: listen (Mithören), whisper (Flüstern)
// or barge in (Aufschalten) with the lead's own phone, switch between them, end (Beenden).
// Plain buttons, so they are reached with Tab and pressed with Enter or Space; the server's
// refusal (the agent's call just ended, the lead's phone is not registered) is announced.

import { h, replace } from '../dom.js';
import { getLang } from '../i18n.js';
import { api } from '../api.js';
import { canWrite, session } from '../session.js';

const TEXTS = {
  de: {
    listen: 'Mithören',
    whisper: 'Flüstern',
    barge: 'Aufschalten',
    end: 'Beenden',
    ringing: 'Ihr Telefon klingelt …',
    active: 'Aktiv: {mode}',
    label: 'Gespräch von {name}',
    failed: 'Nicht möglich: {message}',
    header: 'Gespräch begleiten',
  },
  en: {
    listen: 'Listen',
    whisper: 'Whisper',
    barge: 'Barge in',
    end: 'End',
    ringing: 'Your phone is ringing …',
    active: 'Active: {mode}',
    label: 'Call of {name}',
    failed: 'Not possible: {message}',
    header: 'Supervise',
  },
};

function text(key, params = {}) {
  const table = TEXTS[getLang()] || TEXTS.de;
  return (table[key] || TEXTS.de[key]).replace(/\{(\w+)\}/g, (_, name) => String(params[name] ?? ''));
}

const MODES = ['listen', 'whisper', 'barge'];

// Whether the signed-in user may supervise this agent now.
export function canSupervise(agent) {
  return canWrite('supervision') && Boolean(agent.call) &&
    !(session.user && Number(session.user.id) === Number(agent.user_id));
}

// The cell's content for one agent row; `changed` refetches the board.
export function supervisionControls(agent, changed) {
  if (!canSupervise(agent)) return null;
  const current = agent.call.supervision || null;
  const status = h('span', { class: 'wb-sup-status', role: 'status' },
    current ? (current.connected ? text('active', { mode: text(current.mode) }) : text('ringing')) : '');
  const path = `/wallboard/agents/${agent.user_id}/supervise`;
  const group = h('div', {
    class: 'wb-sup',
    role: 'group',
    'aria-label': text('label', { name: agent.name || `#${agent.user_id}` }),
    'data-mode': current ? current.mode : '',
  });

  async function act(method, mode) {
    for (const b of group.querySelectorAll('button')) b.disabled = true;
    try {
      if (method === 'DELETE') await api.del(path);
      else if (method === 'PATCH') await api.patch(path, { mode });
      else await api.post(path, { mode });
      status.textContent = mode ? text('ringing') : '';
      changed();
    } catch (err) {
      status.setAttribute('role', 'alert');
      status.textContent = text('failed', { message: err.message || String(err) });
      for (const b of group.querySelectorAll('button')) b.disabled = false;
    }
  }

  const buttons = MODES.map((mode) => h('button', {
    type: 'button',
    class: `btn btn-small wb-sup-${mode}`,
    'data-mode': mode,
    'aria-pressed': current && current.mode === mode ? 'true' : 'false',
    onclick: () => {
      if (current && current.mode === mode) return;
      act(current ? 'PATCH' : 'POST', mode);
    },
  }, text(mode)));
  if (current) {
    buttons.push(h('button', { type: 'button', class: 'btn btn-small wb-sup-end', onclick: () => act('DELETE') }, text('end')));
  }
  replace(group, ...buttons, status);
  // The voice channel publishes no event when the lead's phone answers: while it rings, the
  // board asks again each second.
  if (current && !current.connected) setTimeout(changed, 1000);
  return group;
}

// The column's title, or null when the user's role may not supervise (no column then).
export function supervisionHeader() {
  return canWrite('supervision') ? text('header') : null;
}
