// The flow editor's "try it" chat: unsaved changes are named as not tested, the change saved as
// a draft runs in the test chat (its first prompt, a button answered by keyboard, a restart),
// and the test stores no chat interaction.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, demoUsers } from './lib/server.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { login, apiGet } from './lib/ui.mjs';

let server;
let browser;
let page;
const admin = demoUsers().find((u) => u.role === 'admin' && u.tenant === 'stadtwerke-musterstadt');
const GREETING = 'Herzlich willkommen bei den Stadtwerken Musterstadt.';
const DRAFT_GREETING = 'Entwurf im Test: willkommen.';

before(async () => {
  assert.ok(admin, 'the Stadtwerke demo has an admin');
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
    return p && p.dataset.state === 'ready' && p.dataset.version === String(v);
  }, version);
}

async function chatCount() {
  const r = await apiGet(page, '/interactions?channel=chat&limit=1');
  assert.equal(r.status, 200);
  return r.body.total;
}

test('a draft runs in the test chat and nothing is stored', async () => {
  const live = (await apiGet(page, '/flows?name=hotline&published=true&limit=500')).body.items
    .sort((a, b) => b.version - a.version)[0];
  assert.ok(live.source.includes(GREETING), 'the demo hotline greets as expected');
  await page.goto(`${server.url}#/flows/${live.id}`);
  await waitForFlowPage(live.version);
  assert.equal(await page.getAttribute('.flow-try', 'data-state'), 'idle');
  assert.equal(await page.textContent('.flow-try [data-action=try-start]'), 'Test starten');

  // Unsaved text is not what the test runs: the section says so.
  assert.equal(await page.isVisible('.flow-try-dirty'), false);
  await page.$eval('#flow-source', (ta, [from, to]) => {
    ta.value = ta.value.replace(from, to);
    ta.dispatchEvent(new Event('input', { bubbles: true }));
  }, [GREETING, DRAFT_GREETING]);
  assert.equal(await page.isVisible('.flow-try-dirty'), true);
  assert.match(await page.textContent('.flow-try-dirty'), /gespeicherten Version/);

  await page.click('[data-action=save-draft]');
  await waitForFlowPage(live.version + 1);
  const chatsBefore = await chatCount();

  // Start by keyboard: the first prompt of the draft, then its menu as buttons.
  await page.focus('.flow-try [data-action=try-start]');
  await page.keyboard.press('Enter');
  await page.waitForSelector(`.flow-try-bot:has-text("${DRAFT_GREETING}")`);
  await page.waitForSelector('.flow-try[data-state=asking] .flow-try-choice');
  const labels = await page.$$eval('.flow-try-choice', (bs) => bs.map((b) => b.textContent));
  assert.ok(labels.includes('Zählerstand melden'), `menu buttons: ${labels}`);
  // The focus moved to the first answer; Enter presses it.
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains('flow-try-choice')), true);
  const botsBefore = await page.$$eval('.flow-try-bot', (items) => items.length);
  await page.keyboard.press('Enter');
  await page.waitForSelector(`.flow-try-visitor:has-text("${labels[0]}")`);
  await page.waitForFunction((n) => document.querySelectorAll('.flow-try-bot').length > n, botsBefore);
  assert.equal(await page.isVisible('.flow-try-input'), true);

  // "Neu starten" begins again from the greeting.
  assert.equal(await page.textContent('.flow-try [data-action=try-start]'), 'Neu starten');
  await page.click('.flow-try [data-action=try-start]');
  await page.waitForSelector('.flow-try[data-state=asking] .flow-try-choice');
  assert.equal(await page.$$eval('.flow-try-visitor', (items) => items.length), 0);
  assert.equal(await page.$$eval(`.flow-try-bot:has-text("${DRAFT_GREETING}")`, (items) => items.length), 1);

  // The published hotline is untouched and the test chats left no interaction.
  const still = (await apiGet(page, `/flows/${live.id}`)).body;
  assert.equal(still.published, true);
  assert.equal(await chatCount(), chatsBefore);
});
