// acd_soak.sh's API side (node >= 18, no packages). Subcommands:
//   baseline URL                  -> JSON {queue_call_max_id}: what the demo data already holds
//   login-agents URL FIRST COUNT  -> logs in sw.soakNNN (one session each) and puts each on
//                                    "log-in"; prints "ok N failed M"
//   ws URL OUT.json               -> a WebSocket client on /api/v1/events (as the team lead):
//                                    until SIGTERM, the latency of every desk.state and
//                                    queue.changed message; writes a summary to OUT.json
//   poll URL PID OUT.json [FIRST COUNT RING_S]
//                                 -> every 5 s the wallboard (stuck agents: reserved/ringing
//                                    longer than the ring timeout), every 10 s the server's
//                                    VmRSS and CPU from /proc/PID; summary on SIGTERM
//   report URL BASE_ID FIRST COUNT -> JSON: queue_calls after BASE_ID by exit, the soak agents'
//                                    states now
// Latency: "event" is receive time minus the state change's own time (desk.state data.since,
// the ACD's clock), "fan-out" is receive time minus the message's "at" (when the hub sent it).
// Both clocks are this machine's, so the difference is real.
import http from 'node:http';
import crypto from 'node:crypto';
import fs from 'node:fs';

const [, , cmd, base, ...rest] = process.argv;
const baseUrl = base.replace(/\/?$/, '/');
const agentName = (i) => `sw.soak${String(i).padStart(3, '0')}`;

async function login(username, password) {
  const res = await fetch(new URL('api/v1/auth/login', baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie').split(';')[0];
  const csrf = (await res.json()).csrf_token;
  return {
    cookie,
    async get(path) {
      const r = await fetch(new URL(`api/v1/${path}`, baseUrl), { headers: { cookie } });
      if (r.status !== 200) throw new Error(`GET ${path}: ${r.status} ${await r.text()}`);
      return r.json();
    },
    async post(path, body) {
      const r = await fetch(new URL(`api/v1/${path}`, baseUrl), {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': csrf, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      return { status: r.status, body: await r.json().catch(() => null) };
    },
  };
}

const admin = () => login('sw.admin', 'demo-admin');
const teamLead = () => login('sw.teamleitung', 'demo-teamleitung');

function percentile(sorted, p) {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
function stats(values) {
  const s = [...values].sort((a, b) => a - b);
  return { n: s.length, p50: percentile(s, 50), p90: percentile(s, 90), p99: percentile(s, 99), max: s.length ? s[s.length - 1] : null };
}
function onStop(write) {
  let done = false;
  const stop = () => {
    if (done) return;
    done = true;
    write();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

async function baseline() {
  const api = await admin();
  const rows = await api.get('queue_calls?sort=-id&limit=1');
  console.log(JSON.stringify({ queue_call_max_id: rows.items[0]?.id ?? 0 }));
}

async function loginAgents(first, count) {
  let ok = 0;
  const failed = [];
  const ids = Array.from({ length: count }, (_, k) => first + k);
  // a few at a time: each login verifies a password hash
  for (let k = 0; k < ids.length; k += 4) {
    await Promise.all(ids.slice(k, k + 4).map(async (i) => {
      try {
        const api = await login(agentName(i), 'soak-agent');
        const r = await api.post('desk/me/state', { action: 'log-in' });
        if (r.status === 200 && r.body.state === 'available') ok++;
        else failed.push(`${agentName(i)}: ${r.status} ${JSON.stringify(r.body)}`);
      } catch (e) {
        failed.push(`${agentName(i)}: ${e.message}`);
      }
    }));
  }
  console.log(`ok ${ok} failed ${failed.length}`);
  for (const f of failed.slice(0, 5)) console.log(f);
}

// A minimal RFC 6455 client: the upgrade with the session cookie (and the Origin the server
// wants for cookie sessions), then unmasked text frames from the server; pings answered.
function openEvents(cookie, onMessage) {
  const url = new URL('api/v1/events', baseUrl);
  const key = crypto.randomBytes(16).toString('base64');
  const req = http.request({
    host: url.hostname, port: url.port, path: url.pathname,
    headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': key, cookie, Origin: url.origin },
  });
  req.on('response', (res) => { console.error(`events: HTTP ${res.statusCode}`); process.exit(3); });
  req.on('upgrade', (_res, socket) => {
    let buf = Buffer.alloc(0);
    const send = (opcode, payload) => {
      const mask = crypto.randomBytes(4);
      const body = Buffer.from(payload);
      for (let i = 0; i < body.length; i++) body[i] ^= mask[i % 4];
      socket.write(Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | body.length]), mask, body]));
    };
    socket.on('data', (chunk) => {
      const now = Date.now();
      buf = Buffer.concat([buf, chunk]);
      for (;;) {
        if (buf.length < 2) return;
        const opcode = buf[0] & 0x0f;
        let len = buf[1] & 0x7f;
        let off = 2;
        if (len === 126) { if (buf.length < 4) return; len = buf.readUInt16BE(2); off = 4; }
        else if (len === 127) { if (buf.length < 10) return; len = Number(buf.readBigUInt64BE(2)); off = 10; }
        if (buf.length < off + len) return;
        const payload = buf.subarray(off, off + len);
        buf = buf.subarray(off + len);
        if (opcode === 1) onMessage(payload.toString('utf8'), now);
        else if (opcode === 9) send(10, payload.subarray(0, 125));
        else if (opcode === 8) { console.error('events: closed by the server'); process.exit(3); }
      }
    });
    socket.on('close', () => { console.error('events: connection lost'); });
  });
  req.end();
}

async function ws(out) {
  const api = await teamLead();
  const event = { 'desk.state': [], 'queue.changed': [] };
  const fanout = { 'desk.state': [], 'queue.changed': [] };
  const counts = {};
  let slowest = null;
  onStop(() => {
    const summary = { counts, event: {}, fanout: {}, slowest };
    for (const t of Object.keys(event)) {
      summary.event[t] = stats(event[t]);
      summary.fanout[t] = stats(fanout[t]);
    }
    fs.writeFileSync(out, JSON.stringify(summary, null, 1));
  });
  openEvents(api.cookie, (text, now) => {
    let m;
    try { m = JSON.parse(text); } catch { return; }
    counts[m.type] = (counts[m.type] || 0) + 1;
    if (!(m.type in event)) return;
    const at = Date.parse(m.at);
    fanout[m.type].push(now - at);
    // desk.state carries the change's own time; queue.changed is stamped when sent
    const since = m.type === 'desk.state' && m.data?.since ? Date.parse(m.data.since) : at;
    const lat = now - since;
    event[m.type].push(lat);
    if (!slowest || lat > slowest.ms) slowest = { ms: lat, type: m.type, at: m.at, state: m.data?.state, user_id: m.data?.user_id };
  });
}

function procSample(pid) {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const rss = Number(/VmRSS:\s+(\d+)/.exec(status)[1]);
    // anonymous (heap, arenas, stacks) vs file-backed: growth of the heap is what matters
    const anon = Number(/RssAnon:\s+(\d+)/.exec(status)?.[1] ?? 0);
    const threads = Number(/Threads:\s+(\d+)/.exec(status)[1]);
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { rss_kb: rss, anon_kb: anon, threads, ticks: Number(f[11]) + Number(f[12]) };
  } catch {
    return null;
  }
}

async function poll(pid, out, first, count, ringSeconds) {
  const api = await teamLead();
  const t0 = Date.now();
  const mem = [];
  const board = [];
  const stuck = [];
  const errors = [];
  const isSoak = (a) => { const e = Number(a.extension); return e >= 5000 + first && e < 5000 + first + count; };
  onStop(() => {
    const rss = mem.map((m) => m.rss_kb);
    fs.writeFileSync(out, JSON.stringify({ mem, board, stuck, errors, rss_first_kb: rss[0], rss_max_kb: Math.max(...rss), rss_last_kb: rss[rss.length - 1] }, null, 1));
  });
  let lastMem = 0;
  for (;;) {
    const now = Date.now();
    if (now - lastMem >= 10000 || lastMem === 0) {
      lastMem = now;
      const p = procSample(pid);
      if (p) mem.push({ t: Math.round((now - t0) / 1000), ...p });
      else errors.push({ t: Math.round((now - t0) / 1000), error: 'server process gone' });
    }
    try {
      const w = await api.get('wallboard');
      const wallNow = Date.parse(w.at);
      const q = w.queues.find((x) => x.name === 'Kundenservice');
      const byState = {};
      for (const a of w.agents.filter(isSoak)) {
        byState[a.state] = (byState[a.state] || 0) + 1;
        const inState = (wallNow - Date.parse(a.since)) / 1000;
        // ringing/reserved longer than the ring timeout (+2 s of slack) is stuck
        if ((a.state === 'reserved' || a.state === 'ringing') && inState > ringSeconds + 2) {
          stuck.push({ t: Math.round((now - t0) / 1000), agent: a.name, extension: a.extension, state: a.state, seconds: inState });
        }
      }
      board.push({ t: Math.round((now - t0) / 1000), ms: Date.now() - now, waiting: q?.waiting, longest_wait_s: q?.longest_wait_seconds, answered: q?.today?.answered, abandoned: q?.today?.abandoned, states: byState });
    } catch (e) {
      errors.push({ t: Math.round((now - t0) / 1000), error: e.message });
    }
    await new Promise((r) => setTimeout(r, Math.max(0, 5000 - (Date.now() - now))));
  }
}

async function report(baseId, first, count) {
  const api = await admin();
  const byExit = {};
  const waits = [];
  for (let offset = 0; ; offset += 500) {
    const rows = await api.get(`queue_calls?sort=-id&limit=500&offset=${offset}`);
    const fresh = rows.items.filter((r) => r.id > baseId);
    for (const r of fresh) {
      byExit[r.exit] = (byExit[r.exit] || 0) + 1;
      if (r.exit === 'answered') waits.push(Date.parse(r.left_at) - Date.parse(r.enqueued_at));
    }
    if (fresh.length < rows.items.length || rows.items.length < 500) break;
  }
  const w = await api.get('wallboard');
  const states = {};
  for (const a of w.agents) {
    const e = Number(a.extension);
    if (e >= 5000 + first && e < 5000 + first + count) states[a.state] = (states[a.state] || 0) + 1;
  }
  const q = w.queues.find((x) => x.name === 'Kundenservice');
  console.log(JSON.stringify({ queue_calls: byExit, wait_ms: stats(waits), agents_now: states, waiting_now: q?.waiting }));
}

const main = {
  baseline: () => baseline(),
  'login-agents': () => loginAgents(Number(rest[0]), Number(rest[1])),
  ws: () => ws(rest[0]),
  poll: () => poll(Number(rest[0]), rest[1], Number(rest[2] ?? 0), Number(rest[3] ?? 100), Number(rest[4] ?? 20)),
  report: () => report(Number(rest[0]), Number(rest[1] ?? 0), Number(rest[2] ?? 100)),
}[cmd];
if (!main) {
  console.error(`unknown command ${cmd}`);
  process.exit(2);
}
main().catch((e) => {
  console.error(e.stack || e.message);
  process.exit(1);
});
