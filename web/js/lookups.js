// Reference data several screens need (users, queues), cached for the session, and small
// helpers that turn ids and values into readable, linked text.

import { api, cached, ApiError } from './api.js';
import { t } from './i18n.js';
import { canRead } from './session.js';

async function listAll(entity, params = {}) {
  const body = await api.get(`/${entity}`, { limit: 500, ...params });
  return body.items || [];
}

export function users() {
  if (!canRead('users')) return Promise.resolve([]);
  return cached('users', () => listAll('users', { sort: 'display_name' }).catch(() => []));
}

export function queues() {
  if (!canRead('queues')) return Promise.resolve([]);
  return cached('queues', () => listAll('queues', { sort: 'name' }).catch(() => []));
}

export function kbCategories() {
  return cached('kb-categories', async () => {
    const items = await listAll('kb').catch(() => []);
    return [...new Set(items.map((a) => a.category).filter(Boolean))].sort((a, b) => a.localeCompare(b, 'de'));
  });
}

export function contact(id) {
  return cached(`contact:${id}`, () => api.get(`/contacts/${id}`));
}

export function queueDispositions(queue) {
  if (!queue) return [];
  let d = queue.dispositions;
  if (typeof d === 'string') {
    try {
      d = JSON.parse(d);
    } catch {
      d = [];
    }
  }
  return Array.isArray(d) ? d.filter((x) => typeof x === 'string' && x) : [];
}

export function contactName(c) {
  if (!c) return '';
  const person = [c.first_name, c.last_name].filter(Boolean).join(' ');
  if (person && c.company) return `${person} (${c.company})`;
  return person || c.company || c.email || (c.customer_number ? `#${c.customer_number}` : `#${c.id}`);
}

export function userName(list, id) {
  if (id === undefined || id === null) return '';
  const u = list.find((x) => Number(x.id) === Number(id));
  return u ? u.display_name || u.username : `#${id}`;
}

export function durationSeconds(start, end) {
  if (!start || !end) return null;
  const s = new Date(start).getTime();
  const e = new Date(end).getTime();
  if (Number.isNaN(s) || Number.isNaN(e) || e < s) return null;
  return (e - s) / 1000;
}

// Loads one object by id, or by a natural key in the route: `nr:B-2026-000101` (order and
// ticket numbers, customer numbers) or `slug:abschlag-anpassen` (articles). Timeline events
// name orders, tickets and articles that way.
export async function loadOne(entity, routeId, keyField) {
  const m = /^(nr|slug):(.+)$/.exec(String(routeId));
  if (!m) return api.get(`/${entity}/${encodeURIComponent(routeId)}`);
  const body = await api.get(`/${entity}`, { [keyField]: m[2], limit: 1 });
  const item = body && body.items && body.items[0];
  if (!item) throw new ApiError(404, t('err.404'));
  return item;
}
