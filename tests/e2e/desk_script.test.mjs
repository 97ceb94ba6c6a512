// The desk's guided script (Gesprächsleitfaden) in the browser, keyboard only: sw.agent of the
// Stadtwerke demo opens the desk, which shows the agent's last call; Alt+L reaches the guide,
// Tab and Enter start the tenant's survey flow "zufriedenheit" on that call, and number keys
// and typing answer every question. The answers are in the call's timeline, with the agent as
// actor, as the API tells; wrong input gets the flow's own message first.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, demoUsers } from './lib/server.mjs';
import { launchBrowser } from './lib/browser.mjs';
import { login, apiGet } from './lib/ui.mjs';

const agent = demoUsers().find((u) => u.username === 'sw.agent');

let server;
let browser;

before(async () => {
  assert.ok(agent, 'examples/demo has the login sw.agent');
  server = await startServer();
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
  if (server) await server.stop();
});

async function activeInfo(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    return { flow: el?.dataset?.flow || '', value: el?.dataset?.value || '', cls: el?.className || '', text: el?.textContent || '' };
  });
}

test('the survey through the guided script, keyboard only, stored with the call', { timeout: 90000 }, async () => {
  const page = await browser.newPage();
  await login(page, server.url, agent);
  await page.goto(`${server.url}#/desk`);
  const pop = page.locator('.screen-pop');
  await pop.waitFor();
  const interactionId = Number(await pop.getAttribute('data-interaction-id'));
  assert.ok(interactionId > 0);
  const panel = page.locator('.desk-script');
  await panel.locator('.script-flow[data-flow=zufriedenheit]').waitFor();
  assert.match(await panel.locator('.card-title').textContent(), /Gesprächsleitfaden/);
  assert.match(await page.textContent('.desk-help'), /Alt\+L/);

  // Alt+L into the guide, Tab to the survey, Enter.
  await page.keyboard.press('Alt+KeyL');
  for (let i = 0; i < 12 && (await activeInfo(page)).flow !== 'zufriedenheit'; ++i) await page.keyboard.press('Tab');
  assert.equal((await activeInfo(page)).flow, 'zufriedenheit');
  await page.keyboard.press('Enter');

  // Consent: yes/no buttons, the first has the focus; "1" chooses "Ja".
  await panel.locator('.script-choice[data-value=ja]').waitFor();
  assert.match(await panel.locator('.script-say').textContent(), /Möchten Sie teilnehmen/);
  assert.equal((await activeInfo(page)).value, 'ja');
  await page.keyboard.press('1');

  // Solved? ja / teilweise / nein.
  await panel.locator('.script-choice[data-value=teilweise]').waitFor();
  await page.keyboard.press('1');

  // Satisfaction 1-5: buttons keyed by their own digits.
  await panel.locator('.script-choice[data-value="5"]').waitFor();
  assert.match(await panel.locator('.script-say').textContent(), /zufrieden/);
  await page.keyboard.press('4');

  // Recommendation 0-10: typed into the field, first out of range.
  await panel.locator('.script-choice[data-value="10"]').waitFor();
  assert.equal((await panel.locator('.script-results [data-effect=survey]').count()), 1);
  await page.keyboard.press('Tab');
  for (let i = 0; i < 20 && !(await activeInfo(page)).cls.includes('script-input'); ++i) await page.keyboard.press('Tab');
  assert.ok((await activeInfo(page)).cls.includes('script-input'));
  await page.keyboard.type('12');
  await page.keyboard.press('Enter');
  await panel.locator('.script-error').waitFor();
  assert.ok((await panel.locator('.script-error').textContent()).length > 3);
  assert.equal((await activeInfo(page)).value, '0', 'the focus is back on the first choice');
  await page.keyboard.press('9');

  // The reasons are skipped (satisfied); the suggestion is free text, the field has the focus.
  await page.waitForFunction(() => /besser machen/.test(document.querySelector('.desk-script .script-say')?.textContent || ''));
  assert.ok((await activeInfo(page)).cls.includes('script-input'));
  await page.keyboard.type('Mehr Termine am Abend');
  await page.keyboard.press('Enter');

  const outcome = panel.locator('.script-outcome[data-status=ended]');
  await outcome.waitFor();
  assert.equal(await outcome.getAttribute('data-reason'), 'survey_complete');
  assert.match(await panel.locator('.script-say').textContent(), /Vielen Dank für Ihre Teilnahme/);

  // Stored with the call, in the agent's name.
  let answers = [];
  for (let i = 0; i < 20 && answers.length < 4; ++i) {
    const timeline = (await apiGet(page, `/interactions/${interactionId}/timeline`)).body.items;
    answers = timeline.filter((e) => e.type === 'survey.answer');
    if (answers.length < 4) await new Promise((r) => setTimeout(r, 100));
  }
  const byQuestion = Object.fromEntries(answers.map((a) => [a.payload.question, a]));
  assert.deepEqual(Object.keys(byQuestion).sort(), ['empfehlung', 'geloest', 'vorschlag', 'zufriedenheit']);
  for (const a of answers) {
    assert.equal(a.actor, 'sw.agent');
    assert.equal(a.payload.survey, 'kundenzufriedenheit-2026');
  }
  assert.equal(byQuestion.geloest.payload.answer, 'ja');
  assert.equal(byQuestion.zufriedenheit.payload.answer, '4');
  assert.equal(byQuestion.empfehlung.payload.answer, '9');
  assert.equal(byQuestion.vorschlag.payload.answer, 'Mehr Termine am Abend');
  const timeline = (await apiGet(page, `/interactions/${interactionId}/timeline`)).body.items;
  const started = timeline.filter((e) => e.type === 'script.started');
  assert.equal(started.at(-1).actor, 'sw.agent');
  assert.equal(started.at(-1).payload.flow, 'zufriedenheit');
  assert.ok(timeline.some((e) => e.type === 'flow.no_match' && e.actor === 'sw.agent'));
  const ended = timeline.filter((e) => e.type === 'script.ended');
  assert.equal(ended.at(-1).payload.reason, 'survey_complete');
  await page.screenshot({ path: '/tmp/callwerk-desk-script.png', fullPage: true });
  assert.deepEqual(browser.problems, []);
});
