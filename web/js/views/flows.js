// Flows of the tenant: one row per name with its description and versions (live, published,
// draft); the name opens the editor on the newest version.

import { h, replace } from '../dom.js';
import { t, fmtDateTime } from '../i18n.js';
import { api } from '../api.js';
import { loading, errorState, emptyState, pageHeader, dataTable, field } from '../components.js';
import { canWrite } from '../session.js';
import { loadFlows, groupByName, versionOf, versionState, stateBadge } from './flow_versions.js';

function versionChips(group) {
  return h('ul', { class: 'flow-version-chips' }, group.versions.map((row) =>
    h('li', null, h('a', {
      href: `#/flows/${row.id}`,
      class: 'flow-version-chip',
      'data-version': versionOf(row),
      'aria-label': t('flow.versionLabel', { version: versionOf(row), state: t(`flow.state.${versionState(row, group)}`) }),
    }, `v${versionOf(row)} `, stateBadge(versionState(row, group))))));
}

// What a new flow starts with: the smallest flow that checks clean, to be edited from there.
function starterSource(name) {
  return [
    `name: ${name}`,
    'start: begruessung',
    'nodes:',
    '  begruessung:',
    '    type: say',
    '    text: "Herzlich willkommen."',
    '    next: ende',
    '  ende:',
    '    type: hangup',
    '    text: "Auf Wiederhören."',
    '',
  ].join('\n');
}

// Admins start a flow by name; it is stored as draft version 1 and opens in the editor.
function newFlowForm(taken) {
  const input = h('input', {
    type: 'text', name: 'name', required: true, maxlength: '100', pattern: '[a-z0-9][a-z0-9_\\-]*',
    autocomplete: 'off', 'aria-describedby': 'flow-new-hint',
  });
  const msg = h('div', { class: 'form-message', 'aria-live': 'polite' });
  const form = h('form', { class: 'inline-form flow-new' },
    field(t('flow.newName'), input),
    h('button', { type: 'submit', class: 'btn' }, t('flow.create')),
    h('span', { id: 'flow-new-hint', class: 'muted' }, t('flow.newHint')),
    msg);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const name = input.value.trim();
    if (taken().has(name)) {
      replace(msg, h('span', { class: 'flash flash-error', role: 'alert' }, t('flow.nameTaken', { name })));
      return;
    }
    try {
      const created = await api.post('/flows', { name, version: 1, published: false, source: starterSource(name) });
      location.hash = `#/flows/${created.id}`;
    } catch (err) {
      replace(msg, h('span', { class: 'flash flash-error', role: 'alert' }, err.message));
    }
  });
  return form;
}

export function mountFlows(root) {
  let destroyed = false;
  const count = h('span', { class: 'count' });
  const results = h('div', { class: 'results' });
  let names = new Set();
  replace(root, pageHeader(t('flow.title'), count), h('p', { class: 'subtitle' }, t('flow.listHint')), results,
    canWrite('flows') ? newFlowForm(() => names) : null);
  document.title = `${t('flow.title')} · ${t('app.name')}`;

  async function load() {
    results.dataset.state = 'loading';
    replace(results, loading());
    try {
      const groups = groupByName(await loadFlows());
      if (destroyed) return;
      names = new Set(groups.map((g) => g.name));
      count.textContent = t('flow.count', { n: groups.length });
      if (!groups.length) {
        results.dataset.state = 'empty';
        replace(results, emptyState(t('flow.none')));
        return;
      }
      replace(results, dataTable([
        {
          label: t('flow.name'),
          class: 'nowrap',
          render: (g) => h('a', { href: `#/flows/${g.newest.id}`, class: 'row-main-link mono' }, g.name),
        },
        { label: t('flow.description'), class: 'wrap', render: (g) => g.newest.description || (g.live && g.live.description) || '' },
        { label: t('flow.versions'), render: versionChips },
        { label: t('flow.updated'), class: 'nowrap', render: (g) => fmtDateTime(g.newest.updated_at) },
      ], groups, { rowHref: (g) => `#/flows/${g.newest.id}`, caption: t('flow.title') }));
      results.dataset.state = 'ready';
    } catch (err) {
      if (destroyed) return;
      results.dataset.state = 'error';
      replace(results, errorState(err, load));
    }
  }
  load();
  return { destroy() { destroyed = true; } };
}
