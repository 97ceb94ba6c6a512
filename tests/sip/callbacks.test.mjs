// Call backs against real SIP peers. A caller of the flow hotline waits in the customer
// service queue with nobody free, is offered a call back, presses 1 and is hung up on; the
// call back keeps the place in line. When the agent logs in, the ACD rings the agent's phone
// (a SIPp UAS registered as sw.agent); the agent answers, and callwerk calls the customer
// through the demo carrier's outbound route (a SIPp UAS as the carrier, which checks the
// number called and the caller id shown, and asks for digest authentication first) and
// bridges both. A busy customer is tried again
// later. The checks read the stored call backs, records and protocols through the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, sourceDir } from '../e2e/lib/server.mjs';
import { runSipp, reservePort, registerAgentPhone, describe, apiClient, eventsOf, waitFor } from './lib/sipp.mjs';

const hotlineFlow = '+49567801101';
const customer = '+491000031';  // the number callback_customer.xml expects
let server;
let admin;
let agent;
let carrierPort;
let examples;

before(async () => {
  // The demo with its carrier's outbound route pointed at this test's SIPp.
  carrierPort = reservePort();
  examples = fs.mkdtempSync(path.join(os.tmpdir(), 'callwerk-callbacks-'));
  fs.cpSync(path.join(sourceDir(), 'examples', 'demo'), examples, { recursive: true });
  const telephony = path.join(examples, 'telephony.yaml');
  const text = fs.readFileSync(telephony, 'utf8');
  assert.match(text, /port: 5070/);
  fs.writeFileSync(telephony, text.replace('port: 5070', `port: ${carrierPort}`));
  server = await startServer({ examples, demoTenants: true });
  assert.ok(server.sipPort, `the demo prints its SIP port:\n${server.output()}`);
  admin = await apiClient(server, 'sw.admin', 'demo-admin');
  agent = await apiClient(server, 'sw.agent', 'demo-agent');
});

after(async () => {
  if (process.env.CALLWERK_TEST_VERBOSE && server) console.log(server.output());
  if (server) await server.stop();
  if (examples) fs.rmSync(examples, { recursive: true, force: true });
});


async function command(action) {
  const r = await agent.post('desk/me/state', { action });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

async function timelineOf(id) {
  return (await admin.get(`interactions/${id}/timeline`)).items;
}

async function callbacksTo(number) {
  return (await admin.get(`callbacks?number_e164=${encodeURIComponent(number)}&sort=id`)).items;
}

test('a waiting caller chooses a call back, keeps the place, and is called back when an agent is free', async () => {
  // Nobody is logged in: the caller waits and hears the offer.
  const call = await runSipp(server, 'queue_callback.xml', { service: hotlineFlow, args: ['-key', 'caller', customer], timeoutSeconds: 60 });
  assert.equal(call.code, 0, `caller: ${describe(call)}`);

  const inbound = await waitFor('the ended inbound call', async () => {
    const list = await admin.get(`interactions?channel=voice&direction=inbound&remote_address=${encodeURIComponent(customer)}&sort=-id&limit=1`);
    return list.items[0]?.ended_at ? list.items[0] : null;
  });
  const events = await timelineOf(inbound.id);
  const offer = eventsOf(events, 'queue.announcement')[0];
  assert.ok(offer && /drücken Sie die 1/.test(offer.payload.text), JSON.stringify(events.map((e) => e.type)));
  assert.equal(eventsOf(events, 'queue.callback_chosen').length, 1, JSON.stringify(events.map((e) => e.type)));
  assert.equal(eventsOf(events, 'call.ended')[0].payload.reason, 'callback_chosen');
  const queues = await admin.get(`queues?name=${encodeURIComponent('Kundenservice')}`);
  const queueId = queues.items[0].id;
  const left = await waitFor('the queue record', async () => (await admin.get(`queue_calls?interaction_id=${inbound.id}`)).items[0]);
  assert.equal(left.exit, 'callback');

  const [pending] = await waitFor('the call back', async () => {
    const rows = await callbacksTo(customer);
    return rows.length ? rows : null;
  });
  assert.equal(pending.status, 'pending');
  assert.equal(pending.queue_id, queueId);
  assert.equal(pending.interaction_id, inbound.id);
  assert.equal(pending.language, 'de', 'called back in the language of the call (a German flow)');
  assert.ok(Date.parse(pending.queued_since) <= Date.parse(left.left_at), JSON.stringify(pending));

  // The agent logs in: the ACD rings the agent first, then the customer is called.
  const carrier = runSipp(server, 'callback_customer.xml', { port: carrierPort, service: 'kunde', timeoutSeconds: 60 });
  const phone = runSipp(server, 'agent_answers.xml', { service: 'sw.agent', args: ['-rtp_echo'], timeoutSeconds: 60 });
  try {
    const reg = await registerAgentPhone(server, phone.port, 120);
    assert.equal(reg.code, 0, describe(reg));
    await waitFor('the registration', async () => (await agent.get('desk/me')).phone_registered);
    const loggedIn = await command('log-in');

    const answeredByCustomer = await carrier;
    const agentLeg = await phone;
    assert.equal(answeredByCustomer.code, 0, `carrier: ${describe(answeredByCustomer)}`);
    assert.equal(agentLeg.code, 0, `agent: ${describe(agentLeg)}`);

    const done = await waitFor('the call back done', async () => {
      const [row] = await callbacksTo(customer);
      return row.status === 'done' ? row : null;
    });
    assert.equal(done.agent_id, loggedIn.user_id);
    assert.equal(done.attempts, 1);

    const outbound = await waitFor('the call back call', async () => {
      const list = await admin.get(`interactions?channel=voice&direction=outbound&remote_address=${encodeURIComponent(customer)}&sort=-id&limit=1`);
      return list.items[0]?.ended_at ? list.items[0] : null;
    });
    assert.equal(outbound.agent_id, loggedIn.user_id);
    assert.equal(outbound.queue_id, queueId);
    const protocol = await timelineOf(outbound.id);
    const types = protocol.map((e) => e.type);
    // The carrier asked for the route's account first (401), and callwerk answered it.
    for (const type of ['agent.connected', 'callback.dialling', 'callback.authenticated', 'callback.ringing', 'callback.connected', 'call.ended'])
      assert.ok(types.includes(type), `${type} in ${JSON.stringify(types)}`);
    assert.ok(types.indexOf('agent.connected') < types.indexOf('callback.dialling'), 'the agent first');
    // The agent heard what happens, in the agent's language (German for sw.agent).
    const notice = protocol.find((e) => e.type === 'say' && e.payload.to === 'agent');
    assert.match(notice?.payload.text ?? '', /^Rückruf\. /, JSON.stringify(notice));
    assert.equal(protocol.find((e) => e.type === 'call.started').payload.callback_id, done.id);
    const stats = eventsOf(protocol, 'media.stats')[0].payload;
    for (const leg of ['caller', 'agent']) {
      assert.ok(stats[leg].packets_received > 20, `${leg} leg received RTP: ${JSON.stringify(stats)}`);
      assert.ok(stats[leg].packets_sent > 20, `${leg} leg sent RTP: ${JSON.stringify(stats)}`);
    }
    // The agent wraps up the call back, then is ready again.
    await waitFor('wrap-up', async () => (await agent.get('desk/me')).state === 'wrap-up');
    await command('ready');
  } finally {
    phone.kill();
    await registerAgentPhone(server, phone.port, 0);
  }
});

test('a call back to a busy customer is tried again later, and one without an allowed route is never dialled', async () => {
  const queues = await admin.get(`queues?name=${encodeURIComponent('Kundenservice')}`);
  const queueId = queues.items[0].id;
  // Outside the route's prefixes (+49): it stays pending and nobody is rung for it.
  const abroad = await admin.post('callbacks', { queue_id: queueId, number: '+15555550100', summary: 'Auslandsrückruf' });
  assert.equal(abroad.status, 201, JSON.stringify(abroad.body));

  const busyNumber = '+491000032';
  const carrier = runSipp(server, 'callback_busy.xml', { port: carrierPort, service: 'kunde', timeoutSeconds: 60 });
  const phone = runSipp(server, 'agent_answers.xml', { service: 'sw.agent', args: ['-rtp_echo'], timeoutSeconds: 60 });
  try {
    const reg = await registerAgentPhone(server, phone.port, 120);
    assert.equal(reg.code, 0, describe(reg));
    await waitFor('the registration', async () => (await agent.get('desk/me')).phone_registered);
    const state = (await agent.get('desk/me')).state;
    if (state !== 'available') await command(state === 'offline' ? 'log-in' : 'ready');

    // An English-speaking customer, and an agent whose desktop speaks English.
    await setAgentLanguage('en');
    const created = await admin.post('callbacks', { queue_id: queueId, number: busyNumber, summary: 'Rückruf wegen Abschlag', language: 'en' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    assert.equal(created.body.language, 'en');
    const badLanguage = await admin.post('callbacks', { queue_id: queueId, number: busyNumber, language: 'fr' });
    assert.equal(badLanguage.status, 400, JSON.stringify(badLanguage.body));
    const busy = await carrier;
    assert.equal(busy.code, 0, `carrier: ${describe(busy)}`);
    const agentLeg = await phone;
    assert.equal(agentLeg.code, 0, `agent: ${describe(agentLeg)}`);

    const retry = await waitFor('the next attempt planned', async () => {
      const [row] = await callbacksTo(busyNumber);
      return row.status === 'pending' && row.attempts === 1 ? row : null;
    });
    const later = Date.parse(retry.due_at) - Date.now();
    assert.ok(later > 8 * 60_000 && later <= 10 * 60_000, `due again in about 10 minutes: ${retry.due_at}`);
    const outbound = await waitFor('the unreached call', async () => {
      const list = await admin.get(`interactions?channel=voice&direction=outbound&remote_address=${encodeURIComponent(busyNumber)}&sort=-id&limit=1`);
      return list.items[0]?.ended_at ? list.items[0] : null;
    });
    const unreachedProtocol = await timelineOf(outbound.id);
    const unreached = eventsOf(unreachedProtocol, 'callback.unreached')[0];
    assert.equal(unreached?.payload.reason, 'busy');
    const notice = unreachedProtocol.find((e) => e.type === 'say' && e.payload.to === 'agent');
    assert.equal(notice?.payload.language, 'en', JSON.stringify(notice));
    assert.match(notice.payload.text, /^Call back\. /);

    const [notAllowed] = await callbacksTo('+15555550100');
    assert.equal(notAllowed.status, 'pending');
    assert.equal(notAllowed.attempts, 0);
  } finally {
    await setAgentLanguage('de');
    phone.kill();
    await registerAgentPhone(server, phone.port, 0);
  }
});

async function setAgentLanguage(language) {
  const [user] = (await admin.get('users?username=sw.agent')).items;
  const changed = await admin.patch(`users/${user.id}`, { language });
  assert.equal(changed.status, 200, JSON.stringify(changed.body));
}

async function queueNamed(name) {
  return (await admin.get(`queues?name=${encodeURIComponent(name)}`)).items[0];
}

async function inboundCallOf(number) {
  return waitFor('the ended inbound call', async () => {
    const list = await admin.get(`interactions?channel=voice&direction=inbound&remote_address=${encodeURIComponent(number)}&sort=-id&limit=1`);
    return list.items[0]?.ended_at ? list.items[0] : null;
  });
}

test('after the maximum wait a queue calls back instead, keeping the place', async () => {
  // Nobody can take calls now (the agent's phone was unregistered by the tests before).
  const service = await queueNamed('Kundenservice');
  const changed = await admin.patch(`queues/${service.id}`, { max_wait_seconds: 4, overflow_action: 'callback' });
  assert.equal(changed.status, 200, JSON.stringify(changed.body));
  try {
    const caller = '+491000033';
    const call = await runSipp(server, 'queue_waits.xml', { service: hotlineFlow, args: ['-key', 'caller', caller], timeoutSeconds: 60 });
    assert.equal(call.code, 0, `caller: ${describe(call)}`);
    const inbound = await inboundCallOf(caller);
    const types = (await timelineOf(inbound.id)).map((e) => e.type);
    assert.ok(types.indexOf('queue.expired') >= 0 && types.indexOf('queue.expired') < types.indexOf('queue.callback_instead'), JSON.stringify(types));
    const [row] = await waitFor('the call back', async () => {
      const rows = await callbacksTo(caller);
      return rows.length ? rows : null;
    });
    assert.equal(row.queue_id, service.id);
    assert.equal(row.interaction_id, inbound.id);
    assert.match(row.summary, /Ablauf der Wartezeit/);
    const record = await waitFor('the queue record', async () => (await admin.get(`queue_calls?interaction_id=${inbound.id}`)).items[0]);
    assert.equal(record.exit, 'timeout');
  } finally {
    const restored = await admin.patch(`queues/${service.id}`, { max_wait_seconds: 600, overflow_action: 'none' });
    assert.equal(restored.status, 200, JSON.stringify(restored.body));
  }
});

test('after the maximum wait a queue hands the caller to its overflow queue; a broken overflow rule is refused', async () => {
  const service = await queueNamed('Kundenservice');
  const tariffs = await queueNamed('Tarife & Verträge');
  for (const [patch, message] of [
    [{ overflow_action: 'queue' }, /overflow_queue.*required/],
    [{ overflow_action: 'queue', overflow_queue: 'Kundenservice' }, /another queue/],
    [{ overflow_action: 'queue', overflow_queue: 'Gibt es nicht' }, /names no queue/],
    [{ overflow_action: 'mailbox' }, /overflow_action/],
  ]) {
    const refused = await admin.patch(`queues/${service.id}`, patch);
    assert.equal(refused.status, 400, JSON.stringify(patch));
    assert.match(JSON.stringify(refused.body), message, JSON.stringify(refused.body));
  }
  assert.equal((await queueNamed('Kundenservice')).overflow_action, 'none', 'nothing half-written');

  const changed = await admin.patch(`queues/${service.id}`, { max_wait_seconds: 4, overflow_action: 'queue', overflow_queue: 'Tarife & Verträge' });
  assert.equal(changed.status, 200, JSON.stringify(changed.body));
  try {
    const caller = '+491000034';
    const call = await runSipp(server, 'queue_abandon.xml', { service: hotlineFlow, args: ['-key', 'caller', caller] });
    assert.equal(call.code, 0, `caller: ${describe(call)}`);
    const inbound = await inboundCallOf(caller);
    const events = await timelineOf(inbound.id);
    const moved = eventsOf(events, 'queue.overflow')[0];
    assert.ok(moved, JSON.stringify(events.map((e) => e.type)));
    assert.equal(moved.payload.from_queue_id, service.id);
    assert.equal(moved.payload.queue_id, tariffs.id);
    assert.equal(inbound.queue_id, tariffs.id);
    const records = await waitFor('both queue records', async () => {
      const rows = (await admin.get(`queue_calls?interaction_id=${inbound.id}&sort=id`)).items;
      return rows.length === 2 ? rows : null;
    });
    assert.deepEqual(records.map((r) => [r.queue_id, r.exit]), [[service.id, 'timeout'], [tariffs.id, 'abandoned']]);
  } finally {
    const restored = await admin.patch(`queues/${service.id}`, { max_wait_seconds: 600, overflow_action: 'none' });
    assert.equal(restored.status, 200, JSON.stringify(restored.body));
  }
});
