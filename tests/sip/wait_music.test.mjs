// Music while waiting, checked on RTP: a caller of the flow hotline (media: a socket of this
// test) asks for a person and waits in the customer-service queue with nobody logged in.
// After the announcement the caller hears the waiting music (its notes, and no energy between
// them, unlike speech); with the queue's music switched off, silence instead.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../e2e/lib/server.mjs';
import { runSipp, describe, apiClient, waitFor } from './lib/sipp.mjs';
import { RtpParty } from './lib/rtp_party.mjs';
import { rms } from './lib/wav.mjs';

const hotlineFlow = '+49567801101';
// The melody's notes (src/media/wait_music.cpp), and a pitch it never has (between the
// octaves of E5 and G5), which speech does.
const NOTES = { c5: 523.25, d5: 587.33, e5: 659.25, g5: 783.99, a5: 880 };
const OFF = 1450;
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

// Calls, asks for a person, and hands each 2-second window of what comes back to `judge`
// until it says yes (true) or the call is over; returns whether it did.
async function waitInQueue(caller, judge) {
  const party = new RtpParty('caller', 500, 0);  // sends silence: a quiet caller
  await party.bind();
  const call = runSipp(server, 'supervision_caller.xml', {
    service: hotlineFlow, args: ['-key', 'caller', caller, '-key', 'rtp_port', String(party.port)], timeoutSeconds: 60,
  });
  try {
    await waitFor('the greeting', async () => party.remote !== null);
    await sleep(800);
    party.pressKey('0');
    await waitFor('the caller in the queue', async () => {
      const list = await admin.get(`interactions?channel=voice&remote_address=${encodeURIComponent(caller)}&sort=-id&limit=1`);
      const id = list.items[0]?.id;
      return id && (await admin.get(`interactions/${id}/timeline`)).items.some((e) => e.type === 'queue.entered');
    });
    for (let window = 0; window < 12; window++) {
      party.restartListening();
      await sleep(2000);
      const heard = party.hears({ ...NOTES, off: OFF }, 300);
      if (judge(heard, rms(party.heard))) return true;
    }
    return false;
  } finally {
    call.kill();
    party.close();
    await call;
  }
}

test('a waiting caller hears the music after the announcement; switched off, silence', { timeout: 120000 }, async () => {
  const music = (heard) => !heard.heard.off && Object.keys(NOTES).filter((n) => heard.heard[n]).length >= 2;
  const silence = (heard, level) => level < 30;

  assert.ok(await waitInQueue('+491000081', music), 'the melody is heard while waiting');

  const queue = (await admin.get(`queues?name=${encodeURIComponent('Kundenservice')}`)).items[0];
  assert.equal(queue.music_on_hold, true, 'music is on unless switched off');
  const off = await admin.patch(`queues/${queue.id}`, { music_on_hold: false });
  assert.equal(off.status, 200, JSON.stringify(off.body));
  let musicHeard = false;
  const quiet = await waitInQueue('+491000082', (heard, level) => {
    musicHeard ||= music(heard);
    return silence(heard, level);
  });
  assert.ok(quiet, 'silence between the announcements');
  assert.ok(!musicHeard, 'no melody with the music switched off');
});
