// Sprachnachrichten: messages callers left when a queue overflowed to voicemail. Agents and
// team leads listen in the list (an <audio> player per row) and mark them done; the detail
// shows where the message came from and who took care of it. Only the server creates them.

import { h, replace } from '../dom.js';
import { t, tEnum, fmtDateTime, fmtDuration } from '../i18n.js';
import { api } from '../api.js';
import { loading, errorState, backLink, badge, facts, field, select, section, flash } from '../components.js';
import { queues } from '../lookups.js';
import { canWrite } from '../session.js';
import { reloadOnLive } from '../live.js';
import { mountSimpleList } from './contacts.js';

export const VOICEMAIL_STATUSES = ['new', 'done'];

function statusBadge(status) {
  return badge(tEnum('vm.status', status), status === 'new' ? 'info' : 'ok');
}

function callerText(x) {
  return x.contact_name || x.caller_number || t('vm.unknownCaller');
}

function lengthText(x) {
  return fmtDuration((Number(x.duration_ms) || 0) / 1000);
}

// The browser fetches the audio itself with the session cookie; nothing loads before play.
function player(x) {
  return h('audio', {
    controls: true,
    preload: 'none',
    class: 'vm-audio',
    src: `/api/v1/voicemails/${encodeURIComponent(x.id)}/audio`,
    'aria-label': t('vm.listen', { caller: callerText(x) }),
  });
}

function doneButton(x, onDone) {
  if (x.status !== 'new' || !canWrite('voicemails')) return null;
  return h('button', {
    type: 'button',
    class: 'btn btn-small vm-done',
    'aria-label': t('vm.markDoneFor', { caller: callerText(x) }),
    onclick: async (ev) => {
      const button = ev.currentTarget;
      button.disabled = true;
      try {
        onDone(await api.post(`/voicemails/${encodeURIComponent(x.id)}/done`));
      } catch (err) {
        button.disabled = false;
        button.title = err.message;
      }
    },
  }, t('vm.markDone'));
}

export function mountVoicemails(root, route) {
  let live = null;  // reloadOnLive's handle below; Erledigt reloads the list through it
  const reload = () => live.reload();
  const view = mountSimpleList(root, route, {
    title: t('vm.title'),
    section: 'voicemails',
    entity: 'voicemails',
    filterKeys: ['status', 'queue_id'],
    toApi: (p) => ({
      status: p.get('status') || undefined,
      queue_id: p.get('queue_id') || undefined,
    }),
    controls: async (v) => {
      const list = await queues();
      return [
        field(t('vm.statusLabel'), select('status', VOICEMAIL_STATUSES.map((s) => [s, tEnum('vm.status', s)]), v.status, { allLabel: t('app.all') })),
        field(t('vm.queue'), select('queue_id', list.map((q) => [q.id, q.name]), v.queue_id, { allLabel: t('app.all') })),
      ];
    },
    columns: () => [
      { label: t('vm.time'), class: 'nowrap', render: (x) => h('a', { href: `#/voicemails/${x.id}`, class: 'row-main-link' }, fmtDateTime(x.created_at)) },
      { label: t('vm.caller'), class: 'clip', render: (x) => callerText(x) },
      { label: t('vm.queue'), class: 'clip', render: (x) => x.queue_name || '' },
      { label: t('vm.length'), class: 'num', render: (x) => lengthText(x) },
      { label: t('vm.audio'), render: (x) => player(x) },
      { label: t('vm.statusLabel'), render: (x) => statusBadge(x.status) },
      { label: '', render: (x) => doneButton(x, reload) },
    ],
  });
  // New messages and those a colleague marked done appear without a manual reload.
  live = reloadOnLive(view, 'voicemail.');
  return live;
}

export function mountVoicemail(root, route) {
  const id = route.id;
  let destroyed = false;
  const body = h('div', null, loading());
  replace(root, backLink('#/voicemails', t('vm.title')), body);

  function render(x, savedMessage) {
    document.title = `${t('vm.detailTitle', { id: x.id })} · ${t('app.name')}`;
    const msg = h('div', { class: 'form-message', 'aria-live': 'polite' });
    if (savedMessage) flash(msg, savedMessage);
    replace(body,
      h('header', { class: 'page-header' }, h('h1', { tabindex: '-1' }, t('vm.detailTitle', { id: x.id })), statusBadge(x.status)),
      h('div', { class: 'two-col' },
        section(null, facts([
          [t('vm.time'), fmtDateTime(x.created_at)],
          [t('vm.caller'), x.contact_id ? h('a', { href: `#/contacts/${x.contact_id}` }, callerText(x)) : callerText(x)],
          [t('vm.number'), x.caller_number ? h('span', { class: 'mono' }, x.caller_number) : ''],
          [t('vm.queue'), x.queue_name || ''],
          [t('vm.length'), lengthText(x)],
          [t('vm.interaction'), x.interaction_id ? h('a', { href: `#/interactions/${x.interaction_id}` }, `#${x.interaction_id}`) : ''],
          [t('vm.doneBy'), x.status === 'done' ? [x.done_by_name || '', ' ', fmtDateTime(x.done_at)] : ''],
        ])),
        section(t('vm.audio'), player(x),
          h('div', { class: 'form-row' }, doneButton(x, (updated) => { if (!destroyed) render(updated, t('vm.markedDone')); })),
          msg)));
  }

  async function load() {
    try {
      const x = await api.get(`/voicemails/${encodeURIComponent(id)}`);
      if (!destroyed) render(x);
    } catch (err) {
      if (!destroyed) replace(body, errorState(err, err.status === 404 ? null : load));
    }
  }
  load();
  return { destroy() { destroyed = true; } };
}
