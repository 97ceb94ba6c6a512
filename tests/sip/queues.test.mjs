// Queues and agents against real SIP peers: a caller of the flow hotline asks for a person,
// waits in the customer-service queue, and the ACD rings the phone of a logged-in agent (a
// SIPp UAS registered as sw.agent); RTP flows both ways through the bridge; after the call
// the agent wraps up and is available again. A caller who gives up while waiting counts as
// abandoned. The checks read the stored records through the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../e2e/lib/server.mjs';
import { runSipp, registerAgentPhone, describe, apiClient, endedCall, eventsOf, waitFor } from './lib/sipp.mjs';

const hotlineFlow = '+49567801101';
let server;
let admin;
let agent;  // sw.agent's own session (extension 201, skill Abrechnung: serves Kundenservice)

before(async () => {
  server = await startServer();
  assert.ok(server.sipPort, `the demo prints its SIP port:\n${server.output()}`);
  admin = await apiClient(server, 'sw.admin', 'demo-admin');
  agent = await apiClient(server, 'sw.agent', 'demo-agent');
});

after(async () => {
  if (server) await server.stop();
});


async function deskState() {
  return (await agent.get('desk/me'));
}

async function command(action, reason) {
  const r = await agent.post('desk/me/state', reason ? { action, reason } : { action });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

function registerPhone(port, expires, user, password) {
  return registerAgentPhone(server, port, expires, user, password);
}

test('an agent without a registered phone is told so, and bad commands are refused', async () => {
  const before = await deskState();
  assert.equal(before.agent, true);
  assert.equal(before.state, 'offline');
  assert.equal(before.phone_registered, false);
  assert.ok(before.queues.some((q) => q.name === 'Kundenservice'), JSON.stringify(before.queues));
  const bad = await agent.post('desk/me/state', { action: 'dance' });
  assert.equal(bad.status, 400);
  const badReason = await agent.post('desk/me/state', { action: 'pause', reason: 'Kaffee & Kuchen' });
  assert.equal(badReason.status, 400);
  const noAgent = await admin.get('desk/me');
  assert.equal(noAgent.agent, false, 'the admin has no extension');
});

test('a queued caller reaches a logged-in agent: RTP both ways, wrap-up, then available', async () => {
  const caller = '+491000020';
  const phone = runSipp(server, 'agent_answers.xml', { service: 'sw.agent', args: ['-rtp_echo'] });
  try {
    const reg = await registerPhone(phone.port, 120);
    assert.equal(reg.code, 0, describe(reg));
    await waitFor('the registration', async () => (await deskState()).phone_registered);
    const loggedIn = await command('log-in');
    assert.equal(loggedIn.state, 'available');

    const call = await runSipp(server, 'queue_caller.xml', { service: hotlineFlow, args: ['-key', 'caller', caller] });
    const answered = await phone;
    assert.equal(call.code, 0, `caller: ${describe(call)}`);
    assert.equal(answered.code, 0, `agent: ${describe(answered)}`);

    const { interaction, events } = await endedCall(admin, caller);
    const queues = await admin.get(`queues?name=${encodeURIComponent('Kundenservice')}`);
    const queueId = queues.items[0].id;
    assert.equal(interaction.queue_id, queueId);
    assert.equal(interaction.agent_id, loggedIn.user_id);
    const entered = eventsOf(events, 'queue.entered');
    assert.equal(entered.length, 1, JSON.stringify(events.map((e) => e.type)));
    assert.equal(entered[0].payload.queue, 'Kundenservice');
    assert.equal(eventsOf(events, 'agent.connected').length, 1);
    const stats = eventsOf(events, 'media.stats')[0].payload;
    for (const leg of ['caller', 'agent']) {
      assert.ok(stats[leg].packets_received > 20, `${leg} leg received RTP: ${JSON.stringify(stats)}`);
      assert.ok(stats[leg].packets_sent > 20, `${leg} leg sent RTP: ${JSON.stringify(stats)}`);
    }

    // The queue's wrap-up (30 s) runs until the agent is ready again.
    const wrapping = await waitFor('wrap-up', async () => {
      const s = await deskState();
      return s.state === 'wrap-up' ? s : null;
    });
    assert.equal(wrapping.call.interaction_id, interaction.id);
    const ready = await command('ready');
    assert.equal(ready.state, 'available');

    const record = await waitFor('the queue record', async () => {
      const rows = await admin.get(`queue_calls?interaction_id=${interaction.id}`);
      return rows.items[0];
    });
    assert.equal(record.exit, 'answered');
    assert.equal(record.queue_id, queueId);
    assert.equal(record.agent_id, loggedIn.user_id);
    assert.ok(record.talk_ended_at && record.wrap_up_ended_at, JSON.stringify(record));
    assert.ok(Date.parse(record.left_at) >= Date.parse(record.enqueued_at));

    const states = await admin.get(`agent_states?user_id=${loggedIn.user_id}&sort=id&limit=50`);
    const sequence = states.items.map((s) => s.state);
    // Offered (reserved, then ringing on the phone's 180), talking, wrapping up, ready again.
    const cycle = sequence.slice(sequence.lastIndexOf('on-call') - 2);
    assert.deepEqual(cycle, ['reserved', 'ringing', 'on-call', 'wrap-up', 'available'], JSON.stringify(sequence));

    const board = await admin.get('wallboard');
    const row = board.queues.find((q) => q.name === 'Kundenservice');
    assert.equal(row.today.answered, 1, JSON.stringify(row));
    assert.equal(row.waiting, 0);
    const me = board.agents.find((a) => a.user_id === loggedIn.user_id);
    assert.equal(me.state, 'available');
    // Another client organisation sees only its own queues and agents.
    const wine = await apiClient(server, 'wr.admin', 'demo-admin');
    const other = await wine.get('wallboard');
    assert.ok(other.queues.length > 0 && other.queues.every((q) => q.name !== 'Kundenservice'), JSON.stringify(other.queues));
    assert.ok(other.agents.every((a) => a.user_id !== loggedIn.user_id));
  } finally {
    phone.kill();
    await registerPhone(phone.port, 0);
  }
});

test('a caller who gives up while waiting is counted as abandoned, and the agent who lost the phone is paused', async () => {
  // The phone is gone (unregistered by the test before): the logged-in agent is paused with
  // "registration-lost", so nobody can take the call.
  const paused = await waitFor('the lost registration', async () => {
    const s = await deskState();
    return s.state === 'paused' ? s : null;
  });
  assert.equal(paused.reason, 'registration-lost');
  const caller = '+491000021';
  const call = await runSipp(server, 'queue_abandon.xml', { service: hotlineFlow, args: ['-key', 'caller', caller] });
  assert.equal(call.code, 0, describe(call));
  const { interaction, events } = await endedCall(admin, caller);
  assert.equal(interaction.end_reason, 'caller_hangup');
  // Nobody free: the caller heard why and the place in line, but no made-up wait (no agent
  // serves the queue now, so none can be computed).
  const said = eventsOf(events, 'queue.announcement').map((e) => e.payload.text);
  assert.ok(said.length >= 1, JSON.stringify(events.map((e) => e.type)));
  assert.match(said[0], /im Gespräch\. Sie sind als Nächstes an der Reihe\./);
  assert.doesNotMatch(said[0], /Wartezeit/);
  const left = eventsOf(events, 'queue.left');
  assert.equal(left.length, 1, JSON.stringify(events.map((e) => e.type)));
  assert.equal(left[0].payload.exit, 'abandoned');
  const record = await waitFor('the queue record', async () => {
    const rows = await admin.get(`queue_calls?interaction_id=${interaction.id}`);
    return rows.items[0];
  });
  assert.equal(record.exit, 'abandoned');
  assert.equal(record.agent_id, null);
  assert.ok(Date.parse(record.left_at) - Date.parse(record.enqueued_at) > 5000, JSON.stringify(record));
  const board = await admin.get('wallboard');
  const row = board.queues.find((q) => q.name === 'Kundenservice');
  assert.equal(row.today.abandoned, 1, JSON.stringify(row));
  assert.equal(await command('log-out').then((s) => s.state), 'offline');
});

test('an agent whose phone does not take the call is paused "no-answer" and the next agent gets it', async () => {
  const caller = '+491000022';
  const colleague = await apiClient(server, 'sw.agent2', 'demo-agent');  // ext 202, serves Kundenservice too
  const busy = runSipp(server, 'agent_busy.xml', { service: 'sw.agent' });
  const answering = runSipp(server, 'agent_answers.xml', { service: 'sw.agent2', args: ['-rtp_echo'] });
  try {
    for (const [phone, user, password] of [[busy, 'sw.agent', 'demo-sip-201'], [answering, 'sw.agent2', 'demo-sip-202']]) {
      const reg = await registerPhone(phone.port, 120, user, password);
      assert.equal(reg.code, 0, describe(reg));
    }
    await waitFor('the registration', async () => (await deskState()).phone_registered);
    // The agent paused by the lost phone before comes back; longest idle: sw.agent is first.
    if ((await deskState()).state === 'offline') await command('log-in');
    await command('ready');
    const second = await colleague.post('desk/me/state', { action: 'log-in' });
    assert.equal(second.status, 200, JSON.stringify(second.body));
    assert.equal(second.body.state, 'available');

    const call = await runSipp(server, 'queue_caller.xml', { service: hotlineFlow, args: ['-key', 'caller', caller] });
    assert.equal(call.code, 0, `caller: ${describe(call)}`);
    assert.equal((await busy).code, 0, 'the busy phone was rung first');
    assert.equal((await answering).code, 0, 'the colleague answered');

    const { interaction, events } = await endedCall(admin, caller);
    assert.equal(interaction.agent_id, second.body.user_id);
    const refused = eventsOf(events, 'transfer.unavailable');
    assert.equal(refused.length, 1, JSON.stringify(events.map((e) => e.type)));
    assert.equal(refused[0].payload.extension, '201');
    assert.equal(eventsOf(events, 'agent.connected')[0].payload.extension, '202');
    const first = await deskState();
    assert.equal(first.state, 'paused');
    assert.equal(first.reason, 'no-answer');
  } finally {
    busy.kill();
    answering.kill();
    await registerPhone(busy.port, 0);
    await registerPhone(answering.port, 0, 'sw.agent2', 'demo-sip-202');
  }
});

