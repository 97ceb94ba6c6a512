// The public web chat in the browser: order wine from the Weinversand hotline flow, then ask for
// a person and see the waiting state; the protocol (timeline) holds every step and the order
// is stored linked to the chat.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, demoUsers } from './lib/server.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { login, apiGet } from './lib/ui.mjs';

const TENANT = 'weinversand-rheingau';
let server;
let browser;
let chatPage;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  chatPage = await browser.newPage();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

// Waits until the page asks (input enabled, `buttons` present) and returns the button labels.
async function waitForQuestion(page) {
  await page.waitForFunction(() => document.body.dataset.state === 'asking');
  return page.$$eval('.chat-choice', (els) => els.map((e) => e.textContent));
}

async function botTexts(page) {
  return page.$$eval('.chat-bot p', (els) => els.map((e) => e.textContent));
}

async function clickChoice(page, label) {
  const labels = await waitForQuestion(page);
  const index = labels.findIndex((l) => (label instanceof RegExp ? label.test(l) : l === label));
  assert.ok(index >= 0, `a button ${label} among ${JSON.stringify(labels)}`);
  await page.locator('.chat-choice').nth(index).click();
  return labels[index];
}

async function type(page, text) {
  await waitForQuestion(page);
  await page.fill('#chat-input', text);
  await page.press('#chat-input', 'Enter'); // the keyboard sends
}

test('order wine in the chat, then escalate: waiting state, order and full protocol stored', async () => {
  const page = chatPage;
  await page.goto(`${server.url}chat/${TENANT}`);
  await page.waitForFunction(() => document.querySelector('.chat-bot'));
  assert.match((await botTexts(page))[0], /Weinversand Rheingau/);
  assert.equal(await page.textContent('#chat-title'), (await page.textContent('#chat-title')).trim());

  await clickChoice(page, 'Wein bestellen');
  await clickChoice(page, 'Ja'); // of age
  await clickChoice(page, 'Weißwein');
  const product = await clickChoice(page, /Riesling/);
  await type(page, '2');
  // Keyboard only from here: the street, then the postcode with the town.
  await type(page, 'Rheinweg 5');
  await type(page, '65343 Eltville');
  await waitForQuestion(page);
  const readBack = (await botTexts(page)).at(-1);
  assert.match(readBack, /Rheinweg 5/);
  await clickChoice(page, 'Ja');
  await page.waitForFunction(() => [...document.querySelectorAll('.chat-bot p')].some((p) => /\bB-\d{4}-\d+/.test(p.textContent)));
  const orderNumber = /\b(B-\d{4}-\d+)/.exec((await botTexts(page)).join('\n'))[1];

  await clickChoice(page, 'Mit einem Menschen sprechen');
  await page.waitForSelector('#chat-waiting:not([hidden])');
  assert.match(await page.textContent('#chat-waiting'), /Sie werden mit einer Mitarbeiterin oder einem Mitarbeiter verbunden/);
  assert.equal(await page.getAttribute('body', 'data-state'), 'waiting');
  // While waiting the visitor can still write; it is kept for the agent.
  await page.fill('#chat-input', 'Bitte rufen Sie mich nicht an, nur Chat.');
  await page.press('#chat-input', 'Enter');
  await page.screenshot({ path: '/tmp/callwerk-chat-waiting.png', fullPage: true });

  // The protocol, as the tenant's admin sees it.
  const adminPage = await browser.newPage();
  const admin = demoUsers().find((u) => u.tenant === TENANT && u.role === 'admin');
  assert.ok(admin, 'the demo has a Weinversand admin');
  await login(adminPage, server.url, admin);
  let chat;
  let timeline;
  for (let i = 0; i < 50; i++) {
    const list = await apiGet(adminPage, '/interactions?channel=chat&limit=5');
    assert.equal(list.status, 200);
    chat = list.body.items[0];
    if (chat) {
      timeline = (await apiGet(adminPage, `/interactions/${chat.id}/timeline`)).body;
      const items = Array.isArray(timeline) ? timeline : timeline.items;
      if (items.some((e) => e.type === 'chat.message' && e.payload.waiting)) {
        timeline = items;
        break;
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.ok(chat, 'the chat is an interaction');
  assert.equal(chat.channel, 'chat');
  assert.equal(chat.direction, 'inbound');
  assert.ok(chat.started_at);
  assert.ok(Array.isArray(timeline), 'the timeline was read');
  const types = timeline.map((e) => e.type);
  for (const kind of ['chat.started', 'flow.start', 'flow.prompt', 'flow.input', 'chat.message', 'flow.order', 'flow.transfer', 'transfer.queue']) {
    assert.ok(types.includes(kind), `the protocol has ${kind}: ${types.join(', ')}`);
  }
  const visitor = timeline.filter((e) => e.type === 'chat.message').map((e) => e.payload.text);
  for (const said of ['Wein bestellen', 'Weißwein', product, '2', 'Rheinweg 5', '65343 Eltville', 'Mit einem Menschen sprechen']) {
    assert.ok(visitor.includes(said), `the visitor's "${said}" is in the protocol`);
  }
  const prompts = timeline.filter((e) => e.type === 'flow.prompt').map((e) => e.payload.text).join('\n');
  assert.match(prompts, /Herzlich willkommen/);
  assert.match(prompts, new RegExp(orderNumber));
  const handover = timeline.find((e) => e.type === 'transfer.queue');
  assert.equal(handover.payload.queue, 'Bestellannahme');
  assert.ok(handover.payload.queue_id, 'the queue exists in the store');
  const afterWaiting = timeline.find((e) => e.type === 'chat.message' && e.payload.waiting);
  assert.equal(afterWaiting.payload.text, 'Bitte rufen Sie mich nicht an, nur Chat.');

  const orders = await apiGet(adminPage, `/orders?interaction_id=${chat.id}`);
  assert.equal(orders.status, 200);
  assert.equal(orders.body.items.length, 1, 'one order linked to the chat');
  const order = orders.body.items[0];
  assert.equal(order.order_number, orderNumber);
  assert.equal(order.delivery_street, 'Rheinweg 5');
  assert.equal(order.delivery_postcode, '65343');
  const interaction = (await apiGet(adminPage, `/interactions/${chat.id}`)).body;
  assert.equal(interaction.queue_id, handover.payload.queue_id);
  await adminPage.close();
});

test('the chat page can be embedded and an unknown tenant has no chat', async () => {
  const response = await fetch(`${server.url}chat/${TENANT}`);
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('x-frame-options'), null);
  assert.match(response.headers.get('content-security-policy'), /frame-ancestors \*/);
  const app = await fetch(server.url);
  assert.equal(app.headers.get('x-frame-options'), 'DENY', 'the rest of the UI is not framable');

  const page = await browser.newPage();
  await page.goto(`${server.url}chat/gibt-es-nicht`);
  await page.waitForFunction(() => document.body.dataset.state === 'ended');
  assert.match(await page.textContent('#chat-status'), /gibt es nicht/);
  await page.close();
});
