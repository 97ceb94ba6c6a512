// Flows of the tenant: one row per name with its description and versions (live, published,
// draft); the name opens the editor on the newest version.

import { h, replace } from '../dom.js';
import { t, fmtDateTime } from '../i18n.js';
import { loading, errorState, emptyState, pageHeader, dataTable } from '../components.js';
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

export function mountFlows(root) {
  let destroyed = false;
  const count = h('span', { class: 'count' });
  const results = h('div', { class: 'results' });
  replace(root, pageHeader(t('flow.title'), count), h('p', { class: 'subtitle' }, t('flow.listHint')), results);
  document.title = `${t('flow.title')} · ${t('app.name')}`;

  async function load() {
    results.dataset.state = 'loading';
    replace(results, loading());
    try {
      const groups = groupByName(await loadFlows());
      if (destroyed) return;
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
