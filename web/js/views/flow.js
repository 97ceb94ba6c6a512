// One version of a flow: its diagram, its YAML with a line-number gutter, "Prüfen" (issues at
// their lines), "Als Entwurf speichern" (always a new version: a stored version, published or
// not, is never overwritten) and "Veröffentlichen", and the list of every version of the name.
// The newest version is the one that is edited; older ones open read-only. "Ausprobieren" is a
// test chat against the stored version shown (flow_try.js).

import { h, replace } from '../dom.js';
import { t, fmtDateTime } from '../i18n.js';
import { api } from '../api.js';
import { loading, errorState, backLink, section, dataTable } from '../components.js';
import { canWrite } from '../session.js';
import { renderDiagram } from './flow_diagram.js';
import { yamlEditor } from './flow_editor.js';
import { loadFlows, groupByName, versionOf, versionState, stateBadge } from './flow_versions.js';
import { flowTry } from './flow_try.js';

function message(host, text, kind) {
  replace(host, text ? h('span', { class: `flash flash-${kind}`, role: kind === 'error' ? 'alert' : 'status' }, text) : null);
}

export function mountFlow(root, route) {
  const id = route.id;
  let destroyed = false;
  let trial = null; // the try-it chat of the version shown
  const body = h('div', { class: 'flow-page', 'data-state': 'loading' }, loading());
  replace(root, backLink('#/flows', t('flow.title')), body);

  async function load() {
    body.dataset.state = 'loading';
    replace(body, loading());
    try {
      const row = await api.get(`/flows/${encodeURIComponent(id)}`);
      const [rows, drawn] = await Promise.all([loadFlows(row.name), api.get(`/flows/${row.id}/graph`)]);
      if (destroyed) return;
      const group = groupByName(rows).find((g) => g.name === row.name) || groupByName([row])[0];
      show(row, group, drawn.graph);
    } catch (err) {
      if (destroyed) return;
      body.dataset.state = 'error';
      replace(body, errorState(err, err.status === 404 ? null : load));
    }
  }

  function show(row, group, graph) {
    const state = versionState(row, group);
    if (trial) trial.destroy();
    trial = flowTry(row, { versionLabel: `v${versionOf(row)}`, allowed: canWrite('flows') });
    const mayEdit = canWrite('flows');
    const editable = mayEdit && row.id === group.newest.id;
    document.title = `${row.name} v${versionOf(row)} · ${t('app.name')}`;

    const editor = yamlEditor({ id: 'flow-source', value: row.source || '', readOnly: !editable, label: t('flow.source') });
    const diagramHost = h('div', { class: 'flow-diagram', 'data-graph': 'none' });
    const diagramNote = h('p', { class: 'muted flow-diagram-note', role: 'status' });
    const issuesHost = h('div', { class: 'flow-issues-host' });
    const status = h('div', { class: 'form-message', 'aria-live': 'polite' });
    const checkHost = h('div', { class: 'flow-check', 'data-check': 'none' }, status, issuesHost);

    function drawGraph(g, stale) {
      if (!g) {
        diagramHost.dataset.graph = 'none';
        replace(diagramHost, h('p', { class: 'muted' }, t('flow.diagram.none')));
        return;
      }
      diagramHost.dataset.graph = g.partial ? 'partial' : 'full';
      replace(diagramHost, renderDiagram(g, { onNode: (node) => editor.goToLine(node.line) }));
      diagramNote.textContent = g.partial ? t('flow.diagram.partial') : stale ? t('flow.diagram.stale') : '';
    }
    drawGraph(graph, false);

    function showIssues(issues) {
      editor.markIssues(issues);
      if (!issues.length) {
        replace(issuesHost);
        return;
      }
      replace(issuesHost, h('ol', { class: 'flow-issues', 'aria-label': t('flow.check.issues') }, issues.map((issue) =>
        h('li', null, h('button', {
          type: 'button',
          class: 'flow-issue',
          'data-line': issue.line,
          'data-kind': issue.kind,
          onclick: () => editor.goToLine(issue.line, issue.column),
        },
        h('span', { class: 'flow-issue-line mono' }, t('flow.check.line', { line: issue.line })),
        h('span', { class: 'flow-issue-text' }, issue.message))))));
    }

    // Asks the server; draws the graph and the issues. Returns the answer or null on error.
    async function check() {
      checkHost.dataset.check = 'checking';
      message(status, t('flow.check.running'), 'info');
      try {
        const result = await api.post('/flows/check', { source: editor.value, name: row.name });
        if (destroyed) return null;
        showIssues(result.issues || []);
        drawGraph(result.graph, false);
        checkHost.dataset.check = result.ok ? 'ok' : 'issues';
        message(status, result.ok ? t('flow.check.ok') : t('flow.check.issueCount', { n: result.issues.length }),
          result.ok ? 'ok' : 'error');
        return result;
      } catch (err) {
        if (destroyed) return null;
        checkHost.dataset.check = 'error';
        message(status, err.message, 'error');
        return null;
      }
    }

    async function saveDraft(button) {
      button.disabled = true;
      try {
        const result = await check();
        if (!result) return;
        if (!result.ok) {
          message(status, t('flow.save.blocked', { n: result.issues.length }), 'error');
          return;
        }
        // The highest version as stored now, not as loaded: someone else may have saved since.
        const versions = await loadFlows(row.name);
        const next = Math.max(0, ...versions.map(versionOf)) + 1;
        const created = await api.post('/flows', {
          name: row.name, version: next, description: row.description || '', source: editor.value, published: false,
        });
        if (destroyed) return;
        location.hash = `#/flows/${created.id}`;
      } catch (err) {
        if (!destroyed) message(status, err.message, 'error');
      } finally {
        button.disabled = false;
      }
    }

    async function publish(version, button) {
      button.disabled = true;
      try {
        await api.patch(`/flows/${version.id}`, { published: true });
        if (!destroyed) await load();
      } catch (err) {
        if (!destroyed) {
          message(status, err.message, 'error');
          button.disabled = false;
        }
      }
    }

    const dirtyNote = h('span', { class: 'muted flow-dirty', hidden: true }, t('flow.unsaved'));
    const publishCurrent = mayEdit && !row.published
      ? h('button', { type: 'button', class: 'btn', 'data-action': 'publish', onclick: (ev) => publish(row, ev.currentTarget) },
        t('flow.publish', { version: versionOf(row) }))
      : null;
    editor.textarea.addEventListener('input', () => {
      const dirty = editor.value !== (row.source || '');
      dirtyNote.hidden = !dirty;
      trial.setDirty(dirty);
      // What is published is the stored version; unsaved text has to become a draft first.
      if (publishCurrent) {
        publishCurrent.disabled = dirty;
        publishCurrent.title = dirty ? t('flow.publishSaveFirst') : '';
      }
      if (diagramHost.dataset.graph !== 'none') diagramNote.textContent = t('flow.diagram.stale');
    });
    editor.textarea.addEventListener('keydown', (ev) => {
      if (ev.key === 'Enter' && (ev.ctrlKey || ev.metaKey) && editable) {
        ev.preventDefault();
        check();
      }
    });

    const toolbar = editable
      ? h('div', { class: 'form-row flow-toolbar' },
        h('button', { type: 'button', class: 'btn', 'data-action': 'check', onclick: () => check(), 'aria-keyshortcuts': 'Control+Enter' }, t('flow.check')),
        h('button', { type: 'button', class: 'btn btn-primary', 'data-action': 'save-draft', onclick: (ev) => saveDraft(ev.currentTarget) }, t('flow.saveDraft')),
        publishCurrent,
        dirtyNote)
      : h('div', { class: 'form-row flow-toolbar' },
        h('p', { class: 'read-only-note muted' }, mayEdit
          ? [t('flow.olderReadOnly'), ' ', h('a', { href: `#/flows/${group.newest.id}` }, t('flow.openNewest', { version: versionOf(group.newest) }))]
          : t('app.readOnly')),
        publishCurrent);

    const versionTable = dataTable([
      {
        label: t('flow.version'),
        class: 'nowrap',
        render: (v) => (v.id === row.id
          ? h('strong', { 'aria-current': 'page' }, `v${versionOf(v)}`)
          : h('a', { href: `#/flows/${v.id}` }, `v${versionOf(v)}`)),
      },
      { label: t('flow.stateLabel'), render: (v) => stateBadge(versionState(v, group)) },
      { label: t('flow.updated'), class: 'nowrap', render: (v) => fmtDateTime(v.updated_at) },
      {
        label: t('flow.actions'),
        render: (v) => (mayEdit && !v.published && v.id !== row.id
          ? h('button', { type: 'button', class: 'btn btn-small', 'data-action': 'publish-version', onclick: (ev) => publish(v, ev.currentTarget) },
            t('flow.publish', { version: versionOf(v) }))
          : ''),
      },
    ], group.versions, { rowClass: (v) => (v.id === row.id ? 'current' : null), caption: t('flow.versions') });
    versionTable.classList.add('flow-versions');

    body.dataset.state = 'ready';
    body.dataset.flowId = String(row.id);
    body.dataset.version = String(versionOf(row));
    replace(body,
      h('header', { class: 'page-header' },
        h('h1', { tabindex: '-1' }, h('span', { class: 'mono' }, row.name), ` · v${versionOf(row)}`),
        stateBadge(state)),
      row.description ? h('p', { class: 'subtitle' }, row.description) : null,
      section(t('flow.diagram.title'), diagramNote, diagramHost),
      h('div', { class: 'flow-work' },
        section(t('flow.source'),
          editor.root, toolbar, checkHost),
        h('div', { class: 'stack' },
          section(t('flow.versions'), versionTable),
          // The "try it" chat against this stored version (flow_try.js).
          trial.root)));
  }

  load();
  return {
    destroy() {
      destroyed = true;
      if (trial) trial.destroy();
    },
  };
}
