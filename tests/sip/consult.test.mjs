// Transfer to a named colleague, attended transfer (consultation) and three-way conference from
// the desk API, against real SIP peers: a caller of the flow hotline (SIPp, media is a socket of
// this test) reaches agent 1 (sw.agent, SIPp UAS phone) through the Kundenservice queue; agent 2
// (sw.agent2, another SIPp UAS phone) is consulted or handed the call. Every party's media sends
// a tone of its own frequency, so what each socket receives says whom the party hears.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../e2e/lib/server.mjs';
import { runSipp, registerAgentPhone, describe, endedCall, eventsOf, waitFor, statusClient } from './lib/sipp.mjs';
import { RtpParty } from './lib/rtp_party.mjs';

const hotlineFlow = '+49567801101';
const TONES = { caller: 500, agent: 1100, colleague: 1700 };
let server;
let admin;
let agent;
let colleague;
let agentId;
let colleagueId;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

before(async () => {
  server = await startServer();
  admin = await statusClient(server, 'sw.admin', 'demo-admin');
  agent = await statusClient(server, 'sw.agent', 'demo-agent');
  colleague = await statusClient(server, 'sw.agent2', 'demo-agent');
  agentId = (await agent.get('desk/me')).body.user_id;
  colleagueId = (await colleague.get('desk/me')).body.user_id;
});

after(async () => {
  if (server) await server.stop();
});

async function listenAWhile(parties) {
  await sleep(400);
  for (const p of Object.values(parties)) p.restartListening();
  await sleep(1500);
  const out = {};
  for (const [name, p] of Object.entries(parties)) out[name] = p.hears(TONES);
  return out;
}

function expectHears(what, hearing, party, expected) {
  const got = hearing[party];
  assert.ok(got.samples > 8000, `${what}: ${party} received too little audio (${got.samples} samples)`);
  assert.deepEqual(got.heard, expected, `${what}: ${party} heard ${JSON.stringify(got.levels)}`);
}

// Both agents' phones (SIPp UAS answering once, media at the test's sockets; the colleague's
// phone may run another scenario), registered; agent 1 logged in and on a call with the
// caller; the colleague logged in after that, so that the queue gave the call to agent 1.
async function connectedCall(callerNumber, colleagueScenario = 'supervision_phone.xml') {
  const parties = {
    caller: new RtpParty('caller', TONES.caller),
    agent: new RtpParty('agent', TONES.agent),
    colleague: new RtpParty('colleague', TONES.colleague),
  };
  for (const p of Object.values(parties)) await p.bind();
  const agentPhone = runSipp(server, 'supervision_phone.xml', {
    service: 'sw.agent', args: ['-key', 'rtp_port', String(parties.agent.port)], timeoutSeconds: 70,
  });
  const colleaguePhone = runSipp(server, colleagueScenario, {
    service: 'sw.agent2', args: ['-key', 'rtp_port', String(parties.colleague.port)], timeoutSeconds: 70,
  });
  const reg1 = await registerAgentPhone(server, agentPhone.port, 120);
  assert.equal(reg1.code, 0, describe(reg1));
  const reg2 = await registerAgentPhone(server, colleaguePhone.port, 120, 'sw.agent2', 'demo-sip-202');
  assert.equal(reg2.code, 0, describe(reg2));
  await waitFor('the registrations', async () => (await agent.get('desk/me')).body.phone_registered &&
    (await colleague.get('desk/me')).body.phone_registered);
  assert.equal((await agent.post('desk/me/state', { action: 'log-in' })).status, 200);
  const caller = runSipp(server, 'supervision_caller.xml', {
    service: hotlineFlow, args: ['-key', 'caller', callerNumber, '-key', 'rtp_port', String(parties.caller.port)], timeoutSeconds: 70,
  });
  await waitFor('the greeting', async () => parties.caller.remote !== null);
  await sleep(800);
  parties.caller.pressKey('0');  // a person, please
  const talking = await waitFor('agent 1 on the call', async () => {
    const s = (await agent.get('desk/me')).body;
    return s.state === 'on-call' ? s : null;
  }, 20000);
  assert.equal((await colleague.post('desk/me/state', { action: 'log-in' })).status, 200);
  return { parties, agentPhone, colleaguePhone, caller, talking };
}

// The agent who has the caller hangs up from the desk: both phones get BYE.
async function hangUpFromDesk(who, setup) {
  const done = await who.post('desk/me/call', { action: 'hangup' });
  assert.equal(done.status, 200, JSON.stringify(done.body));
  const callerLeg = await setup.caller;
  assert.equal(callerLeg.code, 0, `the caller got a BYE: ${describe(callerLeg)}`);
}

async function cleanUp(setup) {
  if (!setup) return;
  // Whoever still has the caller hangs up from the desk (a failed test may leave a call), else
  // the caller hangs up by itself 30 s after the answer: then every agent is free.
  for (const who of [agent, colleague]) {
    const s = (await who.get('desk/me')).body;
    if (s.state !== 'on-call') continue;
    if (s.call?.consultation?.role === 'agent') await who.post('desk/me/call', { action: 'cancel_consult' });
    await who.post('desk/me/call', { action: 'hangup' });
  }
  // An unref'd timer: it must not keep the test process alive after the last test.
  await Promise.race([setup.caller, new Promise((r) => setTimeout(r, 40000).unref())]);
  for (const p of Object.values(setup.parties)) p.close();
  setup.agentPhone.kill();
  setup.colleaguePhone.kill();
  setup.caller.kill();
  await registerAgentPhone(server, setup.agentPhone.port, 0);
  await registerAgentPhone(server, setup.colleaguePhone.port, 0, 'sw.agent2', 'demo-sip-202');
  // Back to a clean state for the next test: both logged out.
  for (const who of [agent, colleague]) {
    await waitFor('the agent free again', async () => {
      const s = (await who.get('desk/me')).body;
      if (s.state === 'offline') return true;
      if (s.state === 'wrap-up' || s.state === 'paused') await who.post('desk/me/state', { action: 'ready' });
      return (await who.post('desk/me/state', { action: 'log-out' })).status === 200;
    }, 20000);
  }
}

// A stay's record is written when its wrap-up ends; the colleague's talk may end a moment after
// the interaction (a ready while still on the call would be refused).
async function endWrapUps() {
  for (const [name, desk] of [['agent 1', agent], ['the colleague', colleague]]) {
    const state = await waitFor(`${name} off the call`, async () => {
      const s = (await desk.get('desk/me')).body.state;
      return s !== 'on-call' ? s : null;
    });
    if (state !== 'wrap-up') continue;
    const ready = await desk.post('desk/me/state', { action: 'ready' });
    assert.equal(ready.status, 200, `${name}: ${JSON.stringify(ready.body)}`);
  }
}

test('desk call control refuses bad requests, no call and colleagues of another tenant', async () => {
  const foreign = await statusClient(server, 'wr.agent', 'demo-agent');
  const foreignId = (await foreign.get('desk/me')).body.user_id;
  for (const body of [
    { action: 'consult' },
    { action: 'consult', queue: 'Kundenservice', agent_id: colleagueId },
    { action: 'consult', agent_id: 'zwei' },
    { action: 'consult', agent_id: -3 },
    { action: 'complete', agent_id: colleagueId },
    { action: 'transfer' },
    { action: 'jump' },
  ]) {
    const r = await agent.post('desk/me/call', body);
    assert.equal(r.status, 400, `${JSON.stringify(body)}: ${JSON.stringify(r.body)}`);
  }
  const noCall = await agent.post('desk/me/call', { action: 'consult', agent_id: colleagueId });
  assert.equal(noCall.status, 409, JSON.stringify(noCall.body));
  // The colleagues: the own tenant's other agents and queues, never another tenant's.
  const mine = await agent.get('desk/colleagues');
  assert.equal(mine.status, 200, JSON.stringify(mine.body));
  const ids = mine.body.agents.map((a) => a.user_id);
  assert.ok(ids.includes(colleagueId) && !ids.includes(agentId) && !ids.includes(foreignId), JSON.stringify(ids));
  assert.ok(mine.body.queues.some((q) => q.name === 'Kundenservice'));
  const theirs = await foreign.get('desk/colleagues');
  assert.ok(!theirs.body.agents.some((a) => a.user_id === colleagueId), JSON.stringify(theirs.body));
  assert.ok(!theirs.body.queues.some((q) => q.name === 'Kundenservice'));

  let setup = null;
  try {
    setup = await connectedCall('+491000090');
    const other = await agent.post('desk/me/call', { action: 'consult', agent_id: foreignId });
    assert.equal(other.status, 404, JSON.stringify(other.body));
    const blindOther = await agent.post('desk/me/call', { action: 'transfer', agent_id: foreignId });
    assert.equal(blindOther.status, 404, JSON.stringify(blindOther.body));
    const self = await agent.post('desk/me/call', { action: 'consult', agent_id: agentId });
    assert.equal(self.status, 400, JSON.stringify(self.body));
    // Nothing to complete or join yet.
    for (const action of ['complete', 'cancel_consult', 'conference', 'leave'])
      assert.equal((await agent.post('desk/me/call', { action })).status, 409, action);
    // The colleague paused: not free.
    assert.equal((await colleague.post('desk/me/state', { action: 'pause', reason: 'Pause' })).status, 200);
    const busy = await agent.post('desk/me/call', { action: 'consult', agent_id: colleagueId });
    assert.equal(busy.status, 409, JSON.stringify(busy.body));
    assert.match(busy.body.error.message, /nicht frei/);
  } finally {
    await cleanUp(setup);
  }
});

test('consult, then complete: the colleague has the caller, agent 1 wraps up', async () => {
  const callerNumber = '+491000091';
  let setup = null;
  try {
    setup = await connectedCall(callerNumber);
    const { parties } = setup;
    const asked = await agent.post('desk/me/call', { action: 'consult', agent_id: colleagueId });
    assert.equal(asked.status, 200, JSON.stringify(asked.body));
    assert.equal(asked.body.call.held, true);
    await waitFor('the colleague on the consultation', async () => {
      const s = (await agent.get('desk/me')).body;
      return s.call?.consultation?.connected ? s : null;
    });
    const target = (await colleague.get('desk/me')).body;
    assert.equal(target.state, 'on-call');
    assert.equal(target.call.interaction_id, setup.talking.call.interaction_id);
    // Agent and colleague talk privately.
    let hearing = await listenAWhile(parties);
    expectHears('consulting', hearing, 'agent', { caller: false, agent: false, colleague: true });
    expectHears('consulting', hearing, 'colleague', { caller: false, agent: true, colleague: false });
    assert.equal(hearing.caller.heard.colleague, false, JSON.stringify(hearing.caller.levels));
    assert.equal(hearing.caller.heard.agent, false, JSON.stringify(hearing.caller.levels));

    const done = await agent.post('desk/me/call', { action: 'complete' });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    const agentLeg = await setup.agentPhone;
    assert.equal(agentLeg.code, 0, `agent 1's phone is hung up: ${describe(agentLeg)}`);
    await waitFor('agent 1 in wrap-up', async () => (await agent.get('desk/me')).body.state === 'wrap-up');
    hearing = await listenAWhile({ caller: parties.caller, colleague: parties.colleague });
    expectHears('handed over', hearing, 'caller', { caller: false, agent: false, colleague: true });
    expectHears('handed over', hearing, 'colleague', { caller: true, agent: false, colleague: false });
    // The colleague may transfer on: it is their call now.
    const now = (await colleague.get('desk/me')).body;
    assert.equal(now.state, 'on-call');
    // A team lead listens in on the colleague's call (its ACD call is the colleague's own stay,
    // its voice call the caller's): the lead hears both, the lead's phone ends with the call.
    const leadParty = new RtpParty('lead', 2300);
    await leadParty.bind();
    const leadPhone = runSipp(server, 'supervision_phone.xml', {
      service: 'sw.teamleitung', args: ['-key', 'rtp_port', String(leadParty.port)], timeoutSeconds: 60,
    });
    try {
      const reg = await registerAgentPhone(server, leadPhone.port, 120, 'sw.teamleitung', 'demo-sip-200');
      assert.equal(reg.code, 0, describe(reg));
      const lead = await statusClient(server, 'sw.teamleitung', 'demo-teamleitung');
      const listen = await lead.post(`wallboard/agents/${colleagueId}/supervise`, { mode: 'listen' });
      assert.equal(listen.status, 202, JSON.stringify(listen.body));
      await waitFor('the lead on the call', async () => (await colleague.get('desk/me')).body.call?.supervision?.connected);
      hearing = await listenAWhile({ lead: leadParty });
      expectHears('the lead after the hand-over', hearing, 'lead', { caller: true, agent: false, colleague: true });
      await hangUpFromDesk(colleague, setup);
      const leadLeg = await leadPhone;
      assert.equal(leadLeg.code, 0, `the lead's phone got its BYE: ${describe(leadLeg)}`);
    } finally {
      leadParty.close();
      leadPhone.kill();
      await registerAgentPhone(server, leadPhone.port, 0, 'sw.teamleitung', 'demo-sip-200');
    }
    const { interaction, events } = await endedCall({ get: async (p) => (await admin.get(p)).body }, callerNumber);
    const consult = eventsOf(events, 'transfer.consult');
    assert.equal(consult.length, 1, JSON.stringify(events.map((e) => e.type)));
    assert.equal(consult[0].payload.agent_id, agentId);
    assert.equal(consult[0].payload.target_agent_id, colleagueId);
    const completed = eventsOf(events, 'transfer.completed');
    assert.equal(completed.length, 1);
    assert.equal(completed[0].payload.from_agent_id, agentId);
    assert.equal(completed[0].payload.agent_id, colleagueId);
    // Two stays in the queue records: agent 1's and the colleague's, both answered.
    await endWrapUps();
    const rows = await waitFor('both queue records', async () => {
      const r = (await admin.get(`queue_calls?interaction_id=${interaction.id}&sort=id`)).body.items;
      return r.length === 2 ? r : null;
    }, 20000);
    assert.deepEqual(rows.map((r) => r.agent_id).sort(), [agentId, colleagueId].sort());
    assert.ok(rows.every((r) => r.exit === 'answered' && r.talk_ended_at), JSON.stringify(rows));
    // The caller held while agent 1 consulted: hold time of agent 1's talk.
    const first = rows.find((r) => r.agent_id === agentId);
    assert.ok(first.hold_ms >= 1500, JSON.stringify(first));
  } finally {
    await cleanUp(setup);
  }
});

test('consult, then back to the caller; then a consultation of a queue becomes a conference that agent 1 leaves', async () => {
  const callerNumber = '+491000092';
  let setup = null;
  try {
    setup = await connectedCall(callerNumber);
    const { parties } = setup;
    assert.equal((await agent.post('desk/me/call', { action: 'consult', agent_id: colleagueId })).status, 200);
    await waitFor('the consultation', async () => (await agent.get('desk/me')).body.call?.consultation?.connected);
    // Hanging up from the desk waits until the consultation is decided.
    const early = await agent.post('desk/me/call', { action: 'hangup' });
    assert.equal(early.status, 409, JSON.stringify(early.body));
    const back = await agent.post('desk/me/call', { action: 'cancel_consult' });
    assert.equal(back.status, 200, JSON.stringify(back.body));
    const colleagueLeg = await setup.colleaguePhone;
    assert.equal(colleagueLeg.code, 0, `the colleague's phone is hung up: ${describe(colleagueLeg)}`);
    let hearing = await listenAWhile({ caller: parties.caller, agent: parties.agent });
    expectHears('back', hearing, 'caller', { caller: false, agent: true, colleague: false });
    expectHears('back', hearing, 'agent', { caller: true, agent: false, colleague: false });
    await waitFor('the colleague free again', async () => {
      const s = (await colleague.get('desk/me')).body;
      if (s.state === 'wrap-up') await colleague.post('desk/me/state', { action: 'ready' });
      return s.state === 'available';
    });

    // The colleague's phone again, for the conference; its media comes from a new stream.
    parties.colleague.remote = null;
    setup.colleaguePhone = runSipp(server, 'supervision_phone.xml', {
      service: 'sw.agent2', args: ['-key', 'rtp_port', String(parties.colleague.port)], timeoutSeconds: 60,
    });
    const reg = await registerAgentPhone(server, setup.colleaguePhone.port, 120, 'sw.agent2', 'demo-sip-202');
    assert.equal(reg.code, 0, describe(reg));
    // This time to a queue: its free agent (the colleague serves the Störungsannahme) is rung.
    const toQueue = await agent.post('desk/me/call', { action: 'consult', queue: 'Störungsannahme' });
    assert.equal(toQueue.status, 200, JSON.stringify(toQueue.body));
    assert.equal(toQueue.body.call.consultation.target_agent_id, colleagueId);
    await waitFor('the consultation', async () => (await agent.get('desk/me')).body.call?.consultation?.connected);
    const conference = await agent.post('desk/me/call', { action: 'conference' });
    assert.equal(conference.status, 200, JSON.stringify(conference.body));
    hearing = await listenAWhile(parties);
    expectHears('conference', hearing, 'caller', { caller: false, agent: true, colleague: true });
    expectHears('conference', hearing, 'agent', { caller: true, agent: false, colleague: true });
    expectHears('conference', hearing, 'colleague', { caller: true, agent: true, colleague: false });

    const left = await agent.post('desk/me/call', { action: 'leave' });
    assert.equal(left.status, 200, JSON.stringify(left.body));
    const agentLeg = await setup.agentPhone;
    assert.equal(agentLeg.code, 0, describe(agentLeg));
    hearing = await listenAWhile({ caller: parties.caller, colleague: parties.colleague });
    expectHears('after leaving', hearing, 'caller', { caller: false, agent: false, colleague: true });
    expectHears('after leaving', hearing, 'colleague', { caller: true, agent: false, colleague: false });
    await hangUpFromDesk(colleague, setup);
    const { events } = await endedCall({ get: async (p) => (await admin.get(p)).body }, callerNumber);
    const types = events.map((e) => e.type);
    for (const type of ['transfer.cancelled', 'conference.started', 'conference.left', 'transfer.completed'])
      assert.equal(eventsOf(events, type).length, 1, `${type} in ${JSON.stringify(types)}`);
    assert.equal(eventsOf(events, 'transfer.consult').length, 2);
    assert.equal(eventsOf(events, 'conference.left')[0].payload.agent_id, agentId);
  } finally {
    await cleanUp(setup);
  }
});

test('a busy colleague fails the consultation: the caller holds on, the agent is told and resumes', async () => {
  const callerNumber = '+491000093';
  let setup = null;
  try {
    setup = await connectedCall(callerNumber, 'agent_busy.xml');
    const asked = await agent.post('desk/me/call', { action: 'consult', agent_id: colleagueId });
    assert.equal(asked.status, 200, JSON.stringify(asked.body));
    const failed = await waitFor('the failure on the desk', async () => {
      const s = (await agent.get('desk/me')).body;
      return s.call?.consult_failed ? s : null;
    });
    assert.equal(failed.call.consult_failed.target_agent_id, colleagueId);
    assert.equal(failed.call.held, true);
    assert.equal(failed.call.consultation, undefined);
    // The busy colleague is paused "no-answer" as after any refused call.
    const target = (await colleague.get('desk/me')).body;
    assert.equal(target.state, 'paused');
    const resumed = await agent.post('desk/me/call', { action: 'resume' });
    assert.equal(resumed.status, 200, JSON.stringify(resumed.body));
    const hearing = await listenAWhile({ caller: setup.parties.caller, agent: setup.parties.agent });
    expectHears('resumed', hearing, 'caller', { caller: false, agent: true, colleague: false });
    await hangUpFromDesk(agent, setup);
    const agentLeg = await setup.agentPhone;
    assert.equal(agentLeg.code, 0, `the agent's phone got its BYE: ${describe(agentLeg)}`);
    const { interaction, events } = await endedCall({ get: async (p) => (await admin.get(p)).body }, callerNumber);
    assert.equal(eventsOf(events, 'transfer.consult_failed').length, 1, JSON.stringify(events.map((e) => e.type)));
    assert.equal(interaction.end_reason, 'agent_hangup');
    const hangup = eventsOf(events, 'call.hangup');
    assert.equal(hangup.length, 1, JSON.stringify(events.map((e) => e.type)));
    assert.equal(hangup[0].payload.via, 'desk');
    assert.equal(hangup[0].payload.agent_id, agentId);
    await waitFor('agent 1 in wrap-up', async () => (await agent.get('desk/me')).body.state === 'wrap-up');
  } finally {
    await cleanUp(setup);
  }
});

test('blind transfer to a named colleague: the colleague answers and has the caller', async () => {
  const callerNumber = '+491000094';
  let setup = null;
  try {
    setup = await connectedCall(callerNumber);
    const moved = await agent.post('desk/me/call', { action: 'transfer', agent_id: colleagueId });
    assert.equal(moved.status, 200, JSON.stringify(moved.body));
    assert.equal(moved.body.state, 'wrap-up');
    const agentLeg = await setup.agentPhone;
    assert.equal(agentLeg.code, 0, describe(agentLeg));
    await waitFor('the colleague on the call', async () => (await colleague.get('desk/me')).body.state === 'on-call', 20000);
    const hearing = await listenAWhile({ caller: setup.parties.caller, colleague: setup.parties.colleague });
    expectHears('transferred', hearing, 'colleague', { caller: true, agent: false, colleague: false });
    await hangUpFromDesk(colleague, setup);
    const { interaction, events } = await endedCall({ get: async (p) => (await admin.get(p)).body }, callerNumber);
    const blind = eventsOf(events, 'transfer.blind');
    assert.equal(blind.length, 1);
    assert.equal(blind[0].payload.to_agent_id, colleagueId);
    await endWrapUps();
    const rows = await waitFor('both queue records', async () => {
      const r = (await admin.get(`queue_calls?interaction_id=${interaction.id}&sort=id`)).body.items;
      return r.length === 2 ? r : null;
    }, 20000);
    assert.deepEqual(rows.map((r) => r.agent_id), [agentId, colleagueId]);
  } finally {
    await cleanUp(setup);
  }
});
