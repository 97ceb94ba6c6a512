// The WebSocket /api/v1/events: one connection per signed-in page, reconnects with backoff,
// hands every domain event to the current subscribers.

import { eventsUrl } from './api.js';

const listeners = new Set();
const statusListeners = new Set();
let socket = null;
let wanted = false;
let retryMs = 1000;
let retryTimer = null;
let connected = false;

function setConnected(value) {
  connected = value;
  for (const fn of statusListeners) fn(connected);
}

function open() {
  if (!wanted || socket) return;
  let ws;
  try {
    ws = new WebSocket(eventsUrl());
  } catch {
    scheduleRetry();
    return;
  }
  socket = ws;
  ws.addEventListener('open', () => {
    retryMs = 1000;
    setConnected(true);
  });
  ws.addEventListener('message', (ev) => {
    let msg;
    try {
      msg = JSON.parse(ev.data);
    } catch {
      return;
    }
    if (!msg || typeof msg.type !== 'string' || msg.type === 'hello') return;
    for (const fn of listeners) {
      try {
        fn(msg);
      } catch (err) {
        console.error('live listener failed', err);
      }
    }
  });
  ws.addEventListener('close', () => {
    if (socket === ws) socket = null;
    setConnected(false);
    scheduleRetry();
  });
  ws.addEventListener('error', () => {
    /* close follows */
  });
}

function scheduleRetry() {
  if (!wanted || retryTimer) return;
  retryTimer = setTimeout(() => {
    retryTimer = null;
    open();
  }, retryMs);
  retryMs = Math.min(retryMs * 2, 30000);
}

export function startLive() {
  wanted = true;
  open();
}

export function stopLive() {
  wanted = false;
  clearTimeout(retryTimer);
  retryTimer = null;
  if (socket) {
    const s = socket;
    socket = null;
    s.close();
  }
  setConnected(false);
}

export function onLive(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

// A list view that shows `typePrefix` events (e.g. 'callback.') again a moment after each such
// event (a burst of them reloads once), with the query of the current route. Returns what the
// router expects of a mounted view: update and destroy.
export function reloadOnLive(view, typePrefix) {
  let timer = null;
  const reload = () => view.update({ params: new URLSearchParams(location.hash.split('?')[1] || '') });
  const unsubscribe = onLive((msg) => {
    if (!String(msg.type).startsWith(typePrefix)) return;
    clearTimeout(timer);
    timer = setTimeout(reload, 300);
  });
  return {
    update: view.update,
    reload,
    destroy() {
      clearTimeout(timer);
      unsubscribe();
      view.destroy();
    },
  };
}

export function onLiveStatus(fn) {
  statusListeners.add(fn);
  fn(connected);
  return () => statusListeners.delete(fn);
}

// The interaction an event is about, if any (interaction.* events carry the object, timeline
// events carry interaction_id).
export function interactionIdOf(msg) {
  const d = msg && msg.data;
  if (!d || typeof d !== 'object') return null;
  if (d.interaction_id !== undefined && d.interaction_id !== null) return Number(d.interaction_id);
  if (String(msg.type).startsWith('interaction.') && d.id !== undefined) return Number(d.id);
  return null;
}
