// A real softphone for the SIP tests: baresip (Debian's baresip-core) runs headless with a
// config written into a temp dir at test time, and is driven through its ctrl_tcp module
// (JSON commands and events framed as netstrings). No sound card: the microphone is a 440 Hz
// sine (ausine), received audio goes to an unconnected aubridge device.
import { spawn } from 'node:child_process';
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export const toneHz = 440;  // what the phone "says" into the call

const bindUdp = (port) => new Promise((resolve, reject) => {
  const socket = dgram.createSocket('udp4');
  socket.once('error', reject).bind(port, '127.0.0.1', () => resolve(socket));
});
const listenTcp = (port) => new Promise((resolve, reject) => {
  const server = net.createServer();
  server.once('error', reject).listen(port, '127.0.0.1', () => resolve(server));
});
const release = (handles) => Promise.all(handles.map((h) => new Promise((resolve) => h.close(() => resolve()))));

// A port the kernel just handed out and released again; good enough on loopback, where the
// only competition is other tests that also ask the kernel.
async function freeTcpPort() {
  const server = await listenTcp(0);
  const { port } = server.address();
  await release([server]);
  return port;
}

// baresip 1.0 has no way to switch transports off: it binds SIP on UDP and TCP port P and
// SIP/TLS on TCP port P+1. All three must be free, so they are held together while checking.
async function freeSipPort() {
  for (let attempt = 0; attempt < 50; attempt++) {
    const udp = await bindUdp(0);
    const { port } = udp.address();
    const held = [udp];
    try {
      held.push(await listenTcp(port));
      held.push(await listenTcp(port + 1));
      await release(held);
      return port;
    } catch {
      await release(held);
    }
  }
  throw new Error('no port P with UDP P, TCP P and TCP P+1 free');
}

// ausine only produces 48 kHz; baresip resamples to the 8 kHz of G.711 itself.
function configText({ sipPort, ctrlPort, rtpLow }) {
  return [
    'poll_method\t\tepoll',
    'net_interface\t\t127.0.0.1',
    `sip_listen\t\t127.0.0.1:${sipPort}`,
    'sip_transports\t\tudp',
    `audio_source\t\tausine,${toneHz}`,
    'audio_player\t\taubridge,nil',
    'audio_alert\t\taubridge,nil',
    'ausrc_srate\t\t48000',
    'auplay_srate\t\t48000',
    'ausrc_channels\t\t2',
    'auplay_channels\t\t2',
    `rtp_ports\t\t${rtpLow}-${rtpLow + 9}`,
    'module_path\t\t/usr/lib/baresip/modules',
    'module\t\t\tg711.so',
    'module\t\t\tausine.so',
    'module\t\t\taubridge.so',
    'module\t\t\taccount.so',
    'module_app\t\tmenu.so',  // provides the dial/hangup/sndcode commands
    'module_app\t\tctrl_tcp.so',
    `ctrl_tcp_listen\t\t127.0.0.1:${ctrlPort}`,
    '',
  ].join('\n');
}

// Splits a byte stream into netstring payloads ("<len>:<payload>,"); keeps the incomplete rest.
function takeNetstrings(buffer) {
  const messages = [];
  let at = 0;
  for (;;) {
    const colon = buffer.indexOf(0x3a, at);
    if (colon < 0) break;
    const length = Number(buffer.subarray(at, colon).toString());
    if (!Number.isInteger(length)) throw new Error(`ctrl_tcp: bad netstring prefix ${buffer.subarray(at, colon)}`);
    if (buffer.length < colon + 1 + length + 1) break;
    messages.push(buffer.subarray(colon + 1, colon + 1 + length).toString());
    at = colon + 1 + length + 1;  // skip the trailing ','
  }
  return { messages, rest: buffer.subarray(at) };
}

async function connectWithRetry(port, deadline, exited) {
  for (;;) {
    if (exited()) throw new Error('baresip exited before ctrl_tcp listened');
    try {
      return await new Promise((resolve, reject) => {
        const socket = net.connect(port, '127.0.0.1');
        socket.once('connect', () => resolve(socket));
        socket.once('error', reject);
      });
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`ctrl_tcp on ${port} not reachable: ${err.message}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

// Starts baresip as `user`@127.0.0.1 (the From of its calls) and connects to its control port.
// Another process may take a checked port before baresip binds it; that attempt is repeated
// with new ports, any other start failure is reported at once.
export async function startBaresip(options = {}) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startBaresipOnce(options);
    } catch (err) {
      if (attempt >= 3 || !/Address already in use/.test(err.message)) throw err;
    }
  }
}

async function startBaresipOnce({ user, startTimeoutMs = 10000 }) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'callwerk-baresip-'));
  const sipPort = await freeSipPort();
  const ctrlPort = await freeTcpPort();
  const rtpLow = 40000 + Math.floor(Math.random() * 2000) * 10;
  fs.writeFileSync(path.join(dir, 'config'), configText({ sipPort, ctrlPort, rtpLow }));
  fs.writeFileSync(path.join(dir, 'accounts'), `<sip:${user}@127.0.0.1>;regint=0;audio_codecs=PCMU,PCMA\n`);

  // -s: SIP trace in the output, shown when an assertion fails. -t: baresip's own safety net.
  const child = spawn('baresip', ['-f', dir, '-s', '-t', '90'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk) => {
    // The menu module rewrites a status line many times a second; keep the recent part only.
    output = (output + chunk.toString()).slice(-200000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = false;
  const exitedPromise = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      exited = true;
      resolve(code ?? signal);
    });
    // Not installed or not executable: there will be no exit event.
    child.once('error', (err) => {
      keep(`spawn baresip: ${err.message}\n`);
      exited = true;
      resolve(err.message);
    });
  });

  const events = [];
  const responses = new Map();
  const listeners = new Set();
  let socket;
  const cleanup = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    socket = await connectWithRetry(ctrlPort, Date.now() + startTimeoutMs, () => exited);
  } catch (err) {
    if (!exited) child.kill('SIGKILL');
    cleanup();
    throw new Error(`${err.message}\n${output.slice(-4000)}`);
  }
  let pending = Buffer.alloc(0);
  socket.on('data', (chunk) => {
    const { messages, rest } = takeNetstrings(Buffer.concat([pending, chunk]));
    pending = rest;
    for (const text of messages) {
      const message = JSON.parse(text);
      if (message.event) events.push(message);
      else if (message.response && message.token) responses.set(message.token, message);
    }
    for (const listener of listeners) listener();
  });
  socket.on('error', () => { /* baresip quit; exit handling reports it */ });

  // Resolves when check() returns something; rejects after timeoutMs or when baresip exits.
  function waitUntil(check, timeoutMs, what) {
    return new Promise((resolve, reject) => {
      const finish = (fn, value) => {
        listeners.delete(poll);
        clearTimeout(timer);
        fn(value);
      };
      const poll = () => {
        const found = check();
        if (found) finish(resolve, found);
        else if (exited) finish(reject, new Error(`baresip exited while waiting for ${what}\n${tail()}`));
      };
      const timer = setTimeout(() => finish(reject, new Error(`baresip: no ${what} within ${timeoutMs} ms\n${tail()}`)), timeoutMs);
      listeners.add(poll);
      exitedPromise.then(poll);
      poll();
    });
  }

  // Without the status line and the terminal colours of the SIP trace.
  const tail = () => output
    .replace(/\[\d+:\d\d:\d\d\] audio=\S+ \(bit\/s\)\s*/g, '')
    .replace(/\x1b\[[0-9;]*m/g, '')
    .slice(-6000);
  let nextToken = 1;

  return {
    sipPort,
    events,
    log: tail,
    // Sends one ctrl_tcp command and waits for its response ({ok, data}).
    async command(command, params = '', timeoutMs = 5000) {
      const token = `t${nextToken++}`;
      const text = JSON.stringify({ command, params, token });
      socket.write(`${Buffer.byteLength(text)}:${text},`);
      const response = await waitUntil(() => responses.get(token), timeoutMs, `response to ${command}`);
      if (!response.ok) throw new Error(`baresip ${command} ${params}: ${response.data}\n${tail()}`);
      return response;
    },
    // The first event of one of these types (CALL_ESTABLISHED, CALL_CLOSED, ...) seen so far or later.
    waitForEvent(types, timeoutMs) {
      return waitUntil(() => events.find((e) => types.includes(e.type)), timeoutMs, `event ${types.join('/')}`);
    },
    // Quits baresip (politely, then by force) and removes its temp dir; safe to call twice.
    async stop() {
      if (!exited) {
        try {
          const text = JSON.stringify({ command: 'quit' });
          socket.write(`${Buffer.byteLength(text)}:${text},`);
        } catch { /* the socket is gone; the signals below still work */ }
        const timer = setTimeout(() => child.kill('SIGTERM'), 3000);
        const killer = setTimeout(() => child.kill('SIGKILL'), 6000);
        await exitedPromise;
        clearTimeout(timer);
        clearTimeout(killer);
      }
      socket.destroy();
      cleanup();
    },
  };
}
