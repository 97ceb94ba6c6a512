// The agent desktop ("Arbeitsplatz"): the agent's own ACD state with its controls, the phone's
// registration, the queues served; the screen pop of an offered or running call, the wrap-up
// form after it, and quick actions. Live from the "desk.state" events of the own user; the
// status is fetched once on mount and once after each reconnect of the event socket.

import { h, replace } from '../dom.js';
import { t, fmtDuration } from '../i18n.js';
import { api } from '../api.js';
import { loading, errorState, pageHeader, section } from '../components.js';
import { queues as loadQueues, queueDispositions } from '../lookups.js';
import { session } from '../session.js';
import { onLive, onLiveStatus, interactionIdOf } from '../live.js';
import { everySecond, secondsSince } from '../ticker.js';
import { agentStateBadge, agentStateText, pauseReasonText, hasCall } from '../agent_state.js';
import { createScreenPop, createWrapUp } from './desk_call.js';
import { createQuickActions } from './desk_actions.js';
import { createScriptPanel } from './desk_script.js';
import { createCallControls } from './desk_call_control.js';

// Alt+letter shortcuts (event.code, so that they work with any keyboard layout).
const SHORTCUTS = { KeyA: 'log-in', KeyB: 'ready', KeyP: 'pause', KeyX: 'log-out', KeyS: 'save', KeyK: 'kb', KeyL: 'script' };

// Which commands the server accepts in which state (src/acd/agent_state.cpp).
function allowed(action, s) {
  if (!s) return false;
  switch (action) {
    case 'log-in': return s.state === 'offline';
    case 'ready': return s.state === 'paused' || s.state === 'wrap-up';
    case 'pause': return ['available', 'paused', 'wrap-up'].includes(s.state);
    case 'log-out': return ['available', 'paused', 'wrap-up'].includes(s.state);
    default: return false;
  }
}

export function mountDesk(root) {
  let destroyed = false;
  let status = null;
  let queueList = [];
  let pop = null; // screen pop of the current or last call
  let wrap = null; // wrap-up form still to be saved
  let liveTimer = null;
  let popTimelineTimer = null;
  let popFactsTimer = null;
  let missingTimer = null;
  const myId = Number(session.user && session.user.id);

  document.title = `${t('desk.title')} · ${t('app.name')}`;
  const body = h('div', { class: 'desk' }, loading());
  replace(root, pageHeader(t('desk.title')),
    h('p', { class: 'desk-help', id: 'desk-help' }, t('desk.help')), body);

  // --- the skeleton, built once the first status is known --------------------------------
  const stateBadgeHost = h('span', { class: 'desk-state-badge' });
  const clock = h('span', { class: 'desk-clock', role: 'timer', 'aria-live': 'off' });
  const reasonLine = h('p', { class: 'desk-reason' });
  const announce = h('p', { class: 'sr-only', role: 'status', 'aria-live': 'polite' });
  const phoneHost = h('div', { class: 'desk-phone' });
  const queuesHost = h('div', { class: 'desk-queues' });
  const handled = h('span', { class: 'desk-handled' });
  const controlMsg = h('div', { class: 'form-message', 'aria-live': 'polite' });
  const buttons = {
    'log-in': h('button', { type: 'button', class: 'btn btn-primary btn-large', 'data-action': 'log-in', 'aria-keyshortcuts': 'Alt+A' }, t('desk.action.logIn')),
    ready: h('button', { type: 'button', class: 'btn btn-primary btn-large', 'data-action': 'ready', 'aria-keyshortcuts': 'Alt+B' }, t('desk.action.ready')),
    pause: h('button', { type: 'button', class: 'btn btn-large', 'data-action': 'pause', 'aria-keyshortcuts': 'Alt+P' }, t('desk.action.pause')),
    'log-out': h('button', { type: 'button', class: 'btn btn-large', 'data-action': 'log-out', 'aria-keyshortcuts': 'Alt+X' }, t('desk.action.logOut')),
  };
  const reasonSelect = h('select', { id: 'desk-pause-reason', name: 'reason' });
  const callHost = h('div', { class: 'desk-call' });
  let actions = null;
  // The guided script on the call in the screen pop.
  const script = createScriptPanel();
  // Hold and transfer of the connected call; its answer is the agent's new status.
  const controls = createCallControls({ onStatus: (next) => { if (!destroyed) applyStatus(next); } });

  function context() {
    const ix = pop && pop.interaction();
    const call = status && status.call;
    return {
      contactId: ix ? ix.contact_id : null,
      contactName: ix ? ix.contact_name : '',
      interactionId: pop ? pop.interactionId : null,
      number: ix ? ix.remote_address : '',
      queueId: (ix && ix.queue_id) || (call && call.queue_id) || null,
      queues: status ? status.queues || [] : [],
    };
  }

  function buildSkeleton() {
    for (const [action, btn] of Object.entries(buttons)) btn.addEventListener('click', () => command(action));
    actions = createQuickActions(context);
    const stateCard = h('section', { class: 'card desk-state-card', 'aria-labelledby': 'desk-state-title' },
      h('h2', { class: 'card-title', id: 'desk-state-title' }, t('desk.state')),
      h('div', { class: 'desk-state-row' }, stateBadgeHost, clock),
      reasonLine, announce,
      h('div', { class: 'desk-controls', role: 'group', 'aria-label': t('desk.controls'), 'aria-describedby': 'desk-help' },
        buttons['log-in'], buttons.ready,
        h('span', { class: 'desk-pause-group' },
          h('label', { for: 'desk-pause-reason', class: 'field-label' }, t('desk.pauseReason')), reasonSelect, buttons.pause),
        buttons['log-out']),
      controlMsg,
      phoneHost,
      h('h3', { class: 'pop-subtitle' }, t('desk.queues')), queuesHost,
      h('p', { class: 'muted' }, handled));
    replace(body, h('div', { class: 'desk-grid' },
      h('div', { class: 'desk-main' }, stateCard, callHost),
      h('div', { class: 'desk-side' }, actions.root)));
    renderCallArea();
  }

  // --- rendering ---------------------------------------------------------------------------
  let reasonsFor = '';
  function renderStatus() {
    const s = status;
    replace(stateBadgeHost, agentStateBadge(s.state, { large: true }));
    reasonLine.textContent = s.state === 'paused' && s.reason ? t('desk.reasonLine', { reason: pauseReasonText(s.reason) }) : '';
    const reasons = (s.pause_reasons || []).join('|');
    if (reasons !== reasonsFor) {
      reasonsFor = reasons;
      const keep = reasonSelect.value;
      replace(reasonSelect, (s.pause_reasons || []).map((r) => h('option', { value: r, selected: r === keep }, pauseReasonText(r))));
    }
    const focused = document.activeElement;
    for (const [action, btn] of Object.entries(buttons)) btn.disabled = !allowed(action, s);
    reasonSelect.disabled = !allowed('pause', s);
    // A button that just got disabled would drop the focus to the page: hand it on.
    if (focused && focused.disabled && Object.values(buttons).includes(focused)) {
      const next = Object.values(buttons).find((b) => !b.disabled);
      if (next) next.focus();
    }
    replace(phoneHost, s.phone_registered
      ? h('p', { class: 'desk-phone-ok', 'data-registered': 'true' }, '✓ ', t('desk.phoneOk', { ext: s.extension || '' }))
      : h('p', { class: 'desk-phone-warning flash flash-error', role: 'alert', 'data-registered': 'false' },
        h('strong', null, t('desk.phoneMissingTitle')), ' ', t('desk.phoneMissing', { ext: s.extension || '' })));
    const served = s.queues || [];
    replace(queuesHost, served.length
      ? h('ul', { class: 'desk-queue-list' }, served.map((q) => h('li', { 'data-queue-id': String(q.id) }, q.name)))
      : h('p', { class: 'muted' }, t('desk.noQueues')));
    handled.textContent = t('desk.handled', { n: s.calls_handled ?? 0 });
    tickClock();
  }

  function tickClock() {
    if (!status) return;
    const secs = secondsSince(status.since);
    clock.textContent = secs === null ? '' : t('desk.since', { time: fmtDuration(secs) });
    if (wrap) wrap.tick(status.state === 'wrap-up' && status.call && Number(status.call.interaction_id) === wrap.interactionId);
  }

  function renderCallArea() {
    const parts = [];
    if (controls.visible) parts.push(controls.root);
    if (wrap) parts.push(wrap.root);
    if (pop) parts.push(pop.root);
    script.show(pop ? pop.interactionId : null);
    if (pop) parts.push(script.root);
    if (!parts.length) {
      parts.push(section(t('desk.pop.title'), h('p', { class: 'muted desk-idle' },
        status && status.state === 'available' ? t('desk.idleReady') : t('desk.idle'))));
    }
    replace(callHost, ...parts);
    if (actions) actions.update();
  }

  // --- status changes ------------------------------------------------------------------------
  function applyStatus(next) {
    const before = status;
    status = next;
    if (!actions) buildSkeleton();
    renderStatus();
    if (before && before.state !== next.state) {
      announce.textContent = t('desk.announce', { state: agentStateText(next.state) });
    }
    const wasOnCall = controls.visible;
    controls.update(next, queueList);
    let changed = wasOnCall !== controls.visible;
    const callId = next.call && next.call.interaction_id ? Number(next.call.interaction_id) : null;
    // The interaction of a just-offered call may not be known yet: ask once more shortly.
    clearTimeout(missingTimer);
    if (hasCall(next.state) && !callId) missingTimer = setTimeout(load, 1000);
    if (callId && (!pop || pop.interactionId !== callId)) {
      if (pop) pop.destroy();
      pop = createScreenPop(callId, { onInteraction: () => actions && actions.update() });
      // A new call: an unsaved wrap-up of an earlier one stays only if it is not this call.
      changed = true;
    }
    if (next.state === 'wrap-up' && callId && (!wrap || wrap.interactionId !== callId)) {
      startWrapUp(callId, next);
      changed = true;
    }
    if (changed) renderCallArea();
    if (pop) pop.setCurrent(Boolean(callId) && callId === pop.interactionId && hasCall(next.state));
    tickClock();
    if (changed && (next.state === 'ringing' || next.state === 'reserved')) {
      announce.textContent = t('desk.announceCall', { queue: (next.call && next.call.queue) || '' });
    }
  }

  function startWrapUp(interactionId, s) {
    const queue = queueList.find((q) => Number(q.id) === Number(s.call && s.call.queue_id));
    const seconds = queue ? Number(queue.wrap_up_seconds) || 0 : 0;
    const since = Date.parse(s.since);
    wrap = createWrapUp({
      interactionId,
      queue: queue || (s.call && s.call.queue ? { name: s.call.queue } : null),
      dispositions: queueDispositions(queue),
      deadlineMs: seconds && !Number.isNaN(since) ? since + seconds * 1000 : null,
      onSave: (values) => saveWrapUp(interactionId, values),
    });
    // Only take the focus when nothing else has it (the agent may be typing elsewhere).
    const active = document.activeElement;
    if (!active || active === document.body || Object.values(buttons).includes(active)) setTimeout(() => wrap && wrap.focus(), 0);
  }

  async function saveWrapUp(interactionId, { disposition, notes }) {
    await api.patch(`/interactions/${interactionId}`, { disposition, notes: notes || null });
    const stillWrapping = status && status.state === 'wrap-up' && status.call && Number(status.call.interaction_id) === interactionId;
    if (stillWrapping) {
      const next = await api.post('/desk/me/state', { action: 'ready' });
      if (!destroyed && next) applyStatus(next);
    }
    if (destroyed) return;
    wrap = null;
    renderCallArea();
    replace(controlMsg, h('span', { class: 'flash flash-ok', role: 'status' },
      stillWrapping ? t('desk.wrap.savedReady') : t('desk.wrap.saved')));
    const first = Object.values(buttons).find((b) => !b.disabled);
    if (first) first.focus();
  }

  async function command(action) {
    if (!status || !allowed(action, status)) return;
    const payload = action === 'pause' ? { action, reason: reasonSelect.value } : { action };
    replace(controlMsg);
    try {
      const next = await api.post('/desk/me/state', payload);
      if (!destroyed && next) applyStatus(next);
    } catch (err) {
      if (!destroyed) replace(controlMsg, h('span', { class: 'flash flash-error', role: 'alert' }, err.message));
    }
  }

  // After a reload the desk has no call in memory: the agent's latest one is shown as the
  // last call, so that its notes, ticket or call back can still be written.
  async function showLastCall() {
    try {
      const body = await api.get('/interactions', { agent_id: myId, sort: '-id', limit: 1 });
      const last = body.items && body.items[0];
      if (destroyed || pop || !last) return;
      pop = createScreenPop(Number(last.id), { onInteraction: () => actions && actions.update() });
      pop.setCurrent(false);
      renderCallArea();
    } catch {
      /* nothing to show */
    }
  }

  // --- loading and live ----------------------------------------------------------------------
  async function load() {
    try {
      const [s, list] = await Promise.all([api.get('/desk/me'), loadQueues().catch(() => [])]);
      if (destroyed) return;
      queueList = list;
      if (!s || !s.agent) {
        replace(body, section(null, h('p', { class: 'desk-no-agent' }, t('desk.noAgent'))));
        return;
      }
      applyStatus(s);
      if (!pop) showLastCall();
    } catch (err) {
      if (!destroyed && !status) replace(body, errorState(err, load));
    }
  }

  const unsubscribeLive = onLive((msg) => {
    const d = msg.data || {};
    if (msg.type === 'desk.state') {
      if (Number(d.user_id) === myId && status) applyStatus(d);
      return;
    }
    if (!pop) return;
    const about = interactionIdOf(msg);
    if (about !== pop.interactionId) return;
    if (msg.type === 'timeline.appended') {
      clearTimeout(popTimelineTimer);
      popTimelineTimer = setTimeout(() => pop && pop.refreshTimeline(), 250);
    } else if (msg.type.startsWith('interaction.')) {
      clearTimeout(popFactsTimer);
      popFactsTimer = setTimeout(() => pop && pop.refreshInteraction(), 250);
    }
  });

  // Events sent while the socket was down are lost: fetch the status again after a reconnect.
  let wasConnected = null;
  const unsubscribeStatus = onLiveStatus((on) => {
    if (wasConnected === false && on) {
      clearTimeout(liveTimer);
      liveTimer = setTimeout(load, 100);
    }
    wasConnected = on;
  });

  function onKey(ev) {
    if (!ev.altKey || ev.ctrlKey || ev.metaKey) return;
    const what = SHORTCUTS[ev.code];
    if (!what || !status) return;
    ev.preventDefault();
    if (what === 'save') {
      if (wrap) wrap.submit();
    } else if (what === 'kb') {
      if (actions) actions.focusKb();
    } else if (what === 'script') {
      script.focus();
    } else {
      command(what);
    }
  }
  document.addEventListener('keydown', onKey);
  const stopClock = everySecond(tickClock);

  load();
  return {
    destroy() {
      destroyed = true;
      clearTimeout(liveTimer);
      clearTimeout(popTimelineTimer);
      clearTimeout(popFactsTimer);
      clearTimeout(missingTimer);
      if (pop) pop.destroy();
      unsubscribeLive();
      unsubscribeStatus();
      stopClock();
      document.removeEventListener('keydown', onKey);
    },
  };
}
