// Starts `callwerk demo` on a free port with a fresh data directory and the demo tenants,
// waits for its `URL:` line and stops it again at the end.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function sourceDir() {
  return process.env.CALLWERK_SOURCE_DIR || path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../..');
}

export function binaryPath() {
  if (process.env.CALLWERK_BINARY) return process.env.CALLWERK_BINARY;
  for (const dir of ['build-web', 'build', 'build-me']) {
    const candidate = path.join(sourceDir(), dir, 'callwerk');
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error('set CALLWERK_BINARY to the callwerk executable');
}

// `examples`: another demo folder (e.g. a copy with its own telephony.yaml); `demoTenants`: its
// tenants folder is the demo's, unchanged, so the imported demo data may be reused.
export async function startServer({ timeoutMs = 120000, sipPort = 0, examples: examplesDir, demoTenants = false } = {}) {
  if (process.env.CALLWERK_URL) {
    return { url: process.env.CALLWERK_URL.replace(/\/?$/, '/'), output: () => '', async stop() {} };
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'callwerk-e2e-'));
  // ctest imports the demo once (the demo.seed fixture, tests/CMakeLists.txt) and each server
  // starts from a copy: `callwerk demo` imports only into a data folder without tenants, and the
  // import (passwords hashed with argon2id, a few thousand rows) was most of a server's start,
  // some 11 s of CPU under the sanitizers, for each of forty-odd servers.
  const seed = process.env.CALLWERK_DEMO_SEED;
  if (seed && (!examplesDir || demoTenants)) fs.cpSync(seed, dataDir, { recursive: true });
  const examples = examplesDir || path.join(sourceDir(), 'examples', 'demo');
  const args = ['demo', '--data-dir', dataDir, '--port', '0', '--sip-port', String(sipPort), '--examples', examples];
  // Servers side by side (ctest -j) each get RTP ports of their own (10000 + 200 per block, below
  // SIPp's blocks, tests/sip/lib/sipp.mjs): with one shared range a port one server had just
  // closed went to another's next call while the first one's peer still sent there.
  const block = process.env.CALLWERK_SIPP_PORT_BLOCK;
  if (block !== undefined && block !== '') {
    const low = 10000 + Number(block) * 200;
    args.push('--rtp-ports', `${low}-${low + 199}`);
  }
  const child = spawn(binaryPath(), args, {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL line within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const onData = (chunk) => {
      output += chunk.toString();
      const m = /URL:\s*(http:\/\/\S+)/.exec(output);
      // With telephony the SIP line follows the URL line.
      if (m && (sipPort < 0 || /SIP \S+:\d+/.test(output))) {
        clearTimeout(timer);
        resolve(m[1].replace(/\/?$/, '/'));
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`callwerk demo exited (${code ?? signal}) before printing its URL:\n${output}`));
    });
  });
  child.removeAllListeners('exit');
  const sip = /SIP (\S+):(\d+)/.exec(output);
  return {
    url,
    dataDir,
    pid: child.pid,
    sipHost: sip ? sip[1] : undefined,
    sipPort: sip ? Number(sip[2]) : undefined,
    output: () => output,
    // A server that crashed, did not stop within 30 s of SIGTERM or did not exit 0 fails the test:
    // under the sanitizers (scripts/test.sh) that is how a memory error or a leak shows. The
    // server itself stops in a fraction of a second; LeakSanitizer's scan at exit took over 5 s
    // on a loaded box.
    async stop() {
      let killed = false;
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => {
          killed = true;
          child.kill('SIGKILL');
        }, 30000);
        await exited;
        clearTimeout(timer);
      }
      fs.rmSync(dataDir, { recursive: true, force: true });
      if (process.env.CALLWERK_TEST_VERBOSE) console.log(output);
      if (killed || child.exitCode !== 0) {
        const how = killed ? 'did not stop within 30 s' : `ended with ${child.exitCode ?? child.signalCode}`;
        throw new Error(`callwerk demo ${how}; its last output:\n${output.slice(-6000)}`);
      }
    },
  };
}

// Demo logins from examples/demo/tenants/*/users.yaml: [{tenant, username, password, role, display_name}]
export function demoUsers() {
  const base = path.join(sourceDir(), 'examples', 'demo', 'tenants');
  const users = [];
  for (const tenant of fs.readdirSync(base).sort()) {
    const file = path.join(base, tenant, 'users.yaml');
    if (!fs.existsSync(file)) continue;
    const text = fs.readFileSync(file, 'utf8');
    for (const block of text.split(/^- /m).slice(1)) {
      const get = (key) => {
        const m = new RegExp(`^\\s*${key}:\\s*(.*)$`, 'm').exec(`  ${block}`);
        return m ? m[1].trim().replace(/^"(.*)"$/, '$1').replace(/^'(.*)'$/, '$1') : undefined;
      };
      const username = get('username');
      if (username) users.push({ tenant, username, password: get('password'), role: get('role'), display_name: get('display_name') });
    }
  }
  return users;
}
