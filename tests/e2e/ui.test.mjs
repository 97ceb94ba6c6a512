// The agent's day in the web UI: sign in, list and filter interactions, read a protocol,
// switch the language (and keep it after a reload), sign out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, demoUsers } from './lib/server.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { login, logout, waitForList, waitForListQuery, tableRows, apiGet } from './lib/ui.mjs';

let server;
let browser;
let page;
const agent = demoUsers().find((u) => u.role === 'agent');

before(async () => {
  assert.ok(agent, 'examples/demo has an agent login');
  server = await startServer();
  browser = await launchBrowser();
  page = await browser.newPage();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

test('the page loads without script errors and asks for a login', async () => {
  await page.goto(server.url);
  await page.waitForSelector('#login-username');
  assert.equal(await page.getAttribute('html', 'lang'), 'de');
  assert.match(await page.textContent('h1'), /Anmelden/);
});

test('a wrong password is refused with a message', async () => {
  await page.fill('#login-username', agent.username);
  await page.fill('#login-password', 'definitely-wrong');
  await page.click('.login-form button[type=submit]');
  await page.waitForSelector('.login-message .flash-error');
  assert.match(await page.textContent('.login-message'), /falsch/);
});

test('an agent signs in and sees the interaction list with rows', async () => {
  await login(page, server.url, agent);
  await page.waitForFunction(() => location.hash.startsWith('#/interactions'));
  assert.equal(await waitForList(page), 'ready');
  const rows = await tableRows(page);
  assert.ok(rows.length > 0, 'the demo has interactions');
  const topbar = await page.textContent('.topbar');
  assert.ok(topbar.includes(agent.display_name), 'user name in the top bar');
  assert.match(topbar, /Agent/);
  assert.match(topbar, /Abmelden/);
});

test('filtering by channel and text shows only matching rows and survives a reload', async () => {
  await page.selectOption('select[name=channel]', 'chat');
  await waitForListQuery(page, { channel: 'chat' });
  const chats = await tableRows(page);
  assert.ok(chats.length > 0, 'the demo has chat interactions');
  for (const row of chats) assert.ok(row.cells[1].startsWith('Chat'), `row ${row.href} is a chat`);

  // A word from the subject of the first chat (the subject is the last column).
  const subject = chats[0].cells.at(-1);
  const word = subject.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 4).sort((a, b) => b.length - a.length)[0];
  assert.ok(word, `a search word in "${subject}"`);
  await page.fill('input[name=q]', word);
  await page.press('input[name=q]', 'Enter');
  await waitForListQuery(page, { channel: 'chat', q: word });
  assert.match(await page.evaluate(() => location.hash), new RegExp(`q=${encodeURIComponent(word)}`));
  const filtered = await tableRows(page);
  assert.ok(filtered.length >= 1, 'the row the word came from is still listed');
  assert.ok(filtered.some((r) => r.cells.at(-1) === subject));
  for (const row of filtered) assert.ok(row.cells[1].startsWith('Chat'));

  // The rows are exactly what the API returns for the same filter.
  const fromApi = await apiGet(page, `/interactions?channel=chat&q=${encodeURIComponent(word)}&limit=50`);
  assert.equal(fromApi.status, 200);
  assert.deepEqual(
    filtered.map((r) => r.href).sort(),
    fromApi.body.items.map((i) => `#/interactions/${i.id}`).sort(),
  );

  // The filtered view is a link: reloading keeps filters and rows.
  await page.reload();
  await waitForListQuery(page, { channel: 'chat', q: word });
  assert.equal(await page.inputValue('select[name=channel]'), 'chat');
  assert.equal(await page.inputValue('input[name=q]'), word);
  assert.deepEqual((await tableRows(page)).map((r) => r.href), filtered.map((r) => r.href));

  await page.click('.filters .btn-link');
  await waitForListQuery(page, { channel: '', q: '' });
});

test('an interaction opens as a readable protocol', async () => {
  // Pick an interaction with a rich timeline: the one with the most events among the first rows.
  const list = await apiGet(page, '/interactions?channel=voice&limit=20');
  assert.equal(list.status, 200);
  let best = null;
  for (const ix of list.body.items) {
    const tl = await apiGet(page, `/interactions/${ix.id}/timeline`);
    if (!best || tl.body.items.length > best.events.length) best = { ix, events: tl.body.items };
  }
  assert.ok(best && best.events.length > 0, 'a voice interaction with a timeline');

  await page.goto(`${server.url}#/interactions/${best.ix.id}`);
  await page.waitForSelector('.timeline .tl-item');
  const heading = await page.textContent('h1');
  assert.match(heading, new RegExp(`Interaktion #${best.ix.id}`));
  const factsText = await page.textContent('.facts');
  if (best.ix.contact_name) assert.ok(factsText.includes(best.ix.contact_name), 'contact in the header');
  if (best.ix.queue_name) assert.ok(factsText.includes(best.ix.queue_name), 'queue in the header');

  const items = await page.$$eval('.timeline .tl-item', (lis) => lis.map((li) => ({
    type: li.dataset.type,
    time: li.querySelector('.tl-time').textContent,
    actor: li.querySelector('.tl-actor').textContent,
    text: li.querySelector('.tl-text').textContent,
  })));
  assert.equal(items.length, best.events.length, 'every event is shown');
  const known = new Set(['call.started', 'call.answered', 'call.ended', 'prompt.played', 'dtmf.received',
    'menu.selected', 'say', 'input', 'note', 'disposition.set', 'contact.identified', 'order.created',
    'ticket.created', 'transfer', 'queue.entered', 'agent.connected', 'recording.started',
    'recording.stopped', 'chat.message', 'survey.answer', 'kb.article.shown']);
  for (const [i, ev] of best.events.entries()) {
    const item = items[i];
    assert.equal(item.type, ev.type);
    assert.match(item.time, /^\d{2}:\d{2}:\d{2}$/, 'time as hh:mm:ss');
    if (known.has(ev.type)) assert.ok(!item.text.includes(ev.type), `"${ev.type}" is a sentence, not a type name: ${item.text}`);
    if (ev.type === 'say' && ev.payload.text) {
      assert.ok(item.text.includes(ev.payload.text), 'what the virtual agent said is quoted');
      assert.match(item.text, /^„/);
    }
    if (ev.type === 'dtmf.received') assert.match(item.text, /drückte/);
    if (ev.type === 'call.ended') assert.match(item.text, /beendet/);
    if (ev.type === 'transfer') assert.match(item.text, /Weitergeleitet an/);
  }
  assert.ok(items.some((i) => /beendet|begonnen|Anruf|Chat/.test(i.text)), 'call sentences');
  assert.ok(await page.$('#note-text'), 'agents can add a note');
  assert.ok(await page.$('#disposition-select'), 'agents can set the disposition');

  await page.screenshot({ path: '/tmp/callwerk-interaction-detail.png', fullPage: true });
});

test('switching to English changes the texts and persists after a reload', async () => {
  const navBefore = await page.textContent('.sidenav');
  assert.match(navBefore, /Interaktionen/);
  await page.click('.topbar button[data-lang=en]');
  await page.waitForFunction(() => document.querySelector('.sidenav').textContent.includes('Interactions'));
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.match(await page.textContent('.topbar'), /Sign out/);
  await page.waitForSelector('.timeline .tl-item');
  assert.match(await page.textContent('h1'), /^Interaction #/);
  assert.match(await page.textContent('.timeline'), /Call|Chat|“/);

  await page.reload();
  await page.waitForSelector('.timeline .tl-item');
  assert.match(await page.textContent('.sidenav'), /Contacts/);
  assert.match(await page.textContent('.protocol-host'), /Protocol/);
  assert.equal(await page.evaluate(() => localStorage.getItem('callwerk.lang')), 'en');

  await page.goto(`${server.url}#/interactions`);
  await waitForList(page);
  assert.match(await page.textContent('.data-table thead'), /Channel/);
  await page.screenshot({ path: '/tmp/callwerk-interaction-list-en.png' });

  await page.click('.topbar button[data-lang=de]');
  await page.waitForFunction(() => document.querySelector('.sidenav').textContent.includes('Interaktionen'));
  await waitForList(page);
  await page.screenshot({ path: '/tmp/callwerk-interaction-list.png' });
});

// Names come joined from the API (contact_name, owner_name, order_number): no request per row.
function watchRequests(p, pattern) {
  const seen = [];
  const onRequest = (req) => {
    const url = new URL(req.url());
    if (pattern.test(url.pathname)) seen.push(url.pathname);
  };
  p.on('request', onRequest);
  return { seen, stop: () => p.off('request', onRequest) };
}

test('orders and tickets show their contact, owner and order by name', async () => {
  const orders = (await apiGet(page, '/orders?limit=50')).body.items;
  const order = orders.find((o) => o.contact_id && o.contact_name);
  assert.ok(order, 'the demo has orders with contacts');
  let lookups = watchRequests(page, /^\/api\/v1\/(contacts\/\d+|users)$/);
  await page.goto(`${server.url}#/orders?q=${encodeURIComponent(order.order_number)}`);
  assert.equal(await waitForListQuery(page, { q: order.order_number }), 'ready');
  const orderRow = (await tableRows(page)).find((r) => r.cells[0] === order.order_number);
  assert.ok(orderRow, `order ${order.order_number} is listed`);
  assert.ok(orderRow.cells.includes(order.contact_name), `row names ${order.contact_name}: ${orderRow.cells}`);
  await page.goto(`${server.url}#/orders/${order.id}`);
  await page.waitForSelector(`.facts a[href="#/contacts/${order.contact_id}"]`);
  assert.equal((await page.textContent(`.facts a[href="#/contacts/${order.contact_id}"]`)).trim(), order.contact_name);
  lookups.stop();
  assert.deepEqual(lookups.seen, [], 'no look-ups of contacts or users');

  const tickets = (await apiGet(page, '/tickets?limit=500')).body.items;
  const ticket = tickets.find((x) => x.order_id && x.owner_id && x.contact_id) || tickets.find((x) => x.owner_id);
  assert.ok(ticket, 'the demo has tickets with owners');
  lookups = watchRequests(page, /^\/api\/v1\/(contacts\/\d+|orders\/\d+|users)$/);
  await page.goto(`${server.url}#/tickets?q=${encodeURIComponent(ticket.ticket_number)}`);
  assert.equal(await waitForListQuery(page, { q: ticket.ticket_number }), 'ready');
  const ticketRow = (await tableRows(page)).find((r) => r.cells[0] === ticket.ticket_number);
  assert.ok(ticketRow, `ticket ${ticket.ticket_number} is listed`);
  assert.ok(ticketRow.cells.includes(ticket.owner_name), `row names ${ticket.owner_name}: ${ticketRow.cells}`);
  await page.goto(`${server.url}#/tickets/${ticket.id}`);
  await page.waitForSelector('.facts');
  const facts = await page.textContent('.facts');
  assert.ok(facts.includes(ticket.owner_name), 'owner by name');
  if (ticket.contact_name) assert.ok(facts.includes(ticket.contact_name), 'contact by name');
  if (ticket.order_id) {
    assert.equal((await page.textContent(`.facts a[href="#/orders/${ticket.order_id}"]`)).trim(), ticket.order_number);
  }
  lookups.stop();
  assert.deepEqual(lookups.seen, [], 'no look-ups of contacts, orders or users');
});

test('searching contacts finds umlauts typed in the other case', async () => {
  const contacts = (await apiGet(page, '/contacts?limit=500')).body.items;
  const umlaut = contacts.find((c) => /[ÄÖÜäöü]/.test(c.last_name || ''));
  assert.ok(umlaut, 'the demo has a contact with an umlaut in the last name');
  const q = umlaut.last_name.toUpperCase();
  assert.notEqual(q, umlaut.last_name);
  await page.goto(`${server.url}#/contacts?q=${encodeURIComponent(q)}`);
  assert.equal(await waitForListQuery(page, { q }), 'ready');
  const rows = await tableRows(page);
  assert.ok(rows.some((r) => r.cells.some((c) => c.includes(umlaut.last_name))), `${q} finds ${umlaut.last_name}`);
});

test('signing out ends the session', async () => {
  await logout(page);
  const me = await apiGet(page, '/auth/me');
  assert.equal(me.status, 401);
  await page.goto(`${server.url}#/contacts`);
  await page.waitForSelector('#login-username');
  assert.deepEqual(browser.problems, [], 'no script errors or CSP violations');
});
