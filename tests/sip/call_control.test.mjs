// The agent's call controls against real SIP peers: a queued caller reaches a SIPp agent
// phone; the agent holds and resumes the call and then transfers it blind to another queue
// from the desk API. The agent's phone is hung up, the agent wraps up, and the caller waits in
// the new queue (and hangs up there). Checked in the stored protocol and queue records.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../e2e/lib/server.mjs';
import { runSipp, registerAgentPhone, describe, apiClient, eventsOf, waitFor } from './lib/sipp.mjs';

const hotlineFlow = '+49567801101';
let server;
let admin;
let agent;

before(async () => {
  server = await startServer();
  admin = await apiClient(server, 'sw.admin', 'demo-admin');
  agent = await apiClient(server, 'sw.agent', 'demo-agent');
});

after(async () => {
  if (server) await server.stop();
});


test('an agent holds, resumes and transfers a call to another queue', async () => {
  const caller = '+491000041';
  const phone = runSipp(server, 'agent_answers.xml', { service: 'sw.agent', args: ['-rtp_echo'] });
  try {
    const reg = await registerAgentPhone(server, phone.port, 120);
    assert.equal(reg.code, 0, describe(reg));
    await waitFor('the registration', async () => (await agent.get('desk/me')).phone_registered);
    const noCall = await agent.post('desk/me/call', { action: 'hold' });
    assert.equal(noCall.status, 409, JSON.stringify(noCall.body));
    const loggedIn = await agent.post('desk/me/state', { action: 'log-in' });
    assert.equal(loggedIn.status, 200);

    const call = runSipp(server, 'queue_caller_stays.xml', { service: hotlineFlow, args: ['-key', 'caller', caller] });
    const talking = await waitFor('the connected call', async () => {
      const s = await agent.get('desk/me');
      return s.state === 'on-call' && s.call?.interaction_id ? s : null;
    }, 20000);
    assert.equal(talking.call.queue, 'Kundenservice');

    const bad = await agent.post('desk/me/call', { action: 'park' });
    assert.equal(bad.status, 400);
    const noQueue = await agent.post('desk/me/call', { action: 'transfer' });
    assert.equal(noQueue.status, 400);
    const unknown = await agent.post('desk/me/call', { action: 'transfer', queue: 'Gibt es nicht' });
    assert.equal(unknown.status, 400);
    assert.match(unknown.body.error?.message ?? JSON.stringify(unknown.body), /Gibt es nicht/);

    const held = await agent.post('desk/me/call', { action: 'hold' });
    assert.equal(held.status, 200, JSON.stringify(held.body));
    assert.equal(held.body.call.held, true);
    await new Promise((resolve) => setTimeout(resolve, 1200));  // on hold for a measurable time
    const resumed = await agent.post('desk/me/call', { action: 'resume' });
    assert.equal(resumed.status, 200, JSON.stringify(resumed.body));
    assert.equal(resumed.body.call.held, false);

    const moved = await agent.post('desk/me/call', { action: 'transfer', queue: 'Tarife & Verträge' });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.equal(moved.body.state, 'wrap-up');
    const agentLeg = await phone;
    assert.equal(agentLeg.code, 0, `the agent's phone is hung up: ${describe(agentLeg)}`);
    const callerLeg = await call;
    assert.equal(callerLeg.code, 0, `caller: ${describe(callerLeg)}`);

    const interactionId = talking.call.interaction_id;
    const events = await waitFor('the ended call', async () => {
      const ix = await admin.get(`interactions/${interactionId}`);
      return ix.ended_at ? (await admin.get(`interactions/${interactionId}/timeline`)).items : null;
    });
    const types = events.map((e) => e.type);
    for (const type of ['call.hold', 'call.resumed', 'transfer.blind'])
      assert.equal(eventsOf(events, type).length, 1, `${type} in ${JSON.stringify(types)}`);
    assert.equal(eventsOf(events, 'call.hold')[0].actor, 'agent');
    const entered = eventsOf(events, 'queue.entered').map((e) => e.payload.queue);
    assert.deepEqual(entered, ['Kundenservice', 'Tarife & Verträge']);
    assert.equal(eventsOf(events, 'transfer.blind')[0].payload.queue, 'Tarife & Verträge');

    // The first stay's record comes once the agent has wrapped up.
    await agent.post('desk/me/state', { action: 'ready' });
    let rows = [];
    const records = await waitFor('both queue records', async () => {
      rows = (await admin.get(`queue_calls?interaction_id=${interactionId}&sort=id`)).items;
      return rows.length === 2 ? rows : null;
    }).catch((e) => { throw new Error(`${e.message}: ${JSON.stringify(rows)}`); });
    const byExit = Object.fromEntries(records.map((r) => [r.exit, r]));
    assert.ok(byExit.answered && byExit.abandoned, JSON.stringify(records));
    assert.equal(byExit.answered.agent_id, loggedIn.body.user_id);
    assert.ok(byExit.answered.talk_ended_at && byExit.answered.wrap_up_ended_at, JSON.stringify(byExit.answered));
    assert.notEqual(byExit.answered.queue_id, byExit.abandoned.queue_id);
    // The hold is part of the talk in the record (AHT counts it).
    assert.ok(byExit.answered.hold_ms >= 1100 && byExit.answered.hold_ms < 10_000, JSON.stringify(byExit.answered));
  } finally {
    phone.kill();
    await registerAgentPhone(server, phone.port, 0);
  }
});
