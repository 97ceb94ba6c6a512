// The voice channel against real SIP peers: SIPp plays callers, phones and trunks; the
// checks read the stored protocol through the API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { startServer } from '../e2e/lib/server.mjs';
import { runSipp, describe, apiClient, endedCall, eventsOf, keypadScenario } from './lib/sipp.mjs';

const hotline = '+49567801100';
const hotlineFlow = '+49567801101';  // the same hotline as a flow
const surveyFlow = '+49567801102';  // the customer-satisfaction survey
let server;
let api;

before(async () => {
  server = await startServer();
  assert.ok(server.sipPort, `the demo prints its SIP port:\n${server.output()}`);
  api = await apiClient(server, 'sw.admin', 'demo-admin');
});

after(async () => {
  if (server) await server.stop();
});

// The kernel's scheduling policy of the server's thread named `name` (field 41 of its stat:
// 0 SCHED_OTHER, 1 SCHED_FIFO).
function policyOfThread(pid, name) {
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    if (fs.readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim() !== name) continue;
    const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[41 - 3]);
  }
  return -1;
}

test('the media thread runs at real-time priority where the process may, and the log says which', () => {
  // CAP_SYS_NICE (bit 23) of this process: the server runs as the same user in the same place.
  const capEff = /CapEff:\s*([0-9a-f]+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1];
  const mayRealtime = (BigInt(`0x${capEff}`) >> 23n) & 1n;
  const line = /media thread: RTP through \S+, (.*)/.exec(server.output());
  assert.ok(line, `the media thread's start line:\n${server.output()}`);
  if (mayRealtime) {
    assert.equal(line[1], 'real-time (SCHED_FIFO 10)');
    assert.equal(policyOfThread(server.pid, 'cw-media-0'), 1);
  } else {
    assert.match(line[1], /^normal \(real-time priority refused: /);
    assert.equal(policyOfThread(server.pid, 'cw-media-0'), 0);
  }
  // The SIP loop stays an ordinary thread.
  assert.equal(policyOfThread(server.pid, 'cw-core'), 0);
});

test('OPTIONS is answered 200 with the methods callwerk allows', async () => {
  const r = await runSipp(server, 'options.xml', { args: ['-key', 'caller', '+491000001'] });
  assert.equal(r.code, 0, describe(r));
});

test('an inbound call picks a menu item with RFC 2833 DTMF and stands in the protocol', async () => {
  const caller = '+491000002';
  const r = await runSipp(server, 'inbound_dtmf.xml', { service: hotline, args: ['-key', 'caller', caller] });
  assert.equal(r.code, 0, describe(r));
  const { interaction, events } = await endedCall(api, caller);
  assert.equal(interaction.local_address, hotline);
  assert.equal(interaction.end_reason, 'caller_hangup');
  assert.ok(interaction.answered_at, 'answered');
  assert.deepEqual(events.map((e) => e.type).slice(0, 2), ['call.started', 'say']);
  assert.match(events[1].payload.text, /Stadtwerken Musterstadt/);
  const keys = eventsOf(events, 'dtmf.received');
  assert.deepEqual(keys.map((e) => [e.payload.digit, e.payload.source]), [['3', 'rfc4733']]);
  const choice = eventsOf(events, 'menu.selected')[0];
  assert.equal(choice.payload.option, 'stoerung');
  assert.equal(events.at(-1).type, 'call.ended');
});

test('a call to the flow number runs the hotline flow: the menu key goes to the flow and every step stands in the protocol', async () => {
  const caller = '+491000020';
  const r = await runSipp(server, 'inbound_dtmf.xml', { service: hotlineFlow, args: ['-key', 'caller', caller] });
  assert.equal(r.code, 0, describe(r));
  const { interaction, events } = await endedCall(api, caller);
  assert.equal(interaction.local_address, hotlineFlow);
  assert.equal(interaction.end_reason, 'caller_hangup');
  assert.equal(eventsOf(events, 'flow.start').length, 1);
  const prompts = eventsOf(events, 'flow.prompt').map((e) => e.payload.text);
  assert.match(prompts[0], /Herzlich willkommen bei den Stadtwerken Musterstadt/);
  assert.match(prompts[1], /Zählerstands drücken Sie die 1/);
  assert.deepEqual(eventsOf(events, 'dtmf.received').map((e) => e.payload.digit), ['3']);
  const input = eventsOf(events, 'flow.input')[0].payload;
  assert.equal(input.node, 'hauptmenue');
  assert.equal(input.input, '3');
  // 3 reports an outage: the virtual agent asks which supply is affected.
  assert.ok(prompts.some((t) => /Welche Versorgung ist gestört/.test(t)), JSON.stringify(prompts));
  assert.ok(eventsOf(events, 'say').length === 0, 'a flow call logs flow.prompt, not the menu\'s say');
  assert.equal(events.at(-1).type, 'call.ended');
});

test('a known caller changes the tariff by keypad: the order is stored with the contact and the call', async () => {
  const caller = '+4917108072990';  // Agnieszka Lang, Am Stadtpark 87, 12345 Musterstadt
  // 4 tariff change (the number identifies her), 1 electricity, 3 the third tariff offered
  // (Strom Öko Regional, one per order: no quantity asked), 1 yes at the read-back.
  const r = await runSipp(server, keypadScenario('4131'), {
    service: hotlineFlow, args: ['-key', 'caller', caller], timeoutSeconds: 90,
  });
  assert.equal(r.code, 0, describe(r));
  const { interaction, events } = await endedCall(api, caller);
  assert.equal(interaction.end_reason, 'flow_end');
  const contacts = await api.get(`contacts?q=${encodeURIComponent('Lang')}&limit=50`);
  const contact = contacts.items.find((c) => c.first_name === 'Agnieszka');
  assert.ok(contact, 'the demo contact exists');
  assert.equal(interaction.contact_id, contact.id, 'the caller was identified by number');

  const orders = await api.get(`orders?interaction_id=${interaction.id}`);
  assert.equal(orders.items.length, 1, JSON.stringify(orders));
  const order = orders.items[0];
  assert.equal(order.contact_id, contact.id);
  assert.equal(order.delivery_street, 'Am Stadtpark 87');
  assert.equal(order.total_cents, 1390);
  const products = await api.get('products?sku=SW-STROM-OEKO');
  assert.equal(order.lines[0].product_id, products.items[0].id);
  assert.equal(order.lines[0].quantity, 1);

  const prompts = eventsOf(events, 'flow.prompt').map((e) => e.payload.text);
  assert.ok(prompts.some((t) => /Strom Öko Regional/.test(t) && /13,90 Euro/.test(t)), JSON.stringify(prompts));
  assert.ok(prompts.some((t) => t.includes(order.order_number)), 'the order number is said');
  assert.deepEqual(eventsOf(events, 'dtmf.received').map((e) => e.payload.digit), ['4', '1', '3', '1']);
  assert.ok(eventsOf(events, 'flow.order').some((e) => e.payload.number === order.order_number),
    JSON.stringify(eventsOf(events, 'flow.order')));
});

test('an outage reported by keypad becomes a ticket due in four hours, linked to the call', async () => {
  const caller = '+491000031';  // unknown number: an outage needs no identification
  const r = await runSipp(server, keypadScenario('31'), {
    service: hotlineFlow, args: ['-key', 'caller', caller], timeoutSeconds: 90,
  });
  assert.equal(r.code, 0, describe(r));
  const { interaction, events } = await endedCall(api, caller);
  assert.equal(interaction.end_reason, 'flow_end');
  const tickets = await api.get(`tickets?interaction_id=${interaction.id}`);
  assert.equal(tickets.items.length, 1, JSON.stringify(tickets));
  const ticket = tickets.items[0];
  assert.equal(ticket.category, 'Strom');
  assert.equal(ticket.status, 'open');
  const hours = (Date.parse(ticket.due_at) - Date.parse(interaction.started_at)) / 3600000;
  assert.ok(hours > 3.9 && hours < 4.1, `due ${ticket.due_at}, call ${interaction.started_at}`);
  const prompts = eventsOf(events, 'flow.prompt').map((e) => e.payload.text);
  assert.ok(prompts.some((t) => t.includes(`Störungsmeldung hat die Nummer ${ticket.ticket_number}`)),
    JSON.stringify(prompts));
});

test('a call back asked for by keypad is kept for the queue with the caller\'s number and contact', async () => {
  const caller = '+4917108072990';  // Agnieszka Lang: known by her number
  const r = await runSipp(server, keypadScenario('8'), {
    service: hotlineFlow, args: ['-key', 'caller', caller], timeoutSeconds: 60,
  });
  assert.equal(r.code, 0, describe(r));
  const { interaction, events } = await endedCall(api, caller);
  assert.equal(interaction.end_reason, 'flow_end');
  const callbacks = await api.get(`callbacks?interaction_id=${interaction.id}`);
  assert.equal(callbacks.items.length, 1, JSON.stringify(callbacks));
  const callback = callbacks.items[0];
  assert.equal(callback.number_e164, caller);
  assert.equal(callback.status, 'pending');
  assert.equal(callback.contact_id, interaction.contact_id);
  assert.ok(callback.contact_id, 'the caller was identified');
  const queues = await api.get(`queues?name=${encodeURIComponent('Kundenservice')}`);
  assert.equal(callback.queue_id, queues.items[0].id);
  assert.ok(Date.parse(callback.due_at) <= Date.now(), 'due at once');
  const steps = eventsOf(events, 'flow.callback');
  assert.ok(steps.some((e) => e.payload.ok === true), JSON.stringify(steps));
  const prompts = eventsOf(events, 'flow.prompt').map((e) => e.payload.text);
  assert.ok(prompts.some((t) => /ruft Sie so bald wie möglich zurück/.test(t)), JSON.stringify(prompts));
});

test('a survey by keypad stores every answer, skips by its logic and leaves out free text', async () => {
  const caller = '+491000032';
  // yes to take part, "partly" solved, satisfaction 3 (so the reasons are asked), NPS 7,
  // reasons 1 and 4 (waiting time, prices); the open question is skipped on the phone. No
  // key twice in a row: SIPp replays the same pcap, and a repeated RTP event timestamp is
  // rightly taken as the same key press (RFC 4733).
  const r = await runSipp(server, keypadScenario(['1', '2', '3', '7#', '14#']), {
    service: surveyFlow, args: ['-key', 'caller', caller], timeoutSeconds: 90,
  });
  assert.equal(r.code, 0, describe(r));
  const { interaction, events } = await endedCall(api, caller);
  assert.equal(interaction.end_reason, 'survey_complete', JSON.stringify(events.filter((e) => /flow\.(prompt|input|no_match|no_input)|dtmf|survey/.test(e.type)).map((e) => [e.type, e.payload.text ?? e.payload.digit ?? e.payload.input ?? e.payload.answer])));
  const answers = Object.fromEntries(eventsOf(events, 'survey.answer')
    .map((e) => [e.payload.question, e.payload.answer]));
  assert.deepEqual(answers, {
    geloest: 'teilweise', zufriedenheit: '3', empfehlung: '7', gruende: 'wartezeit,preise',
  });
  assert.ok(eventsOf(events, 'survey.answer').every((e) => e.payload.survey === 'kundenzufriedenheit-2026'));
});

test('CANCEL before the answer ends the call as cancelled, never answered', async () => {
  const caller = '+491000003';
  const r = await runSipp(server, 'cancel.xml', { service: hotline, args: ['-key', 'caller', caller] });
  assert.equal(r.code, 0, describe(r));
  const { interaction, events } = await endedCall(api, caller);
  assert.equal(interaction.end_reason, 'caller_cancelled');
  assert.equal(interaction.answered_at ?? null, null);
  assert.deepEqual(events.map((e) => e.type), ['call.started', 'call.ended']);
});

test('callwerk hangs up itself after the chosen information (server BYE)', async () => {
  const caller = '+491000004';
  const r = await runSipp(server, 'server_bye.xml', { service: hotline, args: ['-key', 'caller', caller] });
  assert.equal(r.code, 0, describe(r));
  const { interaction, events } = await endedCall(api, caller);
  assert.equal(interaction.end_reason, 'menu_completed');
  assert.equal(eventsOf(events, 'menu.selected')[0].payload.option, 'zaehlerstand');
  const said = eventsOf(events, 'say').map((e) => e.payload.text);
  assert.match(said.at(-1), /Auf Wiederhören/);
});

test('re-INVITE puts the call on hold and back (sendonly answered recvonly)', async () => {
  const caller = '+491000005';
  const r = await runSipp(server, 'reinvite_hold.xml', { service: hotline, args: ['-key', 'caller', caller] });
  assert.equal(r.code, 0, describe(r));
  const { events } = await endedCall(api, caller);
  assert.deepEqual(events.filter((e) => e.type.startsWith('call.h') || e.type === 'call.resumed').map((e) => e.type),
    ['call.hold', 'call.resumed']);
});

test('REGISTER with digest: the right password registers, a wrong one is refused', async () => {
  const good = await runSipp(server, 'register.xml', {
    service: 'sw.agent2',
    args: ['-au', 'sw.agent2', '-ap', 'demo-sip-202', '-key', 'expires', '600', '-key', 'contact_port', '5099'],
  });
  assert.equal(good.code, 0, describe(good));
  const bad = await runSipp(server, 'register_bad.xml', { service: 'sw.agent3', args: ['-au', 'sw.agent3', '-ap', 'not-the-password'] });
  assert.equal(bad.code, 0, describe(bad));
  const unknown = await runSipp(server, 'register_bad.xml', { service: 'nobody', args: ['-au', 'nobody', '-ap', 'x'] });
  assert.equal(unknown.code, 0, describe(unknown));
});

test('an INVITE toward an outside number is never routed: challenged (407) or refused (404)', async () => {
  const stranger = await runSipp(server, 'refused_407.xml', {
    service: '+4930123456', localIp: '127.0.0.2', args: ['-key', 'caller', '+491000006'],
  });
  assert.equal(stranger.code, 0, describe(stranger));
  const trunk = await runSipp(server, 'refused_404.xml', { service: '+4930123456', args: ['-key', 'caller', '+491000007'] });
  assert.equal(trunk.code, 0, describe(trunk));
  const list = await api.get('interactions?channel=voice&remote_address=%2B491000006');
  assert.equal(list.items.length, 0, 'a refused call creates no interaction');
});

test('a malformed request gets 400 and the next call still works', async () => {
  const bad = await runSipp(server, 'malformed.xml', { service: hotline, args: ['-key', 'caller', '+491000008'] });
  assert.equal(bad.code, 0, describe(bad));
  const caller = '+491000009';
  const r = await runSipp(server, 'inbound_dtmf.xml', { service: hotline, args: ['-key', 'caller', caller] });
  assert.equal(r.code, 0, describe(r));
  const { events } = await endedCall(api, caller);
  assert.equal(eventsOf(events, 'menu.selected').length, 1);
});

test('DTMF by SIP INFO (application/dtmf-relay) chooses like RFC 2833', async () => {
  const caller = '+491000012';
  const r = await runSipp(server, 'info_dtmf.xml', { service: hotline, args: ['-key', 'caller', caller] });
  assert.equal(r.code, 0, describe(r));
  const { events } = await endedCall(api, caller);
  assert.deepEqual(eventsOf(events, 'dtmf.received').map((e) => [e.payload.digit, e.payload.source]), [['3', 'sip_info']]);
  assert.equal(eventsOf(events, 'menu.selected')[0].payload.option, 'stoerung');
});

test('a call over TCP works like one over UDP', async () => {
  const caller = '+491000013';
  const r = await runSipp(server, 'inbound_dtmf.xml', { service: hotline, transport: 't1', args: ['-key', 'caller', caller] });
  assert.equal(r.code, 0, describe(r));
  const { events } = await endedCall(api, caller);
  assert.equal(events[0].payload.transport, 'TCP');
  assert.equal(eventsOf(events, 'menu.selected')[0].payload.option, 'stoerung');
});

test('BYE while it still rings: 200 for the BYE, 487 for the INVITE', async () => {
  const caller = '+491000014';
  const r = await runSipp(server, 'bye_ringing.xml', { service: hotline, args: ['-key', 'caller', caller] });
  assert.equal(r.code, 0, describe(r));
  const { interaction } = await endedCall(api, caller);
  assert.equal(interaction.end_reason, 'caller_cancelled');
});

test('a registered phone (not a trunk) must authenticate its INVITE, and may not dial out', async () => {
  const phone = (scenario, service, caller) => runSipp(server, scenario, {
    service,
    localIp: '127.0.0.2',
    args: ['-key', 'caller', caller, '-au', 'sw.agent4', '-ap', 'demo-sip-204',
      // SIPp would otherwise put its own remote address into the digest uri.
      '-auth_uri', `${service}@${server.sipHost}:${server.sipPort}`],
  });
  const inside = await phone('phone_call.xml', hotline, '+491000015');
  assert.equal(inside.code, 0, describe(inside));
  const { events } = await endedCall(api, '+491000015');
  assert.equal(events[0].payload.phone_user, 'sw.agent4');
  const outside = await phone('phone_outside.xml', '+4930123456', '+491000016');
  assert.equal(outside.code, 0, describe(outside));
  const list = await api.get('interactions?channel=voice&remote_address=%2B491000016');
  assert.equal(list.items.length, 0);
});

// Bridging: caller -> callwerk menu (2 = customer service, extension 201 = sw.agent) ->
// SIPp phone registered as sw.agent, which echoes RTP. Either side's BYE ends both legs.
async function transferCall({ caller, agentScenario, callerScenario }) {
  const agent = runSipp(server, agentScenario, { service: 'sw.agent', args: ['-rtp_echo'] });
  const register = (expires) => runSipp(server, 'register.xml', {
    service: 'sw.agent',
    args: ['-au', 'sw.agent', '-ap', 'demo-sip-201', '-key', 'expires', String(expires), '-key', 'contact_port', String(agent.port)],
  });
  try {
    const reg = await register(120);
    assert.equal(reg.code, 0, describe(reg));
    const call = await runSipp(server, callerScenario, { service: hotline, args: ['-key', 'caller', caller] });
    const agentResult = await agent;
    assert.equal(call.code, 0, `caller: ${describe(call)}`);
    assert.equal(agentResult.code, 0, `agent: ${describe(agentResult)}`);
    return await endedCall(api, caller);
  } finally {
    agent.kill();
    await register(0);  // the next test's phone must not find this one's contact
  }
}

test('transfer to a registered phone bridges RTP both ways; the caller hangs up both legs', async () => {
  const { interaction, events } = await transferCall({
    caller: '+491000010', agentScenario: 'agent_answers.xml', callerScenario: 'transfer_caller.xml',
  });
  assert.equal(interaction.end_reason, 'caller_hangup');
  assert.ok(interaction.agent_id, 'the interaction names the agent');
  assert.equal(eventsOf(events, 'agent.connected').length, 1);
  const stats = eventsOf(events, 'media.stats')[0].payload;
  for (const leg of ['caller', 'agent']) {
    assert.ok(stats[leg].packets_received > 20, `${leg} leg received RTP: ${JSON.stringify(stats)}`);
    assert.ok(stats[leg].packets_sent > 20, `${leg} leg sent RTP: ${JSON.stringify(stats)}`);
  }
});

test('when the agent hangs up, callwerk ends the caller leg with BYE', async () => {
  const { interaction } = await transferCall({
    caller: '+491000011', agentScenario: 'agent_hangs_up.xml', callerScenario: 'transfer_caller_waits.xml',
  });
  assert.equal(interaction.end_reason, 'agent_hangup');
});
