// The agent desktop against a real server and real SIP peers: sw.agent opens the desk and sees
// that the phone is not registered; a SIPp phone registers as sw.agent and the desk says so
// live; the agent logs in with the keyboard; a SIPp caller (a known customer) asks the flow
// hotline for a person and is put through: the screen pop shows the number, the customer and
// the virtual agent's hand-over summary; after the caller hangs up the wrap-up form appears,
// the agent picks a disposition, writes a note and saves: the interaction holds both (read
// through the API) and the agent is ready again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, demoUsers } from './lib/server.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { login, logout, apiGet } from './lib/ui.mjs';
import { runSipp, registerAgentPhone, describe as sippResult } from '../sip/lib/sipp.mjs';

const hotlineFlow = '+49567801101';
// Ayşe Nguyen (customer 101797) calls from her landline: the call is matched to her contact.
const caller = '+495678022550';
const agent = demoUsers().find((u) => u.username === 'sw.agent');

let server;
let browser;

before(async () => {
  assert.ok(agent, 'examples/demo has the login sw.agent');
  server = await startServer();
  assert.ok(server.sipPort, `the demo prints its SIP port:\n${server.output()}`);
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

function registerPhone(port, expires) {
  return registerAgentPhone(server, port, expires);
}

async function deskState(page) {
  return page.getAttribute('.desk-state-badge .agent-state', 'data-state');
}

test('the desk: registration, log-in, screen pop, wrap-up with disposition and note, ready again', { timeout: 120000 }, async () => {
  const page = await browser.newPage();
  await login(page, server.url, agent);
  await page.goto(`${server.url}#/desk`);
  await page.waitForSelector('.live-indicator.on');
  await page.waitForSelector('.desk-state-badge .agent-state');
  assert.equal(await deskState(page), 'offline');
  assert.match(await page.textContent('.desk-state-badge'), /Abgemeldet/);
  // No phone yet: a warning in words, and logging in is still offered.
  const warning = page.locator('.desk-phone [data-registered=false]');
  await warning.waitFor();
  assert.match(await warning.textContent(), /nicht registriert/);
  assert.match(await page.textContent('.desk-queues'), /Kundenservice/);
  assert.match(await page.textContent('.desk-help'), /Alt\+B/);
  assert.equal(await page.isEnabled('button[data-action=log-in]'), true);
  assert.equal(await page.isEnabled('button[data-action=ready]'), false);

  const phone = runSipp(server, 'agent_answers.xml', { service: 'sw.agent', args: ['-rtp_echo'] });
  try {
    const reg = await registerPhone(phone.port, 120);
    assert.equal(reg.code, 0, sippResult(reg));
    // The desk learns of the registration from the live event, without a reload.
    await page.waitForSelector('.desk-phone [data-registered=true]', { timeout: 10000 });
    assert.match(await page.textContent('.desk-phone'), /Nebenstelle 201/);

    // Log in with the documented shortcut.
    await page.keyboard.press('Alt+KeyA');
    await page.waitForSelector('.desk-state-badge .agent-state[data-state=available]');
    assert.match(await page.textContent('.desk-state-badge'), /Bereit/);
    assert.match(await page.textContent('.desk-clock'), /seit 0:0\d/);
    assert.equal((await apiGet(page, '/desk/me')).body.state, 'available');

    const call = runSipp(server, 'queue_caller.xml', { service: hotlineFlow, args: ['-key', 'caller', caller] });
    // The screen pop: number, recognised customer, the virtual agent's summary.
    // (Before it the agent's last call from the demo data is shown as such.)
    const pop = page.locator('.screen-pop:not(.screen-pop-past)');
    await pop.locator('.pop-caller').waitFor({ timeout: 20000 });
    assert.equal((await pop.locator('.pop-caller').textContent()).trim(), caller);
    const interactionId = Number(await pop.getAttribute('data-interaction-id'));
    assert.ok(interactionId > 0);
    await page.waitForFunction(() => /Nguyen/.test(document.querySelector('.screen-pop .pop-contact')?.textContent || ''));
    assert.equal(await pop.locator('a.pop-contact').getAttribute('href'), '#/contacts/' + (await apiGet(page, `/interactions/${interactionId}`)).body.contact_id);
    await pop.locator('.pop-summary').waitFor();
    const timeline = (await apiGet(page, `/interactions/${interactionId}/timeline`)).body.items;
    const transfer = timeline.find((e) => e.type === 'flow.transfer');
    assert.ok(transfer && transfer.payload.summary, JSON.stringify(timeline.map((e) => e.type)));
    assert.equal((await pop.locator('.pop-summary').textContent()).trim(), transfer.payload.summary);
    assert.match(transfer.payload.summary, new RegExp(`Anrufer \\${caller}`));
    // Her earlier calls are listed.
    await page.waitForSelector('.screen-pop .pop-history-list li');
    await page.waitForSelector('.desk-state-badge .agent-state[data-state=on-call]', { timeout: 15000 });
    assert.match(await page.textContent('.desk-state-badge'), /Im Gespräch/);
    assert.match(await page.textContent('.quick-context'), /Nguyen/);
    // The call controls: a target (free colleagues, the other queues) for Weiterleiten and
    // Rückfrage, reached with the keyboard.
    const controls = page.locator('.desk-call-controls');
    await controls.locator('select[data-field=transfer-target] optgroup[label=Warteschlangen] option', { hasText: 'Tarife & Verträge' })
      .waitFor({ state: 'attached' });
    assert.equal((await controls.locator('button[data-action=consult]').textContent()).trim(), 'Rückfrage');
    assert.equal((await controls.locator('button[data-action=hangup]').textContent()).trim(), 'Auflegen');
    assert.equal(await controls.locator('button[data-action=hangup]').isVisible(), true);
    await controls.locator('select[data-field=transfer-target]').focus();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.action), 'transfer');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.dataset.action), 'consult');

    // The caller hangs up: wrap-up with the queue's dispositions and a countdown.
    const called = await call;
    assert.equal(called.code, 0, `caller: ${sippResult(called)}`);
    const answered = await phone;
    assert.equal(answered.code, 0, `agent: ${sippResult(answered)}`);
    const form = page.locator(`.wrap-up[data-interaction-id="${interactionId}"] form`);
    await form.waitFor({ timeout: 10000 });
    assert.equal(await deskState(page), 'wrap-up');
    assert.match(await form.locator('.wrap-countdown').textContent(), /noch \d+ s/);
    const options = await form.locator('select[name=disposition] option').allTextContents();
    assert.ok(options.includes('geklärt') && options.includes('Rückruf vereinbart'), JSON.stringify(options));
    // Saving without a disposition is refused in words.
    await form.locator('button[type=submit]').click();
    await form.locator('.form-message .flash-error').waitFor();
    assert.match(await form.locator('.form-message').textContent(), /Ergebnis wählen/);
    assert.equal(await page.evaluate(() => document.activeElement.name), 'disposition');
    await form.locator('select[name=disposition]').selectOption('geklärt');
    await form.locator('textarea[name=notes]').fill('Abschlag erklärt, Kundin zufrieden.');
    // Save & ready with the keyboard.
    await page.keyboard.press('Alt+KeyS');
    await page.waitForSelector('.desk-state-badge .agent-state[data-state=available]');
    await page.waitForSelector('.wrap-up', { state: 'detached' });
    assert.match(await page.textContent('.desk-state-card .form-message'), /wieder bereit/);

    const ix = (await apiGet(page, `/interactions/${interactionId}`)).body;
    assert.equal(ix.disposition, 'geklärt');
    assert.equal(ix.notes, 'Abschlag erklärt, Kundin zufrieden.');
    const me = (await apiGet(page, '/desk/me')).body;
    assert.equal(me.state, 'available');
    assert.equal(me.calls_handled >= 1, true, JSON.stringify(me));

    // Pause with a reason, then log out, all from the keyboard.
    await page.selectOption('#desk-pause-reason', 'Schulung');
    await page.keyboard.press('Alt+KeyP');
    await page.waitForSelector('.desk-state-badge .agent-state[data-state=paused]');
    assert.match(await page.textContent('.desk-reason'), /Schulung/);
    await page.keyboard.press('Alt+KeyX');
    await page.waitForSelector('.desk-state-badge .agent-state[data-state=offline]');
    assert.equal((await apiGet(page, '/desk/me')).body.state, 'offline');
    await page.screenshot({ path: '/tmp/callwerk-desk.png', fullPage: true });
  } finally {
    phone.kill();
    await registerPhone(phone.port, 0);
  }
  assert.deepEqual(browser.problems, []);
});

test('quick actions: a call back, a ticket and an order from the desk, the call back done in its list; knowledge search', { timeout: 60000 }, async () => {
  // Still signed in as sw.agent; a fresh page shows the agent's last call again.
  const page = await browser.newPage();
  await page.goto(`${server.url}#/desk`);
  await page.waitForSelector('.screen-pop-past .pop-contact');
  await page.waitForFunction(() => /Nguyen/.test(document.querySelector('.quick-context')?.textContent || ''));
  const interactionId = Number(await page.getAttribute('.screen-pop', 'data-interaction-id'));

  await page.click('.quick-callback summary');
  assert.equal(await page.inputValue('#qa-callback-number'), caller);
  await page.selectOption('#qa-callback-queue', { label: 'Kundenservice' });
  await page.fill('#qa-callback-summary', 'Rückfrage zur Jahresabrechnung');
  await page.click('.quick-callback button[type=submit]');
  const created = page.locator('.quick-callback .flash-ok a');
  await created.waitFor();
  const callbackHref = await created.getAttribute('href');
  const callbackId = Number(callbackHref.split('/').pop());
  const stored = (await apiGet(page, `/callbacks/${callbackId}`)).body;
  assert.equal(stored.number_e164, caller);
  assert.equal(stored.status, 'pending');
  assert.equal(stored.interaction_id, interactionId);
  assert.equal(stored.summary, 'Rückfrage zur Jahresabrechnung');
  assert.ok(stored.contact_id > 0);

  await page.click('.quick-ticket summary');
  await page.fill('#qa-ticket-category', 'Abrechnung');
  await page.fill('#qa-ticket-subject', 'Jahresabrechnung prüfen');
  await page.click('.quick-ticket button[type=submit]');
  const ticketLink = page.locator('.quick-ticket .flash-ok a');
  await ticketLink.waitFor();
  const ticket = (await apiGet(page, `/tickets/${(await ticketLink.getAttribute('href')).split('/').pop()}`)).body;
  assert.equal(ticket.interaction_id, interactionId);
  assert.equal(ticket.contact_id, stored.contact_id);

  // An order for the caller: product and quantity chosen with the keyboard.
  await page.click('.quick-order summary');
  await page.waitForFunction(() => document.querySelectorAll('#qa-order-product option').length > 2);
  await page.focus('#qa-order-product');
  await page.keyboard.press('ArrowDown');
  const productId = Number(await page.inputValue('#qa-order-product'));
  assert.ok(productId > 0);
  await page.fill('#qa-order-quantity', '2');
  await page.fill('#qa-order-notes', 'Lieferung an die Rechnungsadresse');
  await page.focus('#qa-order-notes');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  const orderLink = page.locator('.quick-order .flash-ok a');
  await orderLink.waitFor();
  assert.match(await orderLink.textContent(), /^B-\d{4}-\d{6}$/);
  const order = (await apiGet(page, `/orders/${(await orderLink.getAttribute('href')).split('/').pop()}`)).body;
  assert.equal(order.interaction_id, interactionId);
  assert.equal(order.contact_id, stored.contact_id);
  assert.equal(order.lines.length, 1);
  assert.equal(order.lines[0].product_id, productId);
  assert.equal(order.lines[0].quantity, 2);
  assert.equal(order.notes, 'Lieferung an die Rechnungsadresse');

  await page.keyboard.press('Alt+KeyK');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'qa-kb-q');
  await page.keyboard.type('Zählerstand melden');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.kb-hits li a');

  // The call back in its list (filtered to open ones), then done from its detail.
  await page.goto(`${server.url}#/callbacks?status=pending`);
  await page.waitForSelector('.results[data-state=ready]');
  const row = page.locator(`.data-table tr[data-href="#/callbacks/${callbackId}"]`);
  await row.waitFor();
  const text = await row.textContent();
  assert.match(text, /Kundenservice/);
  assert.match(text, /Rückfrage zur Jahresabrechnung/);
  assert.match(text, /offen/);
  await page.waitForFunction((id) => /Nguyen/.test(document.querySelector(`tr[data-href="#/callbacks/${id}"]`)?.textContent || ''), callbackId);
  await row.locator('a.row-main-link').click();
  await page.waitForSelector('.cb-done');
  await page.fill('#cb-notes', 'Zurückgerufen, Abrechnung erklärt.');
  await page.click('.note-form button[type=submit]');
  await page.waitForFunction(() => /Notiz gespeichert/.test(document.querySelector('.form-message')?.textContent || ''));
  await page.click('.cb-done');
  await page.waitForSelector('.cb-reopen');
  const done = (await apiGet(page, `/callbacks/${callbackId}`)).body;
  assert.equal(done.status, 'done');
  assert.equal(done.notes, 'Zurückgerufen, Abrechnung erklärt.');
  assert.deepEqual(browser.problems, []);
});

test('without an extension the desk says so instead of offering controls', async () => {
  const admin = demoUsers().find((u) => u.username === 'sw.admin');
  const page = await browser.newPage();
  await page.goto(server.url);
  await page.waitForSelector('.logout-btn');
  await logout(page);
  await login(page, server.url, admin);
  await page.goto(`${server.url}#/desk`);
  await page.waitForSelector('.desk-no-agent');
  assert.match(await page.textContent('.desk-no-agent'), /keine Nebenstelle/);
  assert.equal(await page.locator('button[data-action]').count(), 0);
});
