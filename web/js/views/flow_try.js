// The flow page's "try it" chat: the web chat's protocol against the stored version being
// viewed (/api/v1/chat/<tenant>?try=<flow id>), draft or published. The server records
// nothing; orders and tickets come back as simulated (TEST-1, ...) and are marked as such.
// Unsaved text in the editor is not what runs: the note says so.

import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { session } from '../session.js';
import { chatUrl, openChat } from '../chat/chat_protocol.js';

function detailsText(details) {
  if (!details || typeof details !== 'object') return '';
  return Object.entries(details)
    .filter(([, value]) => value !== '' && value !== null && value !== undefined)
    .map(([name, value]) => `${name}: ${value}`)
    .join(', ');
}

function simulatedText(message) {
  const effect = ['order', 'ticket', 'survey', 'transfer', 'webhook', 'callback'].includes(message.effect)
    ? message.effect : 'other';
  const head = t(`flow.try.sim.${effect}`, { number: message.number || '', queue: message.queue || '' });
  const details = detailsText(message.details);
  return details ? `${head} (${details})` : head;
}

// { root, setDirty(bool), destroy() } for the version `row`; `allowed` false (a role that may
// not write flows, which the server refuses) shows only a note.
export function flowTry(row, { versionLabel, allowed = true }) {
  if (!allowed) {
    return {
      root: h('section', { class: 'card flow-try', 'data-slot': 'try-chat', 'data-state': 'not-allowed', 'aria-labelledby': 'flow-try-title' },
        h('h2', { class: 'card-title', id: 'flow-try-title' }, t('flow.try.title')),
        h('p', { class: 'muted' }, t('flow.try.notAllowed'))),
      setDirty() {},
      destroy() {},
    };
  }
  let chat = null;
  let state = 'idle'; // idle, connecting, asking, working, waiting, ended, failed
  let generation = 0; // a restarted chat ignores the old socket's last messages

  const log = h('ol', { class: 'flow-try-log', role: 'log', 'aria-live': 'polite', 'aria-label': t('flow.try.log') });
  const choices = h('div', { class: 'flow-try-choices', role: 'group', 'aria-label': t('flow.try.choices') });
  const input = h('input', { type: 'text', class: 'flow-try-input', 'aria-label': t('flow.try.input'), placeholder: t('flow.try.placeholder'), disabled: true, maxlength: '2000' });
  const sendButton = h('button', { type: 'submit', class: 'btn', 'data-action': 'try-send', disabled: true }, t('flow.try.send'));
  const form = h('form', { class: 'flow-try-form' }, input, sendButton);
  const status = h('p', { class: 'flow-try-status muted', role: 'status' }, t('flow.try.idle'));
  const startButton = h('button', { type: 'button', class: 'btn btn-primary', 'data-action': 'try-start' }, t('flow.try.start'));
  const dirtyNote = h('p', { class: 'flash flash-info flow-try-dirty', hidden: true }, t('flow.try.unsaved', { version: versionLabel }));
  const root = h('section', { class: 'card flow-try', 'data-slot': 'try-chat', 'data-state': 'idle', 'aria-labelledby': 'flow-try-title' },
    h('h2', { class: 'card-title', id: 'flow-try-title' }, t('flow.try.title')),
    h('p', { class: 'muted flow-try-intro' }, t('flow.try.intro', { version: versionLabel })),
    dirtyNote,
    h('div', { class: 'form-row flow-try-toolbar' }, startButton, status),
    log, choices, form);

  function focusInside() {
    return root.contains(document.activeElement);
  }

  function add(kind, text) {
    const item = h('li', { class: `flow-try-msg flow-try-${kind}`, 'data-kind': kind },
      kind === 'bot' || kind === 'visitor'
        ? h('span', { class: 'sr-only' }, `${kind === 'bot' ? t('flow.try.bot') : t('flow.try.you')}: `)
        : null,
      text);
    log.append(item);
    log.scrollTop = log.scrollHeight;
  }

  function setState(next, statusText) {
    state = next;
    root.dataset.state = next;
    const canWrite = next === 'asking' || next === 'waiting';
    input.disabled = !canWrite;
    sendButton.disabled = !canWrite;
    if (next !== 'asking') replace(choices);
    if (statusText !== undefined) status.textContent = statusText;
  }

  function showChoices(list) {
    replace(choices, list.map((choice) => h('button', {
      type: 'button',
      class: 'btn btn-small flow-try-choice',
      'data-value': choice.value,
      onclick: () => {
        if (state !== 'asking' || !chat) return;
        add('visitor', choice.label);
        setState('working');
        chat.sendChoice(choice.value);
      },
    }, choice.label)));
  }

  function onMessage(mine, message) {
    if (mine !== generation) return;
    switch (message.type) {
      case 'hello':
        setState('working', t('flow.try.running', { version: versionLabel }));
        break;
      case 'bot':
        add('bot', message.text || '');
        break;
      case 'simulated':
        add('simulated', simulatedText(message));
        break;
      case 'input': {
        const hadFocus = focusInside();
        setState('asking');
        showChoices(Array.isArray(message.choices) ? message.choices : []);
        if (hadFocus) (choices.querySelector('button') || input).focus();
        break;
      }
      case 'waiting':
        setState('waiting', t('flow.try.waiting', { queue: message.queue || '' }));
        add('notice', message.text || t('flow.try.waiting', { queue: message.queue || '' }));
        break;
      case 'ended':
        setState('ended', t('flow.try.ended'));
        add('notice', message.text || t('flow.try.ended'));
        break;
      case 'error':
        add('notice', message.message || t('flow.try.failed'));
        if (state === 'working') setState('asking');
        break;
      default:
        break;
    }
  }

  function onClose(mine) {
    if (mine !== generation || state === 'ended') return;
    // A refused upgrade shows no status in the browser: the likely reasons are named.
    const text = state === 'connecting' ? t('flow.try.refused') : t('flow.try.lost');
    setState(state === 'connecting' ? 'failed' : 'ended', text);
    add('notice', text);
  }

  function start() {
    if (chat) chat.close();
    const mine = ++generation;
    replace(log);
    startButton.textContent = t('flow.try.restart');
    setState('connecting', t('flow.try.connecting'));
    const slug = session.tenant && session.tenant.slug;
    if (!slug) {
      onClose(mine);
      return;
    }
    chat = openChat(chatUrl(window.location, slug, row.id), {
      onMessage: (message) => onMessage(mine, message),
      onClose: () => onClose(mine),
    });
  }

  startButton.addEventListener('click', start);
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text || !chat || (state !== 'asking' && state !== 'waiting')) return;
    add('visitor', text);
    input.value = '';
    if (state === 'asking') setState('working');
    chat.sendText(text);
  });

  return {
    root,
    setDirty(dirty) { dirtyNote.hidden = !dirty; },
    destroy() {
      generation += 1;
      if (chat) chat.close();
      chat = null;
    },
  };
}
