// The flow editor: list, diagram of the Stadtwerke hotline, a broken target shown at its
// line, the fix saved as a new draft version and published; the API then names it the newest
// published version (the one the phone runs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, demoUsers } from './lib/server.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { login, logout, waitForList, tableRows, apiGet } from './lib/ui.mjs';

let server;
let browser;
let page;
const users = demoUsers();
const admin = users.find((u) => u.role === 'admin' && u.tenant === 'stadtwerke-musterstadt');
const agent = users.find((u) => u.role === 'agent' && u.tenant === 'stadtwerke-musterstadt');

before(async () => {
  assert.ok(admin && agent, 'the Stadtwerke demo has an admin and an agent');
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage();
  await login(page, server.url, admin);
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

async function waitForFlowPage(version) {
  await page.waitForFunction((v) => {
    const p = document.querySelector('.flow-page');
    return p && p.dataset.state === 'ready' && (v === undefined || p.dataset.version === String(v));
  }, version);
}

// The 1-based line the textarea's cursor is on, and whether it has the focus.
async function cursorLine() {
  return page.$eval('#flow-source', (ta) => ({
    line: ta.value.slice(0, ta.selectionStart).split('\n').length,
    focused: document.activeElement === ta,
  }));
}

async function publishedHotlines() {
  const r = await apiGet(page, '/flows?name=hotline&published=true&limit=500');
  assert.equal(r.status, 200);
  return r.body.items.sort((a, b) => b.version - a.version);
}

test('the hotline is listed, drawn, checked at its lines, saved as a draft and published', async () => {
  const before = await publishedHotlines();
  assert.ok(before.length >= 1, 'the demo imports the hotline published');
  const liveBefore = before[0];

  await page.click('.sidenav a[data-nav=flows]');
  await waitForList(page);
  const rows = await tableRows(page);
  const hotlineRow = rows.find((r) => r.cells[0] === 'hotline');
  assert.ok(hotlineRow, `hotline listed: ${JSON.stringify(rows)}`);
  assert.match(hotlineRow.cells[2], new RegExp(`v${liveBefore.version}\\s*läuft`));
  assert.ok(rows.some((r) => r.cells[0] === 'stoerungsansage'), 'every flow of the tenant is listed');

  await page.click('.results a.row-main-link:text-is("hotline")');
  await waitForFlowPage(liveBefore.version);
  assert.equal(await page.getAttribute('.page-header [data-state]', 'data-state'), 'live');

  // The diagram has every node of the stored flow; its menu and transfer nodes by type, and
  // the menu's edges with their keys. (Names come from the API: the demo flow may change.)
  const { graph } = (await apiGet(page, `/flows/${liveBefore.id}/graph`)).body;
  const menus = graph.nodes.filter((n) => n.type === 'menu');
  const transfers = graph.nodes.filter((n) => n.type === 'transfer');
  assert.ok(menus.length >= 1 && transfers.length >= 1, 'the hotline has a menu and transfers');
  await page.waitForSelector('.flow-diagram svg .flow-node');
  for (const n of graph.nodes) {
    assert.ok(await page.$(`.flow-diagram svg .flow-node[data-node-id="${n.id}"][data-type="${n.type}"]`), `node ${n.id} drawn`);
  }
  const start = graph.nodes.find((n) => n.start);
  assert.ok(await page.$(`.flow-node-start[data-node-id="${start.id}"]`), 'the start node is marked');
  const menu = menus[0];
  const fromMenu = await page.$$eval(`.flow-edge[data-from="${menu.id}"]`, (els) => els.map((e) => e.dataset.to));
  const expectedFromMenu = graph.edges.filter((e) => e.from === menu.id);
  assert.deepEqual(fromMenu.sort(), expectedFromMenu.map((e) => e.to).sort());
  const labels = await page.$$eval('.flow-edge-label', (els) => els.map((e) => e.textContent));
  for (const key of expectedFromMenu.map((e) => e.label).filter((l) => /^[0-9*#]$/.test(l))) {
    assert.ok(labels.includes(key), `menu key ${key} on its edge: ${labels}`);
  }

  // A node chosen with the keyboard puts the cursor on its line.
  const source = await page.inputValue('#flow-source');
  const lines = source.split('\n');
  await page.focus(`.flow-node[data-node-id="${transfers[0].id}"]`);
  await page.keyboard.press('Enter');
  assert.deepEqual(await cursorLine(), { line: transfers[0].line, focused: true });
  assert.ok(lines[transfers[0].line - 1].trim().startsWith(`${transfers[0].id}:`));

  // Break a target: the issue is listed at its line and the gutter marks that line.
  const brokenLine = lines.findIndex((l) => /^\s+next: \S+\s*$/.test(l)) + 1;
  assert.ok(brokenLine > 0, 'the hotline has a plain next: line');
  const broken = lines.map((l, i) => (i === brokenLine - 1 ? l.replace(/next: \S+/, 'next: gibt_es_nicht') : l)).join('\n');
  await page.fill('#flow-source', broken);
  assert.equal(await page.isVisible('.flow-dirty'), true, 'unsaved changes are pointed out');
  await page.click('[data-action=check]');
  await page.waitForSelector('.flow-check[data-check=issues]');
  const issue = `.flow-issue[data-line="${brokenLine}"][data-kind=missing_target]`;
  await page.waitForSelector(issue);
  assert.match(await page.textContent(issue), /gibt_es_nicht/);
  assert.ok(await page.$(`.flow-gutter .flow-line-no.has-issue[data-line="${brokenLine}"]`), 'gutter marks the line');
  assert.ok(await page.$('.flow-node-missing[data-node-id=gibt_es_nicht]'), 'the missing target is drawn');
  await page.screenshot({ path: '/tmp/callwerk-flow-editor.png', fullPage: true });
  await page.click(issue);
  assert.deepEqual(await cursorLine(), { line: brokenLine, focused: true });

  // Saving is refused while there are issues; nothing new is stored.
  await page.click('[data-action=save-draft]');
  await page.waitForFunction(() => /Nicht gespeichert/.test(document.querySelector('.flow-check .flash-error')?.textContent || ''));
  assert.equal((await apiGet(page, '/flows?name=hotline&limit=500')).body.items.length, before.length);

  // Fix it (and add a comment, so the text differs), check clean, save as a draft: a new version.
  const fixed = `${source.replace(/\n*$/, '')}\n# im Browser geprüft\n`;
  await page.fill('#flow-source', fixed);
  await page.click('[data-action=check]');
  await page.waitForSelector('.flow-check[data-check=ok]');
  assert.equal(await page.$(`.flow-gutter .has-issue`), null, 'no line is marked any more');
  const all = (await apiGet(page, '/flows?name=hotline&limit=500')).body.items;
  const nextVersion = Math.max(...all.map((f) => f.version)) + 1;
  await page.click('[data-action=save-draft]');
  await waitForFlowPage(nextVersion);
  assert.equal(await page.getAttribute('.page-header [data-state]', 'data-state'), 'draft');
  assert.equal(await page.inputValue('#flow-source'), fixed);
  const draftId = Number(await page.getAttribute('.flow-page', 'data-flow-id'));
  // The published version is untouched and still the one that runs.
  assert.equal((await publishedHotlines())[0].id, liveBefore.id);
  assert.equal((await apiGet(page, `/flows/${liveBefore.id}`)).body.source, source);

  // Publish the draft: it is live now, the old version merely published.
  await page.click('[data-action=publish]');
  await page.waitForFunction(() => document.querySelector('.flow-page[data-state=ready] .page-header [data-state=live]'));
  const after = await publishedHotlines();
  assert.equal(after[0].id, draftId);
  assert.equal(after[0].version, nextVersion);
  assert.equal(after[0].source, fixed);
  const states = await page.$$eval('.flow-versions tbody tr', (trs) => trs.map((tr) => tr.querySelector('[data-state]').dataset.state));
  assert.deepEqual(states.slice(0, 2), ['live', 'published']);

  // The older version opens read-only.
  await page.goto(`${server.url}#/flows/${liveBefore.id}`);
  await waitForFlowPage(liveBefore.version);
  assert.equal(await page.$eval('#flow-source', (ta) => ta.readOnly), true);
  assert.equal(await page.$('[data-action=save-draft]'), null);
  assert.ok(await page.$('.flow-try[data-slot=try-chat]'), 'the place for the try-it chat');
  assert.deepEqual(browser.problems, [], 'no script errors or CSP violations');
});

test('an admin starts a new flow: a draft v1 that checks clean, not yet listed as live', async () => {
  await page.goto(`${server.url}#/flows`);
  await waitForList(page);
  await page.fill('.flow-new input[name=name]', 'hotline');
  await page.click('.flow-new button[type=submit]');
  await page.waitForSelector('.flow-new .flash-error');
  await page.fill('.flow-new input[name=name]', 'testablauf');
  await page.press('.flow-new input[name=name]', 'Enter');
  await waitForFlowPage(1);
  assert.equal(await page.getAttribute('.page-header [data-state]', 'data-state'), 'draft');
  assert.ok(await page.$('.flow-node-start[data-node-id=begruessung]'));
  await page.click('[data-action=check]');
  await page.waitForSelector('.flow-check[data-check=ok]');
  const stored = await apiGet(page, '/flows?name=testablauf');
  assert.equal(stored.body.items.length, 1);
  assert.equal(stored.body.items[0].published, false);
});

test('an agent sees the diagram but cannot edit', async () => {
  await logout(page);
  await login(page, server.url, agent);
  await page.goto(`${server.url}#/flows`);
  await waitForList(page);
  await page.click('.results a.row-main-link:text-is("hotline")');
  await waitForFlowPage();
  await page.waitForSelector('.flow-diagram svg .flow-node[data-type=menu]');
  assert.equal(await page.$eval('#flow-source', (ta) => ta.readOnly), true);
  assert.equal(await page.$('[data-action=check]'), null);
  assert.equal(await page.$('[data-action=publish]'), null);
  await page.goto(`${server.url}#/flows`);
  await waitForList(page);
  assert.equal(await page.$('.flow-new'), null, 'no form to start a flow');
  assert.deepEqual(browser.problems, []);
});
