// The team lead's listen/whisper/barge controls on the wallboard against a real call: a
// caller (SIPp, media from the test) waits in Kundenservice, sw.agent's SIPp phone answers,
// and sw.teamleitung works the buttons on the agent's row with the keyboard only. First the
// lead's phone is not registered (the refusal is announced), then it is (SIPp UAS) and
// answers: listen, switch to whisper, end.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, demoUsers } from './lib/server.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { login } from './lib/ui.mjs';
import { runSipp, registerAgentPhone, apiClient, describe as sippResult } from '../sip/lib/sipp.mjs';
import { RtpParty } from '../sip/lib/rtp_party.mjs';

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

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Moves the keyboard focus to `selector` with Tab alone (at most `limit` presses).
async function tabTo(page, selector, limit = 200) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

test('a team lead listens in, whispers and ends from the wallboard with the keyboard', { timeout: 120000 }, async () => {
  const agent = await apiClient(server, 'sw.agent', 'demo-agent');
  const parties = { caller: new RtpParty('caller', 500), agent: new RtpParty('agent', 1100), lead: new RtpParty('lead', 1700) };
  for (const p of Object.values(parties)) await p.bind();
  const agentPhone = runSipp(server, 'supervision_phone.xml', { service: 'sw.agent', args: ['-key', 'rtp_port', String(parties.agent.port)], timeoutSeconds: 70 });
  const leadPhone = runSipp(server, 'supervision_phone.xml', { service: 'sw.teamleitung', args: ['-key', 'rtp_port', String(parties.lead.port)], timeoutSeconds: 70 });
  let caller = null;
  try {
    const reg = await registerAgentPhone(server, agentPhone.port, 120);
    assert.equal(reg.code, 0, sippResult(reg));
    const me = await agent.get('desk/me');
    for (let i = 0; i < 50 && !(await agent.get('desk/me')).phone_registered; i++) await sleep(200);
    assert.equal((await agent.post('desk/me/state', { action: 'log-in' })).status, 200);

    const page = await browser.newPage();
    await login(page, server.url, lead);
    await page.click('.sidenav a[data-nav=wallboard]');
    await page.waitForSelector('.wallboard[data-state=ready]');
    const row = `.wb-agent-table tr[data-user-id="${me.user_id}"]`;
    await page.waitForSelector(row);
    assert.equal(await page.locator(`${row} .wb-sup button`).count(), 0, 'no controls while the agent is on no call');

    caller = runSipp(server, 'supervision_caller.xml', {
      service: hotlineFlow, args: ['-key', 'caller', '+491000071', '-key', 'rtp_port', String(parties.caller.port)], timeoutSeconds: 70,
    });
    for (let i = 0; i < 50 && parties.caller.remote === null; i++) await sleep(100);
    await sleep(800);
    parties.caller.pressKey('0');
    await page.waitForSelector(`${row}[data-state=on-call] .wb-sup-listen`, { timeout: 20000 });
    const labels = await page.locator(`${row} .wb-sup button`).allTextContents();
    assert.deepEqual(labels, ['Mithören', 'Flüstern', 'Aufschalten']);

    // The lead's phone is not registered yet: the refusal is read out.
    await tabTo(page, `${row} .wb-sup-listen`);
    await page.keyboard.press('Enter');
    await page.waitForSelector(`${row} .wb-sup-status[role=alert]`);
    assert.match(await page.textContent(`${row} .wb-sup-status`), /Nicht möglich: .*nicht angemeldet/);

    const leadReg = await registerAgentPhone(server, leadPhone.port, 120, 'sw.teamleitung', 'demo-sip-200');
    assert.equal(leadReg.code, 0, sippResult(leadReg));
    await page.focus(`${row} .wb-sup-listen`);
    await page.keyboard.press('Enter');
    await page.waitForFunction((sel) => /Aktiv: Mithören/.test(document.querySelector(sel)?.textContent || ''), `${row} .wb-sup-status`, { timeout: 10000 });
    assert.equal(await page.getAttribute(`${row} .wb-sup-listen`, 'aria-pressed'), 'true');
    assert.deepEqual(await page.locator(`${row} .wb-sup button`).allTextContents(), ['Mithören', 'Flüstern', 'Aufschalten', 'Beenden']);

    await tabTo(page, `${row} .wb-sup-whisper`);
    await page.keyboard.press(' ');
    await page.waitForFunction((sel) => document.querySelector(sel)?.getAttribute('aria-pressed') === 'true', `${row} .wb-sup-whisper`, { timeout: 10000 });
    assert.match(await page.textContent(`${row} .wb-sup-status`), /Aktiv: Flüstern/);

    await tabTo(page, `${row} .wb-sup-end`);
    await page.keyboard.press('Enter');
    const hungUp = await leadPhone;
    assert.equal(hungUp.code, 0, `the lead's phone got its BYE: ${sippResult(hungUp)}`);
    await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 3, `${row} .wb-sup button`, { timeout: 10000 });
    assert.equal(await page.locator(`${row} .wb-sup button[aria-pressed=true]`).count(), 0);
    assert.deepEqual(browser.problems, []);
  } finally {
    for (const p of Object.values(parties)) p.close();
    agentPhone.kill();
    leadPhone.kill();
    if (caller) caller.kill();
    await registerAgentPhone(server, agentPhone.port, 0);
    await registerAgentPhone(server, leadPhone.port, 0, 'sw.teamleitung', 'demo-sip-200');
  }
});
