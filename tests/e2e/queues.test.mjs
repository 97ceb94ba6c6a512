// Queue settings and the staffing calculator against `callwerk demo`: the admin lets
// Kundenservice overflow into Störungsannahme and require a second skill (saved, seen by the
// API), gets the server's refusal of an overflow without a target queue at that field, and
// computes staffing for given figures (the page shows what the API computes, and more calls
// need more agents). The team lead may edit too (roles.cpp: queues 'w'); the client's viewer
// sees the same form read-only; agents have no queue page in the navigation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, demoUsers } from './lib/server.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { login, logout, apiGet } from './lib/ui.mjs';

const user = (name) => demoUsers().find((u) => u.username === name);

let server;
let browser;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

async function openQueue(page, name) {
  await page.click('.sidenav a[data-nav=queues]');
  await page.waitForSelector('.results[data-state=ready]');
  await page.click(`.results a.row-main-link:text-is("${name}")`);
  await page.waitForSelector('.queue-form');
}

test('the admin edits a queue, sees a refusal at its field and computes staffing', { timeout: 120000 }, async () => {
  const page = await browser.newPage();
  await login(page, server.url, user('sw.admin'));
  await openQueue(page, 'Kundenservice');
  assert.equal(await page.textContent('h1'), 'Kundenservice');
  const id = /#\/queues\/(\d+)/.exec(page.url())[1];

  // The overflow rules on offer include the mailbox.
  assert.equal((await page.textContent('#queue-overflow_action option[value=voicemail]')).trim(), 'Mailbox (Sprachnachricht)');
  // Overflow into another queue, with the keyboard: choose, then Enter in a text field saves.
  await page.selectOption('#queue-overflow_action', 'queue');
  await page.selectOption('#queue-overflow_queue', 'Störungsannahme');
  // The required skills: Abrechnung from the import, plus Störung from level 2.
  assert.equal(await page.locator('.queue-skill').count(), 1);
  assert.equal(await page.locator('.queue-skill select option:checked').textContent(), 'Abrechnung');
  await page.click('.queue-skill-add');
  await page.selectOption('.queue-skill:nth-child(2) select', { label: 'Störung' });
  await page.fill('.queue-skill:nth-child(2) input', '2');
  await page.fill('#queue-max_wait_seconds', '240');
  await page.focus('#queue-max_wait_seconds');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.queue-form .flash-ok');
  assert.match(await page.textContent('.queue-form .form-message'), /gespeichert/);
  const saved = await apiGet(page, `/queues/${id}`);
  assert.equal(saved.status, 200);
  assert.equal(saved.body.overflow_action, 'queue');
  assert.equal(saved.body.overflow_queue, 'Störungsannahme');
  assert.equal(saved.body.max_wait_seconds, 240);
  const skills = (await apiGet(page, '/skills?limit=500')).body.items;
  const skillName = (id) => skills.find((k) => Number(k.id) === Number(id))?.name;
  assert.deepEqual(saved.body.skills.map((k) => [skillName(k.skill_id), k.min_level]).sort(),
    [['Abrechnung', 1], ['Störung', 2]]);

  // Overflow into a queue without naming one: the server refuses and says so at that field.
  await page.selectOption('#queue-overflow_queue', '');
  await page.click('.queue-save');
  await page.waitForFunction(() => document.querySelector('#queue-overflow_queue-error')?.textContent.trim());
  assert.match(await page.textContent('#queue-overflow_queue-error'), /required when overflow_action is 'queue'/);
  assert.equal(await page.getAttribute('#queue-overflow_queue', 'aria-invalid'), 'true');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'queue-overflow_queue');
  const unchanged = await apiGet(page, `/queues/${id}`);
  assert.equal(unchanged.body.overflow_queue, 'Störungsannahme');

  // A ring time the ACD cannot work with: refused at its field.
  await page.selectOption('#queue-overflow_queue', 'Störungsannahme');
  await page.fill('#queue-ring_timeout_seconds', '2');
  await page.click('.queue-save');
  await page.waitForFunction(() => document.querySelector('#queue-ring_timeout_seconds-error')?.textContent.trim());
  assert.match(await page.textContent('#queue-ring_timeout_seconds-error'), /between 5 and 300/);
  assert.equal((await apiGet(page, `/queues/${id}`)).body.ring_timeout_seconds, 20);
  await page.fill('#queue-ring_timeout_seconds', '15');
  await page.click('.queue-save');
  await page.waitForFunction(() => document.querySelector('#queue-ring_timeout_seconds-error')?.textContent.trim() === '');
  await page.waitForSelector('.queue-form .flash-ok');
  assert.equal((await apiGet(page, `/queues/${id}`)).body.ring_timeout_seconds, 15);

  // The longest voice message only means something when the queue overflows to voicemail.
  assert.equal(await page.isDisabled('#queue-voicemail_max_seconds'), true);
  assert.equal(await page.inputValue('#queue-voicemail_max_seconds'), '120');
  await page.selectOption('#queue-overflow_action', 'voicemail');
  assert.equal(await page.isDisabled('#queue-voicemail_max_seconds'), false);
  await page.fill('#queue-voicemail_max_seconds', '3');
  await page.click('.queue-save');
  await page.waitForFunction(() => document.querySelector('#queue-voicemail_max_seconds-error')?.textContent.trim());
  assert.match(await page.textContent('#queue-voicemail_max_seconds-error'), /between 5 and 600/);
  await page.fill('#queue-voicemail_max_seconds', '45');
  await page.click('.queue-save');
  await page.waitForFunction(() => document.querySelector('#queue-voicemail_max_seconds-error')?.textContent.trim() === '');
  await page.waitForSelector('.queue-form .flash-ok');
  const mailbox = (await apiGet(page, `/queues/${id}`)).body;
  assert.deepEqual([mailbox.overflow_action, mailbox.voicemail_max_seconds], ['voicemail', 45]);

  // Without a name: refused at that field too, and nothing of the form is stored.
  await page.selectOption('#queue-overflow_action', 'none');
  await page.fill('#queue-name', '');
  await page.click('.queue-save');
  await page.waitForFunction(() => document.querySelector('#queue-name-error')?.textContent.trim());
  assert.match(await page.textContent('#queue-name-error'), /name is required/);
  assert.equal(await page.textContent('#queue-overflow_queue-error'), '');
  assert.equal((await apiGet(page, `/queues/${id}`)).body.name, 'Kundenservice');

  // Staffing for given figures: 120 calls an hour of 180 s, 80 % in 20 s.
  await page.waitForSelector('.staff-result:not([data-state=loading])');
  await page.fill('#staff-calls_per_hour', '120');
  await page.fill('#staff-aht_seconds', '180');
  await page.fill('#staff-service_level', '80');
  await page.fill('#staff-threshold_seconds', '20');
  await page.fill('#staff-patience_seconds', '');
  await page.click('.staff-compute');
  await page.waitForSelector('.staff-result[data-state=ready]');
  const expected = await apiGet(page, `/queues/${id}/staffing?calls_per_hour=120&aht_seconds=180&service_level=0.8&threshold_seconds=20`);
  assert.equal(expected.status, 200, JSON.stringify(expected.body));
  const agents = Number(await page.textContent('.staff-erlang-c .staff-agents'));
  assert.equal(agents, expected.body.staffing.erlang_c.agents);
  assert.ok(agents > 6, `6 erlangs need more than 6 agents, got ${agents}`);

  await page.fill('#staff-calls_per_hour', '240');
  await page.focus('#staff-calls_per_hour');
  await page.keyboard.press('Enter');
  await page.waitForFunction((before) => Number(document.querySelector('.staff-erlang-c .staff-agents')?.textContent) > before, agents);

  // A target outside 0–100 % is refused at its field; a threshold the server refuses too.
  await page.fill('#staff-service_level', '150');
  await page.click('.staff-compute');
  await page.waitForFunction(() => document.querySelector('#staff-service_level-error')?.textContent.trim());
  assert.match(await page.textContent('#staff-service_level-error'), /unter 100/);
  await page.fill('#staff-service_level', '80');
  await page.fill('#staff-threshold_seconds', '5000');
  await page.click('.staff-compute');
  await page.waitForFunction(() => document.querySelector('#staff-threshold_seconds-error')?.textContent.trim());
  assert.equal(await page.textContent('#staff-service_level-error'), '');
  assert.equal(await page.getAttribute('#staff-threshold_seconds', 'aria-invalid'), 'true');
  await logout(page);
  await page.close();
});

test('the team lead edits, the client viewer sees queue settings read-only, agents have no queue page', { timeout: 60000 }, async () => {
  const page = await browser.newPage();
  await login(page, server.url, user('sw.teamleitung'));
  await openQueue(page, 'Störungsannahme');
  assert.equal(await page.isDisabled('#queue-name'), false);
  assert.equal(await page.locator('.queue-save').count(), 1);
  await page.waitForSelector('.staff-result:not([data-state=loading])');
  await logout(page);

  await login(page, server.url, user('sw.auftraggeber'));
  await openQueue(page, 'Störungsannahme');
  assert.equal(await page.isDisabled('#queue-name'), true);
  assert.equal(await page.locator('.queue-save').count(), 0);
  await logout(page);

  await login(page, server.url, user('sw.agent'));
  assert.equal(await page.locator('.sidenav a[data-nav=queues]').count(), 0);
  await page.close();
});
