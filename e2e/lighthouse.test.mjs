// Lighthouse (npm `lighthouse`, Debian chromium) on the public directory and a doctor page:
// SEO must score 100 and accessibility at least 95. Reports are kept in e2e/artifacts/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import lighthouse from 'lighthouse';
import * as chromeLauncher from 'chrome-launcher';
import { BASE, ARTIFACTS } from './browser.mjs';

const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

async function audit(path, name) {
  // chrome-launcher gives every launch a fresh temporary --user-data-dir.
  const chrome = await chromeLauncher.launch({
    chromePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    chromeFlags: FLAGS,
  });
  try {
    const result = await lighthouse(`${BASE}${path}`, {
      port: chrome.port,
      onlyCategories: ['seo', 'accessibility'],
      output: 'html',
      logLevel: 'error',
    });
    writeFileSync(join(ARTIFACTS, `lighthouse-${name}.html`), result.report);
    const { seo, accessibility } = result.lhr.categories;
    const failing = Object.values(result.lhr.audits)
      .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === 'binary')
      .map((a) => `${a.id}: ${a.title}`);
    return { seo: seo.score * 100, accessibility: accessibility.score * 100, failing };
  } finally {
    await chrome.kill();
  }
}

for (const [path, name] of [['/doctors?q=cardiology&city=New%20York', 'directory'], ['/doctors/dr-amara-okafor', 'doctor-page']]) {
  test(`lighthouse: ${path}`, { timeout: 120_000 }, async (t) => {
    const r = await audit(path, name);
    t.diagnostic(`SEO ${r.seo}, accessibility ${r.accessibility}`);
    assert.equal(r.seo, 100, `SEO ${r.seo}; failing: ${r.failing.join('; ')}`);
    assert.ok(r.accessibility >= 95, `accessibility ${r.accessibility}; failing: ${r.failing.join('; ')}`);
  });
}
