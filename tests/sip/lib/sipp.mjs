// Runs SIPp scenarios against a callwerk server and reads the protocol of the calls back
// through the API, so that the tests check what was stored, not what was logged.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
export const scenarioDir = path.resolve(here, '..');

// ctest runs SIP and browser tests in parallel and gives each its own block of 250 ports
// (tests/CMakeLists.txt), below the kernel's ephemeral ports (32768) and above the servers' RTP
// ports (tests/e2e/lib/server.mjs). A SIPp takes 10 of them; a test file that runs more than 25
// SIPp over its life reuses its block from the start (by then those SIPp have long finished),
// and never spills into the next test's block.
const kBlockPorts = 250;
const portBlock = process.env.CALLWERK_SIPP_PORT_BLOCK;
const firstPort = portBlock ? 21000 + Number(portBlock) * kBlockPorts : 26000 + Math.floor(Math.random() * 500) * 10;
let nextPort = firstPort;

// A SIP port (and the media ports after it) for a SIPp that must be known before it runs,
// e.g. a carrier the server's config points at; pass it to runSipp as `port`.
export function reservePort() {
  const port = nextPort;
  nextPort += 10;  // SIPp binds media ports mp..mp+3 as well
  if (nextPort + 10 > firstPort + kBlockPorts) nextPort = firstPort;
  return port;
}

// Resolves with {code, output, errors} when SIPp exits (0: every call succeeded).
export function runSipp(server, scenario, { service = 'callwerk', localIp = '127.0.0.1', args = [], timeoutSeconds = 40, transport = 'u1', port = reservePort() } = {}) {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'callwerk-sipp-'));
  const argv = [
    `${server.sipHost}:${server.sipPort}`,
    '-sf', path.isAbsolute(scenario) ? scenario : path.join(scenarioDir, scenario),
    '-s', service,
    '-i', localIp,
    '-p', String(port),
    '-mp', String(port + 4),
    '-t', transport,
    '-m', '1',
    '-nostdin',
    '-timeout', `${timeoutSeconds}s`,
    '-timeout_error',
    '-trace_err', '-error_file', path.join(workDir, 'errors.log'),
    ...args,
  ];
  const child = spawn('sipp', argv, { cwd: workDir, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c) => { output += c.toString(); });
  child.stderr.on('data', (c) => { output += c.toString(); });
  const done = new Promise((resolve) => {
    child.on('exit', (code) => {
      let errors = '';
      try { errors = fs.readFileSync(path.join(workDir, 'errors.log'), 'utf8'); } catch { /* none */ }
      fs.rmSync(workDir, { recursive: true, force: true });
      resolve({ code, output: output.slice(-3000), errors: errors.slice(-4000) });
    });
  });
  done.port = port;
  done.kill = () => child.kill('SIGTERM');
  return done;
}

// A caller who walks a flow with the keypad: calls, sends `keys` as RFC 2833 events from
// SIPp's pcaps (each after `pauseMs`, while the prompts play: a key interrupts them), then
// waits for callwerk to hang up. `keys` is a string of single keys or a list of answers
// ('14#': the keys of one answer follow each other after `keyGapMs`). Written to a temporary
// file; returns its path.
export function keypadScenario(keys, { pauseMs = 2500, firstPauseMs = 1500, keyGapMs = 400 } = {}) {
  const template = fs.readFileSync(path.join(scenarioDir, 'server_bye.xml'), 'utf8');
  const head = template.slice(0, template.indexOf('<pause'));
  const tail = template.slice(template.indexOf('<recv request="BYE"'));
  const pcap = (key) => ({ '#': 'pound', '*': 'star' }[key] ?? key);
  const answers = typeof keys === 'string' ? [...keys] : keys;
  const steps = answers.flatMap((answer, i) => [...answer].map((key, k) =>
    `  <pause milliseconds="${k > 0 ? keyGapMs : i === 0 ? firstPauseMs : pauseMs}"/>\n` +
    `  <nop><action><exec play_pcap_audio="/usr/share/sip-tester/dtmf_2833_${pcap(key)}.pcap"/></action></nop>\n`));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'callwerk-keys-'));
  const file = path.join(dir, 'keypad.xml');
  fs.writeFileSync(file, head + steps.join('') + '  ' + tail.replace('timeout="40000"', 'timeout="60000"'));
  return file;
}

// REGISTERs a demo agent's phone with its SIP password; its contact points to `port` (the
// SIPp UAS that plays the phone). `expires` 0 unregisters it.
export function registerAgentPhone(server, port, expires, user = 'sw.agent', password = 'demo-sip-201') {
  return runSipp(server, 'register.xml', {
    service: user,
    args: ['-au', user, '-ap', password, '-key', 'expires', String(expires), '-key', 'contact_port', String(port)],
  });
}

export function describe(result) {
  return `sipp exit ${result.code}\n${result.errors}\n${result.output}`;
}

// A logged-in API client (cookie session + CSRF token).
// A session: its cookie and CSRF token.
async function login(server, username, password) {
  const res = await fetch(new URL('api/v1/auth/login', server.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  const cookie = res.headers.get('set-cookie').split(';')[0];
  const csrf = (await res.json()).csrf_token;
  return { cookie, csrf };
}

export async function apiClient(server, username, password) {
  const { cookie, csrf } = await login(server, username, password);
  return {
    async get(pathAndQuery) {
      const r = await fetch(new URL(`api/v1/${pathAndQuery}`, server.url), { headers: { cookie } });
      if (r.status !== 200) throw new Error(`GET ${pathAndQuery}: ${r.status} ${await r.text()}`);
      return r.json();
    },
    // { status, body } of a POST (or PATCH) with the session's CSRF token.
    async post(path, body, method = 'POST') {
      const r = await fetch(new URL(`api/v1/${path}`, server.url), {
        method,
        headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: r.status, body: await r.json() };
    },
    patch(path, body) {
      return this.post(path, body, 'PATCH');
    },
  };
}

// A logged-in client whose every answer is { status, body } (errors included), with PATCH and
// DELETE: for tests that check refusals as closely as successes.
export async function statusClient(server, username, password) {
  const { cookie, csrf } = await login(server, username, password);
  const call = async (method, path, body) => {
    const r = await fetch(new URL(`api/v1/${path}`, server.url), {
      method,
      headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    return { status: r.status, body: text ? JSON.parse(text) : null };
  };
  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body ?? {}),
    patch: (path, body) => call('PATCH', path, body ?? {}),
    del: (path) => call('DELETE', path),
  };
}

// The newest voice interaction from this caller number, once its call has ended and the
// protocol has been written (the store writer commits asynchronously).
export async function endedCall(api, remoteAddress, { timeoutMs = 10000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const list = await api.get(`interactions?channel=voice&remote_address=${encodeURIComponent(remoteAddress)}&sort=-id&limit=1`);
    const item = list.items[0];
    if (item && item.ended_at) {
      const timeline = await api.get(`interactions/${item.id}/timeline`);
      return { interaction: item, events: timeline.items };
    }
    if (Date.now() > deadline) throw new Error(`no ended call from ${remoteAddress}: ${JSON.stringify(list.items)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export function eventsOf(events, type) {
  return events.filter((e) => e.type === type);
}

// Polls `check` until it returns something truthy (which is returned), failing after
// `timeoutMs` with what was awaited.
export async function waitFor(what, check, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
