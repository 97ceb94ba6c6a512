// Entry point: session bootstrap, hash router, shell.

import { h, replace } from './dom.js';
import { t } from './i18n.js';
import { api, setUnauthorizedHandler } from './api.js';
import { setSession, isSignedIn, canRead } from './session.js';
import { buildShell } from './shell.js';
import { startLive, stopLive } from './live.js';
import { pageHeader, emptyState } from './components.js';
import { mountLogin } from './views/login.js';
import { mountInteractions } from './views/interactions.js';
import { mountInteraction } from './views/interaction.js';
import { mountContacts, mountContact } from './views/contacts.js';
import { mountOrders, mountOrder } from './views/orders.js';
import { mountTickets, mountTicket } from './views/tickets.js';
import { mountKb, mountKbArticle } from './views/kb.js';
import { mountFlows } from './views/flows.js';
import { mountFlow } from './views/flow.js';
import { mountDesk } from './views/desk.js';
import { mountWallboard } from './views/wallboard.js';
import { mountCallbacks, mountCallback } from './views/callbacks.js';
import { mountQueues, mountQueue } from './views/queues.js';
import { mountVoicemails, mountVoicemail } from './views/voicemails.js';

const app = document.getElementById('app');

// #/section/id?query -> { section, id, params }
export function parseHash(hash = location.hash) {
  const raw = hash.replace(/^#/, '');
  const [path, qs = ''] = raw.split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { section: parts[0] || '', id: parts[1], rest: parts.slice(2), params: new URLSearchParams(qs), path };
}

const ROUTES = {
  interactions: { resource: 'interactions', list: mountInteractions, detail: mountInteraction },
  contacts: { resource: 'contacts', list: mountContacts, detail: mountContact },
  orders: { resource: 'orders', list: mountOrders, detail: mountOrder },
  tickets: { resource: 'tickets', list: mountTickets, detail: mountTicket },
  kb: { resource: 'kb', list: mountKb, detail: mountKbArticle },
  flows: { resource: 'flows', list: mountFlows, detail: mountFlow },
  callbacks: { resource: 'callbacks', list: mountCallbacks, detail: mountCallback },
  voicemails: { resource: 'voicemails', list: mountVoicemails, detail: mountVoicemail },
  queues: { resource: 'queues', list: mountQueues, detail: mountQueue },
  // Screens without an id: /desk/x and /wallboard/x show the same screen.
  desk: { resource: 'desk', list: mountDesk, detail: mountDesk },
  wallboard: { resource: 'wallboard', list: mountWallboard, detail: mountWallboard },
};

let shell = null;
let current = null; // { key, view }
let loginNotice = null;

function destroyCurrent() {
  if (current && current.view && current.view.destroy) current.view.destroy();
  current = null;
}

function showLogin() {
  destroyCurrent();
  if (shell) shell.destroy();
  shell = null;
  stopLive();
  const notice = loginNotice;
  loginNotice = null;
  mountLogin(app, {
    notice,
    onSignedIn(body) {
      setSession(body);
      const target = sessionStorage.getItem('callwerk.after-login');
      sessionStorage.removeItem('callwerk.after-login');
      history.replaceState(null, '', target && !target.startsWith('#/login') ? target : '#/interactions');
      route(true);
    },
  });
}

async function logout() {
  try {
    await api.logout();
  } catch {
    /* the session is gone either way */
  }
  setSession(null);
  sessionStorage.removeItem('callwerk.after-login');
  history.replaceState(null, '', '#/login');
  route(true);
}

function ensureShell(force) {
  if (shell && !force) return;
  destroyCurrent();
  if (shell) shell.destroy();
  shell = buildShell({ onLogout: logout, onLanguage: () => route(true) });
  replace(app, shell.root);
  startLive();
}

function route(forceShell = false) {
  const r = parseHash();
  if (!isSignedIn()) {
    if (r.section && r.section !== 'login') sessionStorage.setItem('callwerk.after-login', location.hash);
    if (r.section !== 'login') {
      history.replaceState(null, '', '#/login');
    }
    showLogin();
    return;
  }
  if (r.section === 'login' || r.section === '') {
    const first = Object.keys(ROUTES).find((k) => canRead(ROUTES[k].resource)) || 'interactions';
    history.replaceState(null, '', `#/${first}`);
    route(forceShell);
    return;
  }
  ensureShell(forceShell);
  const def = ROUTES[r.section];
  const key = def ? `${r.section}:${r.id ? 'detail' : 'list'}:${r.id || ''}` : `unknown:${r.path}`;
  shell.setActive(r.section);

  // Same screen, other query (filters, page): let the view update in place.
  if (current && current.key === key && current.view && current.view.update) {
    current.view.update(r);
    return;
  }
  destroyCurrent();
  const content = shell.content;
  if (!def) {
    replace(content, pageHeader(t('app.pageNotFound')), emptyState(t('app.pageNotFound')));
    current = { key, view: null };
    return;
  }
  if (!canRead(def.resource)) {
    replace(content, pageHeader(t(`nav.${r.section}`)), emptyState(t('app.forbidden')));
    current = { key, view: null };
    return;
  }
  const mount = r.id ? def.detail : def.list;
  replace(content);
  const view = mount(content, r) || null;
  current = { key, view };
  content.scrollTop = 0;
  window.scrollTo(0, 0);
  const heading = content.querySelector('h1');
  if (heading && document.activeElement === document.body) heading.focus({ preventScroll: true });
}

setUnauthorizedHandler(() => {
  if (!isSignedIn()) return;
  setSession(null);
  loginNotice = t('app.sessionExpired');
  sessionStorage.setItem('callwerk.after-login', location.hash);
  history.replaceState(null, '', '#/login');
  route(true);
});

window.addEventListener('hashchange', () => route(false));

async function boot() {
  replace(app, h('div', { class: 'boot' }, h('span', { class: 'spinner', 'aria-hidden': 'true' }), t('app.loading')));
  try {
    const body = await api.me();
    setSession(body);
  } catch {
    setSession(null);
  }
  route(true);
}

boot();
