// Call admission against a real SIP peer: a server allowing 2 new calls a second answers a burst
// of callers with 503 and Retry-After beyond that, stores no interaction for a refused call, and
// takes calls again a second later.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, sourceDir } from '../e2e/lib/server.mjs';
import { runSipp, describe, apiClient } from './lib/sipp.mjs';

const hotline = '+49567801100';
let server;
let api;
let examples;

before(async () => {
  examples = fs.mkdtempSync(path.join(os.tmpdir(), 'callwerk-admission-'));
  fs.cpSync(path.join(sourceDir(), 'examples', 'demo'), examples, { recursive: true });
  const telephony = path.join(examples, 'telephony.yaml');
  fs.appendFileSync(telephony, '\nmax_calls_per_second: 2\n');
  server = await startServer({ examples, demoTenants: true });
  api = await apiClient(server, 'sw.admin', 'demo-admin');
});

after(async () => {
  if (server) await server.stop();
  if (examples) fs.rmSync(examples, { recursive: true, force: true });
});

async function interactionsFrom(caller) {
  return (await api.get(`interactions?channel=voice&remote_address=${encodeURIComponent(caller)}&limit=100`)).items;
}

async function settled(caller, atLeast) {
  for (let i = 0; i < 50; i++) {
    const items = await interactionsFrom(caller);
    if (items.length >= atLeast && items.every((x) => x.ended_at)) return items;
    await new Promise((r) => setTimeout(r, 200));
  }
  return interactionsFrom(caller);
}

test('beyond max_calls_per_second new calls get 503 with Retry-After, and no interaction', async () => {
  const caller = '+491000120';
  // 10 callers within about 100 ms: the bucket holds 2 calls.
  const burst = await runSipp(server, 'flood_caller.xml', {
    service: hotline, args: ['-key', 'caller', caller, '-m', '10', '-r', '100', '-l', '10'],
  });
  assert.equal(burst.code, 0, `each caller was answered or refused with Retry-After: ${describe(burst)}`);
  const admitted = await settled(caller, 2);
  assert.ok(admitted.length >= 2 && admitted.length <= 4, `2 calls (3-4 if the burst took long) got through, not ${admitted.length}`);
  assert.match(server.output(), /refusing new calls with 503 \(rate_limited/);

  // A second later the bucket has room again.
  await new Promise((r) => setTimeout(r, 1200));
  const later = '+491000121';
  const again = await runSipp(server, 'flood_caller.xml', { service: hotline, args: ['-key', 'caller', later] });
  assert.equal(again.code, 0, describe(again));
  const items = await settled(later, 1);
  assert.equal(items.length, 1, 'the next call is taken');
  assert.ok(items[0].answered_at, 'and answered');
});
