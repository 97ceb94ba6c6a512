// A real phone call watched in the web UI: SIPp calls the demo hotline while an agent has the
// interaction list open. The row appears with the live badge, the protocol fills in live
// (prompt, key, menu choice), and after the hang-up the badge gives way to the end reason.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, demoUsers } from './lib/server.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { login, waitForList } from './lib/ui.mjs';
import { runSipp, describe as sippResult } from '../sip/lib/sipp.mjs';

const hotline = '+49567801100';
const caller = '+491000777';
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

// The list row of the call from `caller` (matched by its number cell).
function rowSelector(number) {
  return `xpath=//table[contains(@class,"data-table")]//tr[td[normalize-space()="${number}"]]`;
}

test('a running call is live in the list and in its protocol, and ends there', { timeout: 60000 }, async () => {
  const list = await browser.newPage();
  await list.setViewportSize({ width: 1024, height: 800 });
  await login(list, server.url, agent);
  await list.goto(`${server.url}#/interactions`);
  assert.equal(await waitForList(list), 'ready');
  await list.waitForSelector('.live-indicator.on');

  const call = runSipp(server, 'live_call.xml', { service: hotline, args: ['-key', 'caller', caller] });
  try {
    // The new call joins the first page by itself, first ringing or already live.
    const row = list.locator(rowSelector(caller));
    await row.locator('.badge-live').waitFor({ timeout: 10000 });
    assert.match(await row.textContent(), /läuft/);
    assert.match(await row.getAttribute('class'), /row-live/);
    // At 1024 px the badge is on screen, not clipped by the table's frame.
    const box = await row.locator('.badge-live').boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 1024, JSON.stringify(box));
    await list.screenshot({ path: '/tmp/callwerk-live-call-list.png' });
    assert.equal(await list.isVisible('.live-bar'), false, 'the call is in the list, not offered in the bar');
    const href = await row.getAttribute('data-href');
    const id = Number(href.split('/').pop());
    assert.ok(id > 0, href);

    // The protocol in a second tab, opened with the keyboard from the row's link.
    const detail = await browser.newPage();
    await detail.goto(`${server.url}#/interactions`);
    await waitForList(detail);
    await detail.locator(`${rowSelector(caller)}//a[contains(@class,"row-main-link")]`).focus();
    await detail.keyboard.press('Enter');
    await detail.waitForURL(`**#/interactions/${id}`);
    await detail.waitForSelector('.page-header .badge-live');
    await detail.waitForSelector('.timeline .tl-item[data-type="call.started"]');
    // Appended in place from here on: the same list element must still be there at the end.
    await detail.evaluate(() => { window.__liveTimeline = document.querySelector('.timeline'); });

    const greeting = detail.locator('.tl-item[data-type=say]').first();
    await greeting.waitFor();
    assert.match(await greeting.textContent(), /Ansage: „Herzlich willkommen bei den Stadtwerken Musterstadt/);
    const key = detail.locator('.tl-item[data-type="dtmf.received"]');
    await key.waitFor({ timeout: 15000 });
    assert.match(await key.textContent(), /Anrufer drückte Taste 3 \(RFC 2833\)/);
    const choice = detail.locator('.tl-item[data-type="menu.selected"]');
    await choice.waitFor();
    assert.match(await choice.textContent(), /Menü: Störung melden gewählt \(Taste 3\)/);

    // The caller hangs up: the badges go, the end reason comes, in both tabs without a reload.
    const ended = detail.locator('.tl-item[data-type="call.ended"]');
    await ended.waitFor({ timeout: 20000 });
    assert.match(await ended.textContent(), /Anruf beendet \(Anrufer hat aufgelegt\)/);
    await detail.waitForSelector('.page-header .badge-live', { state: 'detached' });
    await detail.waitForFunction(() => document.querySelector('.facts')?.textContent.includes('Anrufer hat aufgelegt'));
    assert.ok(await detail.evaluate(() => window.__liveTimeline && window.__liveTimeline.isConnected),
      'the protocol was appended to, not drawn again');
    const types = await detail.$$eval('.timeline .tl-item', (lis) => lis.map((li) => li.dataset.type));
    for (const type of ['call.started', 'say', 'dtmf.received', 'menu.selected', 'call.ended']) {
      assert.ok(types.includes(type), `${type} in ${types.join(', ')}`);
    }
    assert.equal(new Set(await detail.$$eval('.timeline .tl-item', (lis) => lis.map((li) => li.dataset.seq))).size,
      types.length, 'no event shown twice');
    const unknown = await detail.$$eval('.timeline .tl-unknown', (lis) => lis.map((li) => li.dataset.type));
    assert.deepEqual(unknown, [], 'every event of the call is a sentence');

    await row.locator('.badge-live, .badge-ringing').waitFor({ state: 'detached', timeout: 10000 });
    const cells = await row.locator('td').allTextContents();
    assert.ok(cells.some((c) => c.trim() === 'Anrufer hat aufgelegt'), cells.join(' | '));
    assert.ok(cells.some((c) => /^\d+:\d{2}$/.test(c.trim())), `a duration: ${cells.join(' | ')}`);
    assert.doesNotMatch(await row.getAttribute('class'), /row-live/);

    const result = await call;
    assert.equal(result.code, 0, sippResult(result));

    // At 1024 px the protocol still fits (no page-wide horizontal scrolling), in English too.
    await detail.setViewportSize({ width: 1024, height: 900 });
    await detail.click('.topbar button[data-lang=en]');
    await detail.waitForFunction(() => document.querySelector('.timeline')?.textContent.includes('Caller pressed key 3'));
    const text = await detail.textContent('.timeline');
    assert.match(text, /Prompt: “Herzlich willkommen/);
    assert.match(text, /Menu: chose Störung melden \(key 3\)/);
    assert.match(text, /Call ended \(caller hung up\)/);
    assert.ok(await detail.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth),
      'no horizontal scrolling at 1024 px');
    await detail.click('.topbar button[data-lang=de]');
    await detail.waitForFunction(() => document.querySelector('.timeline')?.textContent.includes('Anrufer drückte Taste 3'));
    await detail.screenshot({ path: '/tmp/callwerk-live-call-protocol.png', fullPage: true });
    await detail.close();
  } finally {
    call.kill();
    await call;
  }
  assert.deepEqual(browser.problems, []);
  await list.close();
});
