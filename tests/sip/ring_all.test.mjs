// Ring-all against real SIP peers: Kundenservice set to ring-all, two agents logged in with
// their phones (SIPp UAS registered as sw.agent and sw.agent2). A queued caller rings both
// phones at once; the one that answers gets the call, the other is cancelled and stays
// available (not paused as "no answer"). Twice, with the other phone answering the second
// time, so that both the phone rung first and a phone rung beside it take a call.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../e2e/lib/server.mjs';
import { runSipp, reservePort, registerAgentPhone, describe, apiClient, endedCall, eventsOf, waitFor } from './lib/sipp.mjs';

const hotlineFlow = '+49567801101';
let server;
let admin;
const agents = {};

before(async () => {
  server = await startServer();
  assert.ok(server.sipPort, `the demo prints its SIP port:\n${server.output()}`);
  admin = await apiClient(server, 'sw.admin', 'demo-admin');
  agents.anna = { api: await apiClient(server, 'sw.agent', 'demo-agent'), user: 'sw.agent', sip: 'demo-sip-201' };
  agents.jonas = { api: await apiClient(server, 'sw.agent2', 'demo-agent'), user: 'sw.agent2', sip: 'demo-sip-202' };
  const queue = (await admin.get(`queues?name=${encodeURIComponent('Kundenservice')}`)).items[0];
  const set = await admin.patch(`queues/${queue.id}`, { strategy: 'ring-all' });
  assert.equal(set.status, 200, JSON.stringify(set.body));
});

after(async () => {
  if (process.env.CALLWERK_TEST_VERBOSE && server) console.log(server.output());
  if (server) await server.stop();
});

async function command(agent, action) {
  const r = await agent.api.post('desk/me/state', { action });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body;
}

// One call: `answering` picks up, `ringing` only rings and is cancelled.
async function ringAllCall(caller, answering, ringing) {
  const ports = { [answering.user]: reservePort(), [ringing.user]: reservePort() };
  const answers = runSipp(server, 'agent_answers.xml', { service: answering.user, args: ['-rtp_echo'], port: ports[answering.user] });
  const rings = runSipp(server, 'agent_rings_cancelled.xml', { service: ringing.user, port: ports[ringing.user] });
  try {
    for (const agent of [answering, ringing]) {
      const reg = await registerAgentPhone(server, ports[agent.user], 120, agent.user, agent.sip);
      assert.equal(reg.code, 0, describe(reg));
      await waitFor(`${agent.user}'s registration`, async () => (await agent.api.get('desk/me')).phone_registered);
      const state = (await agent.api.get('desk/me')).state;
      if (state !== 'available') await command(agent, state === 'offline' ? 'log-in' : 'ready');
    }
    const call = await runSipp(server, 'queue_caller.xml', { service: hotlineFlow, args: ['-key', 'caller', caller] });
    const [answered, cancelled] = await Promise.all([answers, rings]);
    assert.equal(call.code, 0, `caller: ${describe(call)}`);
    assert.equal(answered.code, 0, `answering phone: ${describe(answered)}`);
    assert.equal(cancelled.code, 0, `the other phone is cancelled: ${describe(cancelled)}`);

    const { interaction, events } = await endedCall(admin, caller);
    const answeringId = (await answering.api.get('desk/me')).user_id;
    assert.equal(interaction.agent_id, answeringId);
    const started = eventsOf(events, 'transfer.started').map((e) => e.payload.agent).sort();
    assert.deepEqual(started, ['sw.agent', 'sw.agent2'], 'both phones were rung for the call');
    assert.equal(eventsOf(events, 'agent.connected').length, 1);
    assert.ok(eventsOf(events, 'transfer.cancelled').length >= 1, JSON.stringify(events.map((e) => e.type)));
    const stats = eventsOf(events, 'media.stats')[0]?.payload;
    assert.ok(stats && stats.agent.packets_received > 20 && stats.caller.packets_received > 20, JSON.stringify(stats));

    // The phone that only rang was not at fault: its agent is available, not paused.
    const other = await ringing.api.get('desk/me');
    assert.equal(other.state, 'available', JSON.stringify(other));
    // The record is complete once the answering agent's wrap-up is over.
    await waitFor('the wrap-up', async () => (await answering.api.get('desk/me')).state === 'wrap-up');
    await command(answering, 'ready');
    const record = await waitFor('the queue record', async () =>
      (await admin.get(`queue_calls?interaction_id=${interaction.id}`)).items[0]);
    assert.equal(record.exit, 'answered');
    assert.equal(record.agent_id, answeringId);
  } finally {
    answers.kill?.();
    rings.kill?.();
    for (const agent of [answering, ringing]) await registerAgentPhone(server, ports[agent.user], 0, agent.user, agent.sip);
  }
}

test('ring-all rings every free agent at once; the first to answer takes the call', { timeout: 120000 }, async () => {
  await ringAllCall('+491000041', agents.anna, agents.jonas);
  await ringAllCall('+491000042', agents.jonas, agents.anna);
});
