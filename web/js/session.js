// The signed-in user, tenant and what their role may do. Mirrors src/core/roles.cpp so that the
// page hides what the server would refuse anyway (the server stays the authority).

import { setCsrfToken, clearCache } from './api.js';
import { setTimeZone } from './i18n.js';

// r = read, w = read and write, - = nothing. Columns: admin, supervisor, agent, client-viewer.
const RULES = {
  tenant: 'wrrr',
  users: 'wrr-',
  tokens: 'w---',
  audit: 'rr--',
  events: 'rrrr',
  skills: 'wwr-',
  queues: 'wwrr',
  contacts: 'wwwr',
  interactions: 'wwwr',
  timeline: 'wwwr',
  products: 'wwrr',
  orders: 'wwwr',
  tickets: 'wwwr',
  callbacks: 'wwwr',
  voicemails: 'www-',
  agent_states: 'rr--',
  queue_calls: 'rr-r',
  desk: 'www-',
  wallboard: 'rr-r',
  supervision: 'ww--',
  reports: 'rr-r',
  agent_reports: 'rr--',
  kb: 'wwrr',
  flows: 'wrr-',
};
const ROLE_INDEX = { admin: 0, supervisor: 1, agent: 2, 'client-viewer': 3 };

export const session = {
  user: null,
  tenant: null,
  csrfToken: null,
};

export function setSession(body) {
  session.user = body ? body.user : null;
  session.tenant = body ? body.tenant : null;
  session.csrfToken = body ? body.csrf_token : null;
  setCsrfToken(session.csrfToken);
  if (session.tenant && session.tenant.timezone) setTimeZone(session.tenant.timezone);
  if (!body) clearCache();
}

export function isSignedIn() {
  return Boolean(session.user);
}

function access(resource) {
  const role = session.user && session.user.role;
  const idx = ROLE_INDEX[role];
  const rule = RULES[resource];
  if (idx === undefined || !rule) return '-';
  return rule[idx];
}

export function canRead(resource) {
  const a = access(resource);
  return a === 'r' || a === 'w';
}

export function canWrite(resource) {
  return access(resource) === 'w';
}
