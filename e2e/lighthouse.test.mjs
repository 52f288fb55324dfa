// Lighthouse (npm `lighthouse`, Debian chromium) in its default mobile emulation (simulated slow 4G, 4× CPU
// slowdown), all four categories, on the public pages and the patient's appointments. Public pages must
// score 100 in accessibility, best practices and SEO, and at least PERFORMANCE_FLOOR in performance; the
// signed-in page 100 in accessibility and best practices. Figures (score, bytes, time to interactive) are
// printed as test diagnostics and the reports kept in e2e/artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { BASE, ARTIFACTS } from './browser.mjs';

// The floor this suite holds today; the goal is 95 (issue #21). Runs on this machine score 91–98, except the
// doctor page at 73–95: its slot grid is fetched again in the browser's zone after hydration on a first
// visit (no zone cookie yet), which moves its largest paint. Raise the floor as that and the client shrink.
const PERFORMANCE_FLOOR = Number(process.env.LIGHTHOUSE_PERFORMANCE_FLOOR ?? 70);

const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// A Lighthouse run can fail as a whole in headless Chromium (a runtime error such as NO_FCP: scores 0 and
// metrics NaN); such a run measured nothing, so it is run again, up to twice more.
async function audit(path, name, extraHeaders) {
  for (let attempt = 1; ; attempt += 1) {
    const r = await auditOnce(path, name, extraHeaders);
    if (!r.runtimeError || attempt === 3) return r;
    console.log(`lighthouse ${path}: run ${attempt} failed (${r.runtimeError}); running it again`);
  }
}

async function auditOnce(path, name, extraHeaders) {
  // Warm the server's per-instance caches first: the audit measures the page, not the first request
  // after the server started (the run's first audit otherwise pays for the home page's cold caches).
  await fetch(`${BASE}${path}`, { headers: extraHeaders ?? {} });
  // chrome-launcher gives every launch a fresh temporary --user-data-dir.
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    chromeFlags: FLAGS,
  });
  try {
    const result = await lighthouse(`${BASE}${path}`, {
      port: chrome.port,
      output: 'html',
      logLevel: 'error',
      extraHeaders,
    });
    writeFileSync(join(ARTIFACTS, `lighthouse-${name}.html`), result.report);
    const { lhr } = result;
    const score = (c) => Math.round(lhr.categories[c].score * 100);
    const failing = Object.values(lhr.audits)
      .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary')
      .map((a) => `${a.id}: ${a.title}`);
    return {
      runtimeError: lhr.runtimeError?.code
        ?? (Number.isFinite(lhr.audits.interactive.numericValue) ? undefined : 'no metrics'),
      performance: score('performance'),
      accessibility: score('accessibility'),
      bestPractices: score('best-practices'),
      seo: score('seo'),
      bytes: lhr.audits['total-byte-weight'].numericValue,
      tti: lhr.audits.interactive.numericValue,
      lcp: lhr.audits['largest-contentful-paint'].numericValue,
      tbt: lhr.audits['total-blocking-time'].numericValue,
      failing,
    };
  } finally {
    await chrome.kill();
  }
}

function report(t, r) {
  assert.equal(r.runtimeError, undefined, `Lighthouse could not measure the page: ${r.runtimeError}`);
  t.diagnostic(`performance ${r.performance}, accessibility ${r.accessibility}, best practices ${r.bestPractices}, `
    + `SEO ${r.seo}; ${Math.round(r.bytes)} bytes, TTI ${Math.round(r.tti)} ms, LCP ${Math.round(r.lcp)} ms, `
    + `TBT ${Math.round(r.tbt)} ms`);
}

const PUBLIC = [
  ['/', 'home'],
  ['/doctors?q=cardiology&city=New%20York', 'directory'],
  ['/doctors/dr-amara-okafor', 'doctor-page'],
  ['/sign-in', 'sign-in'],
];

for (const [path, name] of PUBLIC) {
  test(`lighthouse (mobile): ${path}`, { timeout: 180_000 }, async (t) => {
    const r = await audit(path, name);
    report(t, r);
    const why = `failing: ${r.failing.join('; ')}`;
    assert.equal(r.accessibility, 100, `accessibility ${r.accessibility}; ${why}`);
    assert.equal(r.bestPractices, 100, `best practices ${r.bestPractices}; ${why}`);
    assert.equal(r.seo, 100, `SEO ${r.seo}; ${why}`);
    assert.ok(r.performance >= PERFORMANCE_FLOOR, `performance ${r.performance} < ${PERFORMANCE_FLOOR}`);
  });
}

test('lighthouse (mobile): the patient\'s appointments', { timeout: 180_000 }, async (t) => {
  const res = await fetch(`${BASE}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-client': 'dioxus' },
    body: JSON.stringify({ form: { email: 'patient@carebook.test', password: 'carebook-demo', remember: false } }),
  });
  assert.equal(res.status, 200, await res.text());
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  assert.match(cookie, /carebook_session=/);
  const r = await audit('/patient/appointments', 'patient-appointments', { Cookie: cookie });
  report(t, r);
  const why = `failing: ${r.failing.join('; ')}`;
  assert.equal(r.accessibility, 100, `accessibility ${r.accessibility}; ${why}`);
  assert.equal(r.bestPractices, 100, `best practices ${r.bestPractices}; ${why}`);
});
