// A team lead listens, whispers and barges into a live agent call, checked on RTP: a caller of
// the flow hotline waits in the customer-service queue, the agent's phone (SIPp UAS for
// sw.agent) answers, then the lead's phone (SIPp UAS registered as sw.teamleitung, extension
// 200) is rung through the wallboard API. Every party's media is a socket of this test that
// sends a tone of its own frequency; what each receives says, by frequency, whom it hears.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, sourceDir } from '../e2e/lib/server.mjs';
import { runSipp, registerAgentPhone, describe, apiClient, endedCall, eventsOf, waitFor, statusClient } from './lib/sipp.mjs';
import { RtpParty } from './lib/rtp_party.mjs';

const hotlineFlow = '+49567801101';
const TONES = { caller: 500, agent: 1100, supervisor: 1700 };
let server;
let admin;
let agent;
let lead;

let examples;

before(async () => {
  // The demo with a short RTP timeout (5 s), so that a silent phone is noticed within a test.
  // Every party's socket here sends all the time, so only the one muted on purpose goes quiet.
  examples = fs.mkdtempSync(path.join(os.tmpdir(), 'callwerk-supervision-'));
  fs.cpSync(path.join(sourceDir(), 'examples', 'demo'), examples, { recursive: true });
  const telephony = path.join(examples, 'telephony.yaml');
  const text = fs.readFileSync(telephony, 'utf8');
  assert.match(text, /timeout_seconds: 30/);
  fs.writeFileSync(telephony, text.replace('timeout_seconds: 30', 'timeout_seconds: 5'));
  server = await startServer({ examples, demoTenants: true });
  assert.ok(server.sipPort, `the demo prints its SIP port:\n${server.output()}`);
  admin = await apiClient(server, 'sw.admin', 'demo-admin');
  agent = await apiClient(server, 'sw.agent', 'demo-agent');
  lead = await statusClient(server, 'sw.teamleitung', 'demo-teamleitung');
});

after(async () => {
  if (server) await server.stop();
  if (examples) fs.rmSync(examples, { recursive: true, force: true });
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Lets a change settle, then listens for a while; what each party heard.
async function listenAWhile(parties) {
  await sleep(300);
  for (const p of Object.values(parties)) p.restartListening();
  await sleep(1500);
  const out = {};
  for (const [name, p] of Object.entries(parties)) out[name] = p.hears(TONES);
  return out;
}

// The three parties' media sockets, each sending its own tone, and the agent's and the lead's
// SIPp phones, whose SDP points at those sockets; the lead's phone runs `leadScenario`.
async function partiesAndPhones(leadScenario) {
  const parties = {
    caller: new RtpParty('caller', TONES.caller),
    agent: new RtpParty('agent', TONES.agent),
    supervisor: new RtpParty('supervisor', TONES.supervisor),
  };
  for (const p of Object.values(parties)) await p.bind();
  const agentPhone = runSipp(server, 'supervision_phone.xml', {
    service: 'sw.agent', args: ['-key', 'rtp_port', String(parties.agent.port)], timeoutSeconds: 70,
  });
  const leadPhone = runSipp(server, leadScenario, {
    service: 'sw.teamleitung', args: ['-key', 'rtp_port', String(parties.supervisor.port)], timeoutSeconds: 70,
  });
  return { parties, agentPhone, leadPhone };
}

function expectHears(what, hearing, party, expected) {
  const got = hearing[party];
  assert.ok(got.samples > 8000, `${what}: ${party} received too little audio (${got.samples} samples)`);
  assert.deepEqual(got.heard, expected, `${what}: ${party} heard ${JSON.stringify(got.levels)}`);
}

test('a team lead listens, whispers and barges in; each party hears exactly whom the mode says', async () => {
  const caller = '+491000070';
  const { parties, agentPhone, leadPhone } = await partiesAndPhones('supervision_phone.xml');
  let callerCall = null;
  try {
    const reg = await registerAgentPhone(server, agentPhone.port, 120);
    assert.equal(reg.code, 0, describe(reg));
    await waitFor('the registration', async () => (await agent.get('desk/me')).phone_registered);
    const loggedIn = await agent.post('desk/me/state', { action: 'log-in' });
    assert.equal(loggedIn.status, 200, JSON.stringify(loggedIn.body));
    const agentId = loggedIn.body.user_id;
    const supervise = `wallboard/agents/${agentId}/supervise`;

    // Nobody to listen to yet.
    const idle = await lead.post(supervise, { mode: 'listen' });
    assert.equal(idle.status, 409, JSON.stringify(idle.body));
    assert.match(idle.body.error.message, /kein Gespräch/);

    callerCall = runSipp(server, 'supervision_caller.xml', {
      service: hotlineFlow, args: ['-key', 'caller', caller, '-key', 'rtp_port', String(parties.caller.port)], timeoutSeconds: 70,
    });
    // The flow's greeting shows where the caller's stream is; the caller asks for a person.
    await waitFor('the greeting', async () => parties.caller.remote !== null);
    await sleep(800);
    parties.caller.pressKey('0');
    await waitFor('the agent on the call', async () => {
      const s = await agent.get('desk/me');
      return s.state === 'on-call';
    }, 20000);

    // Roles and tenants: an agent and a client's viewer may not; another tenant's lead does
    // not even find the agent; bad modes are refused.
    const byAgent = await (await statusClient(server, 'sw.agent2', 'demo-agent')).post(supervise, { mode: 'listen' });
    assert.equal(byAgent.status, 403);
    const byViewer = await (await statusClient(server, 'sw.auftraggeber', 'demo-viewer')).post(supervise, { mode: 'listen' });
    assert.equal(byViewer.status, 403);
    const foreign = await (await statusClient(server, 'wr.teamleitung', 'demo-teamleitung')).post(supervise, { mode: 'listen' });
    assert.equal(foreign.status, 404, JSON.stringify(foreign.body));
    assert.equal((await lead.post(supervise, { mode: 'shout' })).status, 400);
    // The lead's phone is not registered yet.
    const unregistered = await lead.post(supervise, { mode: 'listen' });
    assert.equal(unregistered.status, 409, JSON.stringify(unregistered.body));
    assert.match(unregistered.body.error.message, /nicht angemeldet/);

    const leadReg = await registerAgentPhone(server, leadPhone.port, 120, 'sw.teamleitung', 'demo-sip-200');
    assert.equal(leadReg.code, 0, describe(leadReg));
    // Before anyone supervises, the caller and the agent hear each other only.
    let hearing = await listenAWhile(parties);
    expectHears('bridged', hearing, 'caller', { caller: false, agent: true, supervisor: false });
    expectHears('bridged', hearing, 'agent', { caller: true, agent: false, supervisor: false });

    const started = await lead.post(supervise, { mode: 'listen' });
    assert.equal(started.status, 202, JSON.stringify(started.body));
    await waitFor('the lead on the call', async () => {
      const board = await lead.get('wallboard');
      const row = board.body.agents.find((a) => a.user_id === agentId);
      return row && row.call && row.call.supervision && row.call.supervision.connected;
    });
    hearing = await listenAWhile(parties);
    expectHears('listen', hearing, 'supervisor', { caller: true, agent: true, supervisor: false });
    expectHears('listen', hearing, 'caller', { caller: false, agent: true, supervisor: false });
    expectHears('listen', hearing, 'agent', { caller: true, agent: false, supervisor: false });

    assert.equal((await lead.patch(supervise, { mode: 'whisper' })).status, 200);
    hearing = await listenAWhile(parties);
    expectHears('whisper', hearing, 'supervisor', { caller: true, agent: true, supervisor: false });
    expectHears('whisper', hearing, 'caller', { caller: false, agent: true, supervisor: false });
    expectHears('whisper', hearing, 'agent', { caller: true, agent: false, supervisor: true });

    assert.equal((await lead.patch(supervise, { mode: 'barge' })).status, 200);
    hearing = await listenAWhile(parties);
    expectHears('barge', hearing, 'supervisor', { caller: true, agent: true, supervisor: false });
    expectHears('barge', hearing, 'caller', { caller: false, agent: true, supervisor: true });
    expectHears('barge', hearing, 'agent', { caller: true, agent: false, supervisor: true });

    // Back to listening during the call.
    assert.equal((await lead.patch(supervise, { mode: 'listen' })).status, 200);
    hearing = await listenAWhile(parties);
    expectHears('listen again', hearing, 'caller', { caller: false, agent: true, supervisor: false });
    expectHears('listen again', hearing, 'agent', { caller: true, agent: false, supervisor: false });

    // The lead leaves: only their phone is hung up, the call goes on.
    const ended = await lead.del(supervise);
    assert.equal(ended.status, 204, JSON.stringify(ended.body));
    const leadDone = await leadPhone;
    assert.equal(leadDone.code, 0, `lead phone: ${describe(leadDone)}`);
    hearing = await listenAWhile({ caller: parties.caller, agent: parties.agent });
    expectHears('after', hearing, 'caller', { caller: false, agent: true, supervisor: false });
    expectHears('after', hearing, 'agent', { caller: true, agent: false, supervisor: false });
    assert.equal((await lead.del(supervise)).status, 409, 'nobody supervises any more');

    // The agent hangs up from the desk: caller and agent phone get BYE.
    const hungUp = await agent.post('desk/me/call', { action: 'hangup' });
    assert.equal(hungUp.status, 200, JSON.stringify(hungUp.body));
    const callerDone = await callerCall;
    assert.equal(callerDone.code, 0, `caller: ${describe(callerDone)}`);
    assert.equal((await agentPhone).code, 0, 'the agent phone got its BYE');
    const { events } = await endedCall(admin, caller);
    const types = events.map((e) => e.type);
    const startedEntry = eventsOf(events, 'supervision.started');
    assert.equal(startedEntry.length, 1, JSON.stringify(types));
    assert.equal(startedEntry[0].payload.mode, 'listen');
    assert.equal(startedEntry[0].payload.user_id, (await lead.get('auth/me')).body.user.id);
    assert.deepEqual(eventsOf(events, 'supervision.mode').map((e) => e.payload.mode), ['whisper', 'barge', 'listen']);
    const endedEntry = eventsOf(events, 'supervision.ended');
    assert.equal(endedEntry.length, 1, JSON.stringify(types));
    assert.equal(endedEntry[0].payload.reason, 'supervisor_ended');
    assert.ok(types.indexOf('supervision.ended') < types.indexOf('call.ended'), JSON.stringify(types));
  } finally {
    for (const p of Object.values(parties)) p.close();
    agentPhone.kill();
    leadPhone.kill();
    if (callerCall) callerCall.kill();
    await registerAgentPhone(server, agentPhone.port, 0);
    await registerAgentPhone(server, leadPhone.port, 0, 'sw.teamleitung', 'demo-sip-200');
  }
});

// A caller connected to the agent with the lead barging in, and the lead's leg then ended by
// `endLead` (which returns when the lead's phone has finished); afterwards caller and agent
// must still hear each other, and the protocol names `reason` for the supervision's end.
async function leadLeavesCallGoesOn(caller, leadScenario, endLead, reason) {
  const { parties, agentPhone, leadPhone } = await partiesAndPhones(leadScenario);
  let callerCall = null;
  try {
    for (const [phone, user, password] of [[agentPhone, 'sw.agent', 'demo-sip-201'], [leadPhone, 'sw.teamleitung', 'demo-sip-200']]) {
      const reg = await registerAgentPhone(server, phone.port, 120, user, password);
      assert.equal(reg.code, 0, describe(reg));
    }
    await waitFor('the registration', async () => (await agent.get('desk/me')).phone_registered);
    // After an earlier test's call the agent may still wrap up.
    const state = (await agent.get('desk/me')).state;
    const ready = await agent.post('desk/me/state', { action: state === 'offline' ? 'log-in' : 'ready' });
    assert.equal(ready.status, 200, JSON.stringify(ready.body));
    const supervise = `wallboard/agents/${ready.body.user_id}/supervise`;

    callerCall = runSipp(server, 'supervision_caller.xml', {
      service: hotlineFlow, args: ['-key', 'caller', caller, '-key', 'rtp_port', String(parties.caller.port)], timeoutSeconds: 70,
    });
    await waitFor('the greeting', async () => parties.caller.remote !== null);
    await sleep(800);
    parties.caller.pressKey('0');
    await waitFor('the agent on the call', async () => (await agent.get('desk/me')).state === 'on-call', 20000);

    assert.equal((await lead.post(supervise, { mode: 'barge' })).status, 202);
    const leadDone = await endLead(parties, leadPhone);
    assert.equal(leadDone.code, 0, `lead phone: ${describe(leadDone)}`);
    await waitFor('the supervision gone from the wallboard', async () => {
      const board = await lead.get('wallboard');
      const row = board.body.agents.find((a) => a.user_id === ready.body.user_id);
      return row && row.call && !row.call.supervision;
    });
    const hearing = await listenAWhile({ caller: parties.caller, agent: parties.agent });
    expectHears('after the lead left', hearing, 'caller', { caller: false, agent: true, supervisor: false });
    expectHears('after the lead left', hearing, 'agent', { caller: true, agent: false, supervisor: false });
    assert.equal((await agent.get('desk/me')).state, 'on-call', 'the call goes on');

    assert.equal((await agent.post('desk/me/call', { action: 'hangup' })).status, 200);
    const callerDone = await callerCall;
    assert.equal(callerDone.code, 0, `caller: ${describe(callerDone)}`);
    const { interaction, events } = await endedCall(admin, caller);
    assert.equal(interaction.end_reason, 'agent_hangup');
    const endedEntry = eventsOf(events, 'supervision.ended');
    assert.equal(endedEntry.length, 1, JSON.stringify(events.map((e) => e.type)));
    assert.equal(endedEntry[0].payload.reason, reason);
    assert.equal(endedEntry[0].payload.mode, 'barge');
    return events;
  } finally {
    for (const p of Object.values(parties)) p.close();
    agentPhone.kill();
    leadPhone.kill();
    if (callerCall) callerCall.kill();
    await registerAgentPhone(server, agentPhone.port, 0);
    await registerAgentPhone(server, leadPhone.port, 0, 'sw.teamleitung', 'demo-sip-200');
  }
}

test('the lead hanging up ends only the supervision: caller and agent talk on', async () => {
  // supervision_phone_hangs_up.xml answers and hangs up 4 s later.
  await leadLeavesCallGoesOn('+491000072', 'supervision_phone_hangs_up.xml', (parties, leadPhone) => leadPhone, 'supervisor_hangup');
});

test('the lead\'s phone going silent ends only the supervision (RTP timeout of that leg)', async () => {
  const events = await leadLeavesCallGoesOn('+491000073', 'supervision_phone.xml', async (parties, leadPhone) => {
    await waitFor('the lead hearing the call', async () => parties.supervisor.remote !== null, 20000);
    parties.supervisor.mute();
    return leadPhone;  // callwerk sends it a BYE after the 5 s timeout
  }, 'rtp_timeout');
  const timeouts = eventsOf(events, 'media.timeout');
  assert.deepEqual(timeouts.map((e) => e.payload.leg), ['supervisor'], JSON.stringify(timeouts));
});
