// The HTTP API client: JSON in/out, session cookie, CSRF token on unsafe requests.

import { t } from './i18n.js';

const BASE = '/api/v1';

export class ApiError extends Error {
  constructor(status, message, field, retryAfter) {
    super(message);
    this.status = status;
    this.field = field;
    this.retryAfter = retryAfter;
  }
}

let csrfToken = null;
let onUnauthorized = () => {};

export function setCsrfToken(token) {
  csrfToken = token || null;
}

export function setUnauthorizedHandler(fn) {
  onUnauthorized = fn;
}

function messageFor(status, body) {
  const serverMessage = body && body.error && body.error.message;
  const key = `err.${status}`;
  const generic = t(key) === key ? t('err.generic', { status }) : t(key);
  return serverMessage ? `${generic} ${serverMessage}` : generic;
}

export async function request(method, path, body, { allow401 = false } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response;
  try {
    response = await fetch(BASE + path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, t('app.offline'));
  }
  if (response.status === 204) return null;
  let data = null;
  const text = await response.text();
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!response.ok) {
    const err = new ApiError(
      response.status,
      messageFor(response.status, data),
      data && data.error ? data.error.field : undefined,
      Number(response.headers.get('Retry-After')) || undefined,
    );
    if (response.status === 401 && !allow401) onUnauthorized();
    throw err;
  }
  return data;
}

export function query(params) {
  const qs = new URLSearchParams();
  for (const [key, value] of Object.entries(params || {})) {
    if (value === undefined || value === null || value === '') continue;
    qs.set(key, String(value));
  }
  const s = qs.toString();
  return s ? `?${s}` : '';
}

export const api = {
  get: (path, params) => request('GET', path + query(params)),
  post: (path, body) => request('POST', path, body ?? {}),
  patch: (path, body) => request('PATCH', path, body ?? {}),
  del: (path) => request('DELETE', path),
  login: (username, password) => request('POST', '/auth/login', { username, password }, { allow401: true }),
  me: () => request('GET', '/auth/me', undefined, { allow401: true }),
  logout: () => request('POST', '/auth/logout', {}, { allow401: true }),
};

// Small per-session cache for reference data (users, queues) that many screens need.
const cache = new Map();
export function cached(key, load) {
  if (!cache.has(key)) {
    const p = load().catch((err) => {
      cache.delete(key);
      throw err;
    });
    cache.set(key, p);
  }
  return cache.get(key);
}
export function clearCache() {
  cache.clear();
}

export function eventsUrl() {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${location.host}${BASE}/events`;
}
