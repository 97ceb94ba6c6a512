// Overflow to voicemail against a real SIP caller: the queue Kundenservice gets a maximum wait
// of 2 s and overflow_action voicemail (through the API, as an admin would). A caller of the
// flow hotline (media: a socket of this test that sends a 440 Hz tone) asks for a person,
// nobody is free, the wait runs out, the caller hears the greeting and the tone, "speaks" for
// about 2.5 s and presses '#'. Then the message is stored with its length, its audio is the
// caller's tone (not silence), and another tenant cannot see or hear it. In the browser
// (headless Chromium) the agent finds it on the Sprachnachrichten page, its player fetches the
// WAV, and Erledigt by keyboard marks it done. A second caller hangs up while speaking (the
// usual end of a message): what was said until then is the message. A third one speaks until
// the queue's longest message (set to 5 s) is reached.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, demoUsers } from '../e2e/lib/server.mjs';
import { launchBrowser } from '../e2e/lib/browser.mjs';
import { login, waitForList } from '../e2e/lib/ui.mjs';
import { runSipp, describe, apiClient, waitFor, endedCall, eventsOf } from './lib/sipp.mjs';
import { RtpParty } from './lib/rtp_party.mjs';
import { medianToneShare, parseWav, rms } from './lib/wav.mjs';

const hotlineFlow = '+49567801101';
const toneHz = 440;
let server;
let admin;

before(async () => {
  server = await startServer();
  assert.ok(server.sipPort, `the demo prints its SIP port:\n${server.output()}`);
  admin = await apiClient(server, 'sw.admin', 'demo-admin');
});

after(async () => {
  if (server) await server.stop();
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// The queue Kundenservice overflows to voicemail after 2 s; messages last up to `maxSeconds`.
async function overflowToVoicemail(maxSeconds = 120) {
  const queue = (await admin.get(`queues?name=${encodeURIComponent('Kundenservice')}`)).items[0];
  const changed = await admin.patch(`queues/${queue.id}`, { max_wait_seconds: 2, overflow_action: 'voicemail', voicemail_max_seconds: maxSeconds });
  assert.equal(changed.status, 200, JSON.stringify(changed.body));
}

// A call of the flow hotline from `caller` (SIPp `scenario` signals, this test's socket sends
// the tone and the keys) that asks for a person at once and so waits in Kundenservice.
// `during(party)` runs while the call lasts; then the scenario must have ended well.
async function callerAskingForAPerson(caller, scenario, timeoutSeconds, during) {
  const party = new RtpParty('caller', toneHz);
  await party.bind();
  const call = runSipp(server, scenario, {
    service: hotlineFlow, args: ['-key', 'caller', caller, '-key', 'rtp_port', String(party.port)], timeoutSeconds,
  });
  try {
    await waitFor('the greeting', async () => party.remote !== null);
    await sleep(800);
    party.pressKey('0');
    await during(party);
    const result = await call;
    assert.equal(result.code, 0, describe(result));
  } finally {
    call.kill();
    party.close();
    await call;
  }
}

// The caller's latest call once its message is being recorded: {interactionId, at}.
async function recordingStarted(caller, timeoutMs) {
  return waitFor('the recording', async () => {
    const list = await admin.get(`interactions?channel=voice&remote_address=${encodeURIComponent(caller)}&sort=-id&limit=1`);
    const id = list.items[0]?.id;
    const started = id && eventsOf((await admin.get(`interactions/${id}/timeline`)).items, 'voicemail.started')[0];
    return started ? { interactionId: id, at: started.at } : null;
  }, timeoutMs);
}

// GET of the audio with a session of `username`: {status, type, bytes}.
async function audio(username, password, id) {
  const login = await fetch(new URL('api/v1/auth/login', server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  assert.equal(login.status, 200);
  const cookie = login.headers.get('set-cookie').split(';')[0];
  const r = await fetch(new URL(`api/v1/voicemails/${id}/audio`, server.url), { headers: { cookie } });
  return { status: r.status, type: r.headers.get('content-type'), bytes: Buffer.from(await r.arrayBuffer()) };
}

test('a caller whose wait runs out leaves a message that agents can hear', { timeout: 150000 }, async () => {
  await overflowToVoicemail();
  const caller = '+491000091';
  let interactionId;
  await callerAskingForAPerson(caller, 'voicemail_caller.xml', 100, async (party) => {
    // The greeting and the tone play, then the recording starts.
    interactionId = (await recordingStarted(caller, 60000)).interactionId;
    await sleep(2500);
    party.pressKey('#');  // thanks, then callwerk hangs up
  });

  const { interaction, events } = await endedCall(admin, caller);
  assert.equal(interaction.id, interactionId);
  assert.equal(interaction.end_reason, 'voicemail', JSON.stringify(events.map((e) => [e.type, e.at])));
  assert.equal(eventsOf(events, 'voicemail.ended')[0]?.payload.reason, 'key', JSON.stringify(events.map((e) => e.type)));
  const voicemail = await waitFor('the stored voicemail', async () =>
    (await admin.get(`voicemails?interaction_id=${interactionId}`)).items[0]);
  assert.equal(voicemail.status, 'new');
  assert.equal(voicemail.queue_name, 'Kundenservice');
  assert.equal(voicemail.caller_number, caller);
  assert.ok(voicemail.duration_ms > 1500 && voicemail.duration_ms < 8000, `duration ${voicemail.duration_ms}`);
  const stored = await waitFor('voicemail.stored', async () =>
    eventsOf((await admin.get(`interactions/${interactionId}/timeline`)).items, 'voicemail.stored')[0]);
  assert.equal(stored.payload.voicemail_id, voicemail.id);
  assert.equal(stored.payload.duration_ms, voicemail.duration_ms);
  // The stay ends as every overflow after the maximum wait does.
  const stays = await admin.get(`queue_calls?interaction_id=${interactionId}`);
  assert.deepEqual(stays.items.map((s) => s.exit), ['timeout']);

  // The audio: the caller's tone on the left channel, not silence.
  const own = await audio('sw.agent', 'demo-agent', voicemail.id);
  assert.equal(own.status, 200);
  assert.equal(own.type, 'audio/wav');
  const wav = parseWav(own.bytes);
  assert.ok(wav.complete && wav.frames >= 8000, `frames ${wav.frames}`);
  const left = wav.samples[0];
  assert.ok(rms(left, 0, 8000) > 1000, `level ${rms(left, 0, 8000)}`);
  // 50 ms windows (a whole number of the tone's cycles): under the sanitizers on a busy box a
  // late packet now and then became a concealed gap, which spoiled a one-second window's share.
  const share = medianToneShare(left, toneHz, 8000, 400, 0, 8000);
  assert.ok(share > 0.5, `the caller's tone is in the message (share ${share.toFixed(2)})`);

  // Another tenant neither sees nor hears it.
  const other = await audio('wr.admin', 'demo-admin', voicemail.id);
  assert.equal(other.status, 404);
  const foreign = await apiClient(server, 'wr.admin', 'demo-admin');
  assert.equal((await foreign.get(`voicemails?limit=500`)).items.some((v) => v.id === voicemail.id), false);

  // In the browser: the agent's list shows it with a player; Erledigt by keyboard; who and
  // when are kept.
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await login(page, server.url, demoUsers().find((u) => u.username === 'sw.agent'));
    await page.goto(`${server.url}#/voicemails?status=new`);
    assert.equal(await waitForList(page), 'ready');
    const row = page.locator('.results tr', { has: page.locator(`a[href="#/voicemails/${voicemail.id}"]`) });
    assert.match(await row.textContent(), /Kundenservice/);
    const src = await row.locator('audio.vm-audio').getAttribute('src');
    assert.equal(src, `/api/v1/voicemails/${voicemail.id}/audio`);
    const fetched = await page.evaluate(async (url) => {
      const r = await fetch(url);
      return { status: r.status, type: r.headers.get('content-type'), size: (await r.arrayBuffer()).byteLength };
    }, src);
    assert.deepEqual([fetched.status, fetched.type], [200, 'audio/wav']);
    assert.equal(fetched.size, own.bytes.length);
    await row.locator('button.vm-done').focus();
    await page.keyboard.press('Enter');
    await waitFor('done in the store', async () =>
      (await admin.get(`voicemails/${voicemail.id}`)).status === 'done');
    const done = await admin.get(`voicemails/${voicemail.id}`);
    const agentId = (await (await apiClient(server, 'sw.agent', 'demo-agent')).get('auth/me')).user.id;
    assert.equal(done.done_by, agentId);
    assert.ok(done.done_at);
    assert.deepEqual(browser.problems, []);
  } finally {
    await browser.close();
  }
});

test('a caller who hangs up while speaking leaves what was said until then', { timeout: 120000 }, async () => {
  await overflowToVoicemail();
  const caller = '+491000092';
  let startedAt;
  // SIPp hangs up 30 s after the answer; the message begins about 10 s after it.
  await callerAskingForAPerson(caller, 'voicemail_caller_hangs_up.xml', 60, async () => {
    startedAt = (await recordingStarted(caller, 28000)).at;
  });

  const { interaction, events } = await endedCall(admin, caller);
  const ended = eventsOf(events, 'voicemail.ended')[0];
  assert.equal(ended?.payload.reason, 'hung_up', JSON.stringify(events.map((e) => e.type)));
  assert.equal(eventsOf(events, 'call.ended').length, 1);
  assert.equal(events.some((e) => e.type === 'say' && /Vielen Dank für Ihre Nachricht/.test(e.payload.text ?? '')), false,
    'nobody is thanked after hanging up');
  const voicemail = await waitFor('the stored voicemail', async () =>
    (await admin.get(`voicemails?interaction_id=${interaction.id}`)).items[0]);
  assert.equal(voicemail.caller_number, caller);
  // From the tone to the caller's BYE (the recording's own length, not the call's).
  const spoken = Date.parse(ended.at) - Date.parse(startedAt);
  assert.ok(spoken > 2000, `the message began ${spoken} ms before the hang-up`);
  assert.ok(Math.abs(voicemail.duration_ms - spoken) < 1500, `duration ${voicemail.duration_ms} ms, spoken ${spoken} ms`);
  const stored = await waitFor('voicemail.stored', async () =>
    eventsOf((await admin.get(`interactions/${interaction.id}/timeline`)).items, 'voicemail.stored')[0]);
  assert.equal(stored.payload.voicemail_id, voicemail.id);

  const own = await audio('sw.agent', 'demo-agent', voicemail.id);
  assert.equal(own.status, 200);
  const wav = parseWav(own.bytes);
  assert.ok(wav.complete, 'the file was closed properly although the caller hung up');
  assert.ok(Math.abs((wav.frames / 8) - voicemail.duration_ms) < 100, `frames ${wav.frames}, duration ${voicemail.duration_ms}`);
  const share = medianToneShare(wav.samples[0], toneHz, 8000, 400, 0, Math.min(wav.frames, 16000));
  assert.ok(share > 0.5, `the caller's tone is in the message (share ${share.toFixed(2)})`);
});

test('a message ends at the queue\'s longest length: the caller is thanked and callwerk hangs up', { timeout: 120000 }, async () => {
  await overflowToVoicemail(5);
  const caller = '+491000093';
  // The caller speaks on; callwerk ends the call.
  await callerAskingForAPerson(caller, 'voicemail_caller.xml', 60, async () => {});

  const { interaction, events } = await endedCall(admin, caller);
  assert.equal(interaction.end_reason, 'voicemail', JSON.stringify(events.map((e) => e.type)));
  assert.equal(eventsOf(events, 'voicemail.started')[0]?.payload.max_seconds, 5);
  assert.equal(eventsOf(events, 'voicemail.ended')[0]?.payload.reason, 'max_length');
  assert.ok(events.some((e) => e.type === 'say' && /Vielen Dank für Ihre Nachricht/.test(e.payload.text ?? '')), 'thanked');
  const voicemail = await waitFor('the stored voicemail', async () =>
    (await admin.get(`voicemails?interaction_id=${interaction.id}`)).items[0]);
  assert.ok(voicemail.duration_ms >= 4500 && voicemail.duration_ms <= 6000, `duration ${voicemail.duration_ms}`);
});
