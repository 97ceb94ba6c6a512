// Versions of flows: every save makes a new version of a name; the phone and the chat run the
// newest *published* version of each name (src/app/voice_store_flows.cpp), so that one is
// "live". Shared by the list and the editor.

import { api } from '../api.js';
import { t } from '../i18n.js';
import { badge } from '../components.js';

const PAGE = 500;

// Every flow row of the tenant (all names, all versions), or of one name.
export async function loadFlows(name) {
  const rows = [];
  for (let offset = 0; ; offset += PAGE) {
    const body = await api.get('/flows', { name, limit: PAGE, offset });
    const items = body.items || [];
    rows.push(...items);
    if (items.length < PAGE) break;
  }
  return rows;
}

export function versionOf(row) {
  return Number(row.version) || 1;
}

// [{name, versions (newest first), live (row|null), newest (row)}] sorted by name.
export function groupByName(rows) {
  const groups = new Map();
  for (const row of rows) {
    if (!groups.has(row.name)) groups.set(row.name, []);
    groups.get(row.name).push(row);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b, 'de'))
    .map(([name, versions]) => {
      versions.sort((a, b) => versionOf(b) - versionOf(a));
      return { name, versions, newest: versions[0], live: versions.find((v) => v.published) || null };
    });
}

// "live" for the newest published version, "published" for older published ones, "draft".
export function versionState(row, group) {
  if (group.live && group.live.id === row.id) return 'live';
  return row.published ? 'published' : 'draft';
}

const STATE_KIND = { live: 'live', published: 'muted', draft: 'warn' };

export function stateBadge(state) {
  const b = badge(t(`flow.state.${state}`), STATE_KIND[state]);
  b.dataset.state = state;
  return b;
}
