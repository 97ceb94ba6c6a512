// A second real phone: baresip calls the recorded wine-shop number, waits for the menu, presses
// 3 (RFC 2833) and hangs up. The protocol must show the key and the choice, and the recording
// must hold the greeting on the system channel and the phone's tone on the caller channel.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../e2e/lib/server.mjs';
import { apiClient, endedCall, eventsOf } from './lib/sipp.mjs';
import { startBaresip, toneHz } from './lib/baresip.mjs';
import { readFinishedWav, rms, toneShare, windowRms } from './lib/wav.mjs';

const weinversand = '+49612307070';  // record: true in examples/demo/telephony.yaml
const caller = '+4917699990001';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let server;
let api;

before(async () => {
  server = await startServer();
  assert.ok(server.sipPort, `the demo prints its SIP port:\n${server.output()}`);
  api = await apiClient(server, 'wr.admin', 'demo-admin');
});

after(async () => {
  if (server) await server.stop();
});

// The protocol of the running call with this SIP Call-ID, once `ready(events)` holds.
async function callProtocol(callId, ready, what, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let seen = [];
  for (;;) {
    const list = await api.get(`interactions?channel=voice&remote_address=${encodeURIComponent(caller)}&sort=-id&limit=1`);
    const item = list.items[0];
    if (item) {
      const events = (await api.get(`interactions/${item.id}/timeline`)).items;
      const started = eventsOf(events, 'call.started')[0];
      if (started && started.payload.call_id === callId) {
        seen = events.map((e) => e.type);
        if (ready(events)) return { interaction: item, events };
      }
    }
    if (Date.now() > deadline) throw new Error(`no ${what} in the protocol of call ${callId} within ${timeoutMs} ms; seen: ${seen.join(', ')}`);
    await sleep(200);
  }
}

test('baresip presses 3 in the recorded menu; the recording holds the greeting, not silence', { timeout: 60000 }, async (t) => {
  const phone = await startBaresip({ user: caller });
  t.after(() => phone.stop());
  const fail = (message) => `${message}\n--- baresip ---\n${phone.log()}`;

  await phone.command('dial', `sip:${weinversand}@${server.sipHost}:${server.sipPort}`);
  const answer = await phone.waitForEvent(['CALL_ESTABLISHED', 'CALL_CLOSED'], 10000);
  assert.equal(answer.type, 'CALL_ESTABLISHED', fail(`call not established: ${JSON.stringify(answer)}`));
  const callId = answer.id;

  // Keys are ignored during the recording notice; once the prompt starts, the greeting has been
  // played (and recorded) in full.
  await callProtocol(callId, (events) => eventsOf(events, 'menu.prompted').length > 0, 'menu.prompted', 30000);
  await phone.command('sndcode', '3');
  await callProtocol(callId, (events) => eventsOf(events, 'menu.selected').length > 0, 'menu.selected', 5000);
  await sleep(3000);  // some of the answer text
  await phone.command('hangup');
  const closed = await phone.waitForEvent(['CALL_CLOSED'], 5000);
  assert.ok(closed, 'baresip reports the call closed');

  const { interaction, events } = await endedCall(api, caller);
  const types = events.map((e) => e.type);
  assert.equal(eventsOf(events, 'call.started')[0].payload.call_id, callId, 'the protocol belongs to this call');
  assert.equal(interaction.local_address, weinversand);
  assert.equal(interaction.end_reason, 'caller_hangup');
  assert.ok(interaction.answered_at, 'answered');
  const keys = eventsOf(events, 'dtmf.received');
  assert.deepEqual(keys.map((e) => e.payload.digit), ['3'], `one key press: ${JSON.stringify(keys)}`);
  assert.ok(['rfc4733', 'inband'].includes(keys[0].payload.source), keys[0].payload.source);
  const choices = eventsOf(events, 'menu.selected');
  assert.deepEqual(choices.map((e) => e.payload.option), ['weinberatung']);
  assert.equal(types.at(-1), 'call.ended');
  // The notice comes first, then the recording, then the greeting.
  const said = eventsOf(events, 'say').map((e) => e.payload.text);
  assert.match(said[0], /zeichnen wir dieses Gespräch auf/);
  assert.match(said[1], /Willkommen beim Weinversand Rheingau/);
  assert.ok(types.indexOf('recording.started') < types.indexOf('menu.prompted'), types.join(', '));

  const started = eventsOf(events, 'recording.started')[0];
  assert.ok(started, `recording.started in ${types.join(', ')}`);
  const file = started.payload.file;
  assert.ok(file.startsWith(server.dataDir), `${file} lies in the data dir ${server.dataDir}`);
  const wav = await readFinishedWav(file);
  assert.equal(wav.channels, 2);
  assert.equal(wav.sampleRate, 8000);
  assert.equal(wav.bitsPerSample, 16);
  const seconds = wav.frames / wav.sampleRate;
  // Greeting and prompt, at least: the key came only after the prompt had started.
  assert.ok(seconds > 2.5 && seconds < 30, `recording of ${seconds.toFixed(1)} s`);

  const [left, right] = wav.samples;  // left = caller, right = what callwerk played
  const rate = wav.sampleRate;
  // 50 ms windows: a pause of 100 ms or more fills at least one of them whatever its phase.
  const levels = windowRms(right, rate / 20).map((v) => Math.round(v));
  const greeting = rms(right, 0, 2 * rate);
  assert.ok(greeting > 300, `greeting on the system channel: RMS ${greeting.toFixed(0)}; per 50 ms: ${levels.join(' ')}`);
  // Speech rises and falls between syllables and words: its quiet windows are far below its
  // loud ones. A stuck or noisy channel is flat. (Not absolute silence: the menu answers a key
  // as soon as it goes down, so prompts may follow each other without a pause.)
  const sorted = [...levels].sort((a, b) => a - b);
  const quiet = sorted[Math.floor(sorted.length * 0.05)];
  const loud = sorted[Math.floor(sorted.length * 0.95)];
  assert.ok(loud > 8 * Math.max(quiet, 1),
    `speech-like level changes on the system channel; per 50 ms: ${levels.join(' ')}`);
  // The phone's sine is on the caller channel and not on the system channel: channels not
  // swapped, and the greeting is not the caller's audio played back.
  const oneSecond = [rate, 2 * rate];  // whole periods of the tone
  const callerTone = toneShare(left, toneHz, rate, ...oneSecond);
  const systemTone = toneShare(right, toneHz, rate, ...oneSecond);
  assert.ok(rms(left, ...oneSecond) > 1000 && callerTone > 0.8,
    `caller channel carries baresip's ${toneHz} Hz: RMS ${rms(left, ...oneSecond).toFixed(0)}, share ${callerTone.toFixed(2)}`);
  t.diagnostic(`recording ${seconds.toFixed(1)} s: greeting RMS ${greeting.toFixed(0)}, quiet 50 ms (5th percentile) ${quiet}, loud ${loud}, `
    + `${toneHz} Hz share caller ${callerTone.toFixed(2)} / system ${systemTone.toFixed(2)}`);
  assert.ok(systemTone < 0.2, `system channel is speech, not the caller's tone: share ${systemTone.toFixed(2)}`);
});
