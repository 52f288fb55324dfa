// The client's weight on the wire: what a first visit to a public page downloads as wasm (brotli, as the
// server negotiates it with Chromium) stays within e2e/budget.json, so no change grows it unnoticed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { BASE, ARTIFACTS, launch, newPage, waitForHydration } from './browser.mjs';

const budget = JSON.parse(readFileSync(new URL('./budget.json', import.meta.url))).first_page_wasm_bytes;
let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

for (const path of ['/', '/doctors?q=cardiology', '/doctors/dr-amara-okafor', '/sign-in']) {
  test(`first visit to ${path}: wasm within the budget, sent compressed and cacheable`, async () => {
    const page = await newPage(browser);
    const wasm = [];
    page.on('requestfinished', async (req) => {
      if (!req.url().endsWith('.wasm')) return;
      const res = await req.response();
      const sizes = await req.sizes();
      wasm.push({ url: req.url(), bytes: sizes.responseBodySize, encoding: res.headers()['content-encoding'],
                  cache: res.headers()['cache-control'] });
    });
    await page.goto(`${BASE}${path}`);
    await waitForHydration(page);
    const total = wasm.reduce((sum, w) => sum + w.bytes, 0);
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(`${ARTIFACTS}/wasm-${path.replace(/[^a-z0-9]+/gi, '_')}.json`, JSON.stringify({ total, budget, wasm }, null, 2));
    assert.ok(wasm.length >= 1, 'the page loads its wasm');
    for (const w of wasm) {
      assert.equal(w.encoding, 'br', `${w.url} is sent as brotli`);
      assert.equal(w.cache, 'public, max-age=31536000, immutable', `${w.url} is cached for good`);
    }
    assert.ok(total <= budget, `${path}: ${total} bytes of wasm, over the budget of ${budget}`);
    await page.context().close();
  });
}
