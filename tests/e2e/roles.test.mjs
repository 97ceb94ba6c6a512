// What a role may see and do, and that tenants never see each other's data.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, demoUsers } from './lib/server.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { login, logout, waitForList, tableRows, apiGet } from './lib/ui.mjs';

let server;
let browser;
let page;
const users = demoUsers();
const tenants = [...new Set(users.map((u) => u.tenant))];
const viewer = users.find((u) => u.role === 'client-viewer');
const agentA = users.find((u) => u.role === 'agent' && u.tenant === tenants[0]);
const agentB = users.find((u) => u.role === 'agent' && u.tenant === tenants[1]);

before(async () => {
  assert.ok(viewer && agentA && agentB, 'the demo has a client-viewer and agents in two tenants');
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

async function firstInteractionId() {
  const list = await apiGet(page, '/interactions?limit=1');
  assert.equal(list.status, 200);
  assert.ok(list.body.items.length > 0);
  return list.body.items[0].id;
}

test('an agent can write a note and sees it in the protocol', async () => {
  await login(page, server.url, agentA);
  const id = await firstInteractionId();
  // A second tab on the list hears about the change over the WebSocket.
  const listPage = await browser.context.newPage();
  await listPage.goto(`${server.url}#/interactions`);
  await waitForList(listPage);
  await listPage.waitForSelector('.live-indicator.on');

  await page.goto(`${server.url}#/interactions/${id}`);
  await page.waitForSelector('#note-text');
  const note = `Rückruf zugesagt ${Date.now()}`;
  await page.fill('#note-text', note);
  await page.click('.note-form button[type=submit]');
  await page.waitForFunction((n) => document.querySelector('.timeline')?.textContent.includes(n), note);
  const lastNote = await page.$$eval('.tl-item[data-type=note] .tl-text', (els) => els.map((e) => e.textContent));
  assert.ok(lastNote.some((t) => t === `Notiz: ${note}`));
  assert.ok(await page.$('#disposition-select'));

  await listPage.waitForSelector('.live-bar:not([hidden])');
  await listPage.click('.live-bar button');
  await listPage.waitForSelector(`.data-table tr.row-new[data-href="#/interactions/${id}"]`);
  await listPage.close();
  await logout(page);
});

test('a client-viewer reads the protocol but gets no write controls', async () => {
  assert.equal(viewer.tenant, agentA.tenant, 'viewer and agent A share a tenant');
  await login(page, server.url, viewer);
  assert.equal(await waitForList(page), 'ready');
  const topbar = await page.textContent('.topbar');
  assert.match(topbar, /Lesezugriff|Auftraggeber/);
  // No agent filter: client-viewers may not list users.
  assert.equal(await page.$('select[name=agent_id]'), null);

  const id = await firstInteractionId();
  await page.goto(`${server.url}#/interactions/${id}`);
  await page.waitForSelector('.timeline .tl-item, .protocol-host .state');
  await page.waitForSelector('.read-only-note');
  assert.equal(await page.$('#note-text'), null, 'no note form');
  assert.equal(await page.$('#disposition-select'), null, 'no disposition control');
  assert.equal(await page.$('.detail-aside form'), null);

  const tickets = await apiGet(page, '/tickets?limit=1');
  if (tickets.body.items.length) {
    await page.goto(`${server.url}#/tickets/${tickets.body.items[0].id}`);
    await page.waitForSelector('.facts');
    assert.equal(await page.$('#ticket-status'), null, 'no ticket status change');
  }
  const orders = await apiGet(page, '/orders?limit=1');
  if (orders.body.items.length) {
    await page.goto(`${server.url}#/orders/${orders.body.items[0].id}`);
    await page.waitForSelector('.facts');
    assert.equal(await page.$('#order-status'), null, 'no order status change');
  }
  assert.equal(await page.$('form:not(.filters)'), null, 'no write forms anywhere on the page');
  await logout(page);
});

test('tenant B never sees tenant A data', async () => {
  // What tenant A has.
  await login(page, server.url, agentA);
  const aInteractions = (await apiGet(page, '/interactions?limit=500')).body.items;
  const aContacts = (await apiGet(page, '/contacts?limit=500')).body.items;
  assert.ok(aInteractions.length > 0 && aContacts.length > 0);
  await logout(page);

  await login(page, server.url, agentB);
  assert.match(await page.textContent('.tenant-name'), /\S/);
  const aIds = new Set(aInteractions.map((i) => `#/interactions/${i.id}`));
  // Every page of B's interaction list.
  let offset = 0;
  let seen = 0;
  for (;;) {
    await page.goto(`${server.url}#/interactions?offset=${offset}`);
    const state = await waitForList(page);
    if (state !== 'ready') break;
    const rows = await tableRows(page);
    for (const r of rows) assert.ok(!aIds.has(r.href), `tenant A's ${r.href} listed for tenant B`);
    seen += rows.length;
    if (!(await page.$('.pagination button:last-of-type:not([disabled])')) || rows.length < 50) break;
    offset += 50;
  }
  assert.ok(seen > 0, 'tenant B has its own interactions');

  const aContactHrefs = new Set(aContacts.map((c) => `#/contacts/${c.id}`));
  await page.goto(`${server.url}#/contacts`);
  await waitForList(page);
  for (const r of await tableRows(page)) assert.ok(!aContactHrefs.has(r.href), `contact ${r.href} of tenant A listed`);

  // A direct link to A's interaction is "not found" for B.
  await page.goto(`${server.url}#/interactions/${aInteractions[0].id}`);
  await page.waitForSelector('.state-error');
  assert.match(await page.textContent('.state-error'), /Nicht gefunden/);
  assert.equal(await page.$('.timeline'), null);
  await page.goto(`${server.url}#/contacts/${aContacts[0].id}`);
  await page.waitForSelector('.state-error');
  assert.match(await page.textContent('.state-error'), /Nicht gefunden/);
  await logout(page);
});

test('repeated failed logins are throttled with a clear message', async () => {
  const admin = users.find((u) => u.role === 'admin');
  await page.goto(`${server.url}#/login`);
  await page.waitForSelector('#login-username');
  let text = '';
  for (let i = 0; i < 8 && !/zu viele Versuche/i.test(text); i++) {
    await page.fill('#login-username', admin.username);
    await page.fill('#login-password', `wrong-${i}`);
    await page.$eval('.login-message', (el) => el.replaceChildren());
    await page.click('.login-form button[type=submit]');
    await page.waitForSelector('.login-message .flash-error');
    text = await page.textContent('.login-message');
  }
  assert.match(text, /zu viele Versuche/i);
  assert.deepEqual(browser.problems, [], 'no script errors or CSP violations');
});
