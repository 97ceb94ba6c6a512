// The wallboard against a real server: sw.teamleitung watches it while sw.agent registers a
// (SIPp) phone and logs in through the API: the agents table and the queue tile change live,
// without a reload. Then the agent pauses and a SIPp caller waits in Kundenservice: the tile
// counts the waiting caller and the longest wait runs; when the caller gives up the tile
// counts an abandoned call and shows the service level against the queue's target in words.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, demoUsers } from './lib/server.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { login, logout, apiGet } from './lib/ui.mjs';
import { runSipp, registerAgentPhone, apiClient, describe as sippResult } from '../sip/lib/sipp.mjs';

const hotlineFlow = '+49567801101';
const lead = demoUsers().find((u) => u.username === 'sw.teamleitung');

let server;
let browser;

before(async () => {
  assert.ok(lead, 'examples/demo has the login sw.teamleitung');
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

const tile = (name) => `.wb-tile[data-queue-name="${name}"]`;

test('the wallboard follows agents and callers live', { timeout: 120000 }, async () => {
  const agent = await apiClient(server, 'sw.agent', 'demo-agent');
  const me = await agent.get('desk/me');
  assert.equal(me.state, 'offline');

  const page = await browser.newPage();
  await login(page, server.url, lead);
  await page.click('.sidenav a[data-nav=wallboard]');
  await page.waitForSelector('.wallboard[data-state=ready]');
  await page.waitForSelector('.live-indicator.on');
  assert.match(await page.textContent('h1'), /Wallboard/);
  const ks = page.locator(tile('Kundenservice'));
  await ks.waitFor();
  assert.equal((await ks.locator('.wb-waiting').textContent()).trim(), '0');
  assert.match(await ks.locator('.wb-staff-available').textContent(), /^0 bereit/);
  const row = page.locator(`.wb-agent-table tr[data-user-id="${me.user_id}"]`);
  assert.match(await row.locator('.wb-agent-state').textContent(), /Abgemeldet/);
  // Everything below must arrive live: the same board element stays on the page.
  await page.evaluate(() => { window.__board = document.querySelector('.wallboard'); });

  const port = 27000 + Math.floor(Math.random() * 500) * 10;
  try {
    const reg = await registerPhone(port, 120);
    assert.equal(reg.code, 0, sippResult(reg));
    await page.waitForFunction((id) => /angemeldet/.test(document.querySelector(`.wb-agent-table tr[data-user-id="${id}"] td:nth-child(6)`)?.textContent || '')
      && !/nicht/.test(document.querySelector(`.wb-agent-table tr[data-user-id="${id}"] td:nth-child(6)`).textContent), me.user_id);

    const loggedIn = await agent.post('desk/me/state', { action: 'log-in' });
    assert.equal(loggedIn.status, 200, JSON.stringify(loggedIn.body));
    assert.equal(loggedIn.body.state, 'available');
    await page.waitForSelector(`.wb-agent-table tr[data-user-id="${me.user_id}"][data-state=available]`, { timeout: 5000 });
    assert.match(await row.locator('.wb-agent-state').textContent(), /Bereit/);
    await page.waitForFunction((sel) => /^1 bereit/.test(document.querySelector(sel)?.textContent || ''), `${tile('Kundenservice')} .wb-staff-available`);

    // Paused: the reason shows, and nobody takes the next caller.
    const paused = await agent.post('desk/me/state', { action: 'pause', reason: 'Teambesprechung' });
    assert.equal(paused.status, 200, JSON.stringify(paused.body));
    await page.waitForSelector(`.wb-agent-table tr[data-user-id="${me.user_id}"][data-state=paused]`, { timeout: 5000 });
    assert.match(await row.textContent(), /Pause.*Teambesprechung/);

    const caller = runSipp(server, 'queue_abandon.xml', { service: hotlineFlow, args: ['-key', 'caller', '+491000555'] });
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent.trim() === '1', `${tile('Kundenservice')} .wb-waiting`, { timeout: 15000 });
    // The longest wait runs on screen between two events.
    const first = await ks.locator('.wb-longest').textContent();
    await page.waitForFunction(([sel, before]) => {
      const text = document.querySelector(sel)?.textContent || '';
      return text !== before && /^\d+:\d\d$/.test(text);
    }, [`${tile('Kundenservice')} .wb-longest`, first], { timeout: 5000 });

    const gaveUp = await caller;
    assert.equal(gaveUp.code, 0, sippResult(gaveUp));
    await page.waitForFunction((sel) => document.querySelector(sel)?.textContent.trim() === '0', `${tile('Kundenservice')} .wb-waiting`, { timeout: 15000 });
    await page.waitForFunction((sel) => /^1\b/.test(document.querySelector(sel)?.textContent.trim() || ''), `${tile('Kundenservice')} .wb-kpi-abandoned dd`, { timeout: 15000 });

    // The service level in words, matching the server's figures and the queue's target.
    const board = (await apiGet(page, '/wallboard')).body;
    const q = board.queues.find((x) => x.name === 'Kundenservice');
    assert.equal(q.today.abandoned, 1, JSON.stringify(q));
    const target = (await apiGet(page, `/queues/${q.id}`)).body.service_level_target;
    const sl = await ks.locator('.wb-sl').textContent();
    if (q.today.service_level === null) {
      assert.match(sl, /noch keine Anrufe/);
    } else if (q.today.service_level * 100 < target) {
      assert.match(sl, /unter Ziel/);
      assert.match(await ks.getAttribute('class'), /wb-alert/);
    } else {
      assert.match(sl, /Ziel erreicht/);
    }
    assert.match(sl, new RegExp(`Ziel ${target} %`));

    assert.equal(await page.evaluate(() => window.__board === document.querySelector('.wallboard')), true, 'no reload');
    await page.screenshot({ path: '/tmp/callwerk-wallboard.png', fullPage: true });
    assert.equal((await agent.post('desk/me/state', { action: 'log-out' })).status, 200);
    await page.waitForSelector(`.wb-agent-table tr[data-user-id="${me.user_id}"][data-state=offline]`, { timeout: 5000 });
  } finally {
    await registerPhone(port, 0);
  }
  assert.deepEqual(browser.problems, []);
});

test('agents have no wallboard; the client sees it read-only', async () => {
  const agentUser = demoUsers().find((u) => u.username === 'sw.agent');
  const page = await browser.newPage();
  await page.goto(server.url);
  await page.waitForSelector('.logout-btn');
  await logout(page);
  await login(page, server.url, agentUser);
  assert.equal(await page.locator('.sidenav a[data-nav=wallboard]').count(), 0);
  assert.equal(await page.locator('.sidenav a[data-nav=desk]').count(), 1);
  await page.goto(`${server.url}#/wallboard`);
  await page.waitForSelector('.state-empty');
  assert.match(await page.textContent('.content'), /Berechtigung/);

  const client = demoUsers().find((u) => u.username === 'sw.auftraggeber');
  await logout(page);
  await login(page, server.url, client);
  assert.equal(await page.locator('.sidenav a[data-nav=desk]').count(), 0);
  await page.click('.sidenav a[data-nav=wallboard]');
  await page.waitForSelector('.wallboard[data-state=ready]');
  await page.locator(tile('Kundenservice')).waitFor();
});
