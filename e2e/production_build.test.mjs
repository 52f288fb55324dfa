// The server under test is the production build (`--features server`, no `bench`): asked to mount the
// benchmark's reference handlers (CAREBOOK_BENCH_REFERENCE=1 is set for it), it has none to mount.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BASE } from './browser.mjs';

test('the production server has no /bench/ routes', async () => {
  for (const path of ['/bench/reference/doctors', '/bench/reference/doctors-minimal']) {
    const res = await fetch(`${BASE}${path}?q=cardiology`);
    assert.equal(res.status, 404, path);
    assert.doesNotMatch(await res.text(), /doctor-card/, path);
  }
});
