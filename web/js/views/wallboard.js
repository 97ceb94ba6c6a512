// The wallboard for team leads: one tile per queue (waiting callers, longest wait, today's
// service level against the queue's target, answered and abandoned, ASA, AHT, agents) and the
// agents with their state. Live: the board is fetched again (debounced) when an agent's state
// or a queue changes, and after a reconnect; the clocks in between tick locally.

import { h, replace } from '../dom.js';
import { t, fmtDuration, fmtNumber, fmtTime } from '../i18n.js';
import { api } from '../api.js';
import { loading, errorState, emptyState, pageHeader, badge } from '../components.js';
import { queues as loadQueues } from '../lookups.js';
import { canRead } from '../session.js';
import { onLive, onLiveStatus } from '../live.js';
import { everySecond, secondsSince } from '../ticker.js';
import { agentStateBadge, pauseReasonText } from '../agent_state.js';
import { supervisionControls, supervisionHeader } from './wallboard_supervision.js';

const REFRESH_EVENTS = new Set(['desk.state', 'queue.changed', 'agent_state.created', 'queue_call.created', 'voicemail.created', 'voicemail.updated']);
const DEBOUNCE_MS = 200;

function percent(fraction) {
  if (fraction === null || fraction === undefined || Number.isNaN(Number(fraction))) return null;
  return Math.round(Number(fraction) * 1000) / 10;
}

function pct(value) {
  return value === null ? t('app.none') : `${fmtNumber(value)} %`;
}

function secondsText(v) {
  return v === null || v === undefined ? t('app.none') : fmtDuration(Number(v));
}

// Service level against the target: 'under', 'met' or 'none' (no calls yet, or no target).
export function serviceLevelVerdict(level, target) {
  if (level === null || target === null || target === undefined || target === '') return 'none';
  return level < Number(target) ? 'under' : 'met';
}

export function mountWallboard(root) {
  let destroyed = false;
  let seq = 0;
  let timer = null;
  let board = null;
  let receivedAt = 0;
  let skewMs = 0;
  let targets = new Map(); // queue id -> service_level_target (%)
  let newVoicemails = new Map(); // queue id -> messages not yet done (for those who may hear them)

  document.title = `${t('wb.title')} · ${t('app.name')}`;
  const stamp = h('span', { class: 'count wb-stamp', 'aria-live': 'off' });
  const tiles = h('div', { class: 'wb-tiles' }, loading());
  const agents = h('div', { class: 'wb-agents' });
  const host = h('div', { class: 'wallboard', 'data-state': 'loading' }, tiles,
    h('h2', { class: 'section-title', id: 'wb-agents-title' }, t('wb.agents')), agents);
  replace(root, pageHeader(t('wb.title'), stamp), host);

  function tile(q) {
    const day = q.today || {};
    const level = percent(day.service_level);
    const target = targets.has(Number(q.id)) ? targets.get(Number(q.id)) : null;
    const verdict = serviceLevelVerdict(level, target);
    const titleId = `wb-q-${q.id}`;
    const waitClock = h('span', { class: 'wb-longest', 'data-base': String(q.longest_wait_seconds || 0), 'data-waiting': String(q.waiting || 0) },
      secondsText(q.waiting ? q.longest_wait_seconds : 0));
    return h('article', {
      class: `card wb-tile${verdict === 'under' ? ' wb-alert' : ''}`,
      'data-queue-id': String(q.id),
      'data-queue-name': q.name,
      'aria-labelledby': titleId,
    },
    h('h2', { class: 'card-title wb-name', id: titleId }, q.name),
    h('div', { class: 'wb-headline' },
      h('div', { class: 'wb-big' }, h('span', { class: 'wb-num wb-waiting' }, fmtNumber(q.waiting || 0)), h('span', { class: 'wb-label' }, t('wb.waiting'))),
      h('div', { class: 'wb-big' }, h('span', { class: 'wb-num' }, waitClock), h('span', { class: 'wb-label' }, t('wb.longestWait')))),
    h('p', { class: `wb-sl wb-sl-${verdict}` },
      h('span', { class: 'wb-label' }, t('wb.serviceLevel', { seconds: q.service_level_seconds || 0 })), ' ',
      h('strong', { class: 'wb-sl-value' }, pct(level)),
      target !== null ? h('span', { class: 'muted' }, ` ${t('wb.target', { target })}`) : null, ' ',
      verdict === 'under' ? badge(`⚠ ${t('wb.underTarget')}`, 'danger') : verdict === 'met' ? badge(`✓ ${t('wb.targetMet')}`, 'ok') : badge(t('wb.noCalls'), 'muted')),
    h('dl', { class: 'wb-kpis' },
      [
        ['offered', t('wb.offered'), fmtNumber(day.offered || 0)],
        ['answered', t('wb.answered'), fmtNumber(day.answered || 0)],
        ['abandoned', t('wb.abandoned'), `${fmtNumber(day.abandoned || 0)}${percent(day.abandon_rate) !== null ? ` (${pct(percent(day.abandon_rate))})` : ''}`],
        ['asa', t('wb.asa'), secondsText(day.asa_seconds)],
        ['aht', t('wb.aht'), secondsText(day.aht_seconds)],
      ].map(([key, label, value]) => h('div', { class: `wb-kpi wb-kpi-${key}` }, h('dt', null, label), h('dd', null, value)))),
    h('p', { class: 'wb-staff' },
      h('span', { class: 'wb-staff-available' }, t('wb.available', { n: q.agents_available || 0 })), ' · ',
      h('span', { class: 'wb-staff-busy' }, t('wb.busy', { n: q.agents_busy || 0 })), ' · ',
      h('span', { class: 'wb-staff-paused' }, t('wb.paused', { n: q.agents_paused || 0 })), ' · ',
      h('span', { class: 'wb-staff-logged' }, t('wb.loggedIn', { n: q.agents_logged_in || 0 }))),
    newVoicemails.get(Number(q.id))
      ? h('p', { class: 'wb-voicemails' }, h('a', { href: `#/voicemails?status=new&queue_id=${q.id}` },
        t('wb.voicemails', { n: fmtNumber(newVoicemails.get(Number(q.id))) })))
      : null);
  }

  function agentsTable(list) {
    if (!list.length) return emptyState(t('wb.noAgents'));
    const rows = [...list].sort((a, b) => String(a.name || '').localeCompare(String(b.name || ''), 'de'));
    const supervising = supervisionHeader(); // null: the role may not listen in
    return h('div', { class: 'table-wrap' }, h('table', { class: 'data-table wb-agent-table', 'aria-labelledby': 'wb-agents-title' },
      h('thead', null, h('tr', null,
        [t('wb.agent'), t('wb.extension'), t('wb.state'), t('wb.reason'), t('wb.inState'), t('wb.phone'), t('desk.queues'), t('wb.handled'), supervising]
          .filter((label) => label !== null)
          .map((label) => h('th', { scope: 'col' }, label)))),
      h('tbody', null, rows.map((a) => h('tr', { 'data-user-id': String(a.user_id), 'data-state': a.state },
        h('th', { scope: 'row', class: 'wb-agent-name' }, a.name || `#${a.user_id}`),
        h('td', { class: 'mono' }, a.extension || ''),
        h('td', { class: 'wb-agent-state' }, agentStateBadge(a.state)),
        h('td', null, a.state === 'paused' ? pauseReasonText(a.reason) : (a.call && a.call.queue) || ''),
        h('td', { class: 'num wb-in-state', 'data-since': a.since || '' }, secondsText(secondsSince(a.since, skewMs))),
        h('td', null, a.phone_registered ? t('wb.phoneOk') : badge(t('wb.phoneMissing'), 'warn')),
        h('td', { class: 'clip' }, (a.queues || []).map((q) => q.name).join(', ')),
        h('td', { class: 'num' }, fmtNumber(a.calls_handled || 0)),
        supervising !== null ? h('td', { class: 'wb-supervise' }, supervisionControls(a, soon)) : null)))));
  }

  function render() {
    const list = board.queues || [];
    replace(tiles, list.length ? list.map(tile) : emptyState(t('wb.noQueues')));
    replace(agents, agentsTable(board.agents || []));
    stamp.textContent = t('wb.stamp', { time: fmtTime(board.at) });
    host.dataset.state = 'ready';
    host.dataset.at = board.at || '';
  }

  // The clocks between two fetches: longest wait and time in state.
  function tick() {
    if (!board) return;
    const extra = Math.max(0, Math.floor((Date.now() - receivedAt) / 1000));
    for (const el of host.querySelectorAll('.wb-longest')) {
      const waiting = Number(el.dataset.waiting) > 0;
      el.textContent = secondsText(waiting ? Number(el.dataset.base) + extra : 0);
    }
    for (const el of host.querySelectorAll('.wb-in-state')) {
      el.textContent = secondsText(secondsSince(el.dataset.since, skewMs));
    }
  }

  async function load() {
    const my = ++seq;
    try {
      const [body, queueList, voicemails] = await Promise.all([api.get('/wallboard'), loadQueues().catch(() => []),
        canRead('voicemails') ? api.get('/voicemails', { status: 'new', limit: 500 }).catch(() => null) : null]);
      if (destroyed || my !== seq) return;
      newVoicemails = new Map();
      for (const v of (voicemails && voicemails.items) || []) {
        const id = Number(v.queue_id);
        newVoicemails.set(id, (newVoicemails.get(id) || 0) + 1);
      }
      targets = new Map(queueList
        .filter((q) => q.service_level_target !== null && q.service_level_target !== undefined)
        .map((q) => [Number(q.id), Number(q.service_level_target)]));
      board = body;
      receivedAt = Date.now();
      const serverNow = Date.parse(body.at || '');
      skewMs = Number.isNaN(serverNow) ? 0 : serverNow - receivedAt;
      render();
    } catch (err) {
      if (destroyed || my !== seq) return;
      if (!board) {
        host.dataset.state = 'error';
        replace(tiles, errorState(err, load));
      }
    }
  }

  function soon() {
    clearTimeout(timer);
    timer = setTimeout(load, DEBOUNCE_MS);
  }

  const unsubscribeLive = onLive((msg) => {
    if (REFRESH_EVENTS.has(msg.type)) soon();
  });
  let wasConnected = null;
  const unsubscribeStatus = onLiveStatus((on) => {
    if (wasConnected === false && on) soon();
    wasConnected = on;
  });
  const stopClock = everySecond(tick);

  load();
  return {
    destroy() {
      destroyed = true;
      clearTimeout(timer);
      unsubscribeLive();
      unsubscribeStatus();
      stopClock();
    },
  };
}
