// The home page end to end: server-rendered content, hydration, a server-function-backed interaction
// without a reload, the 404 page, and no console errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, waitForHydration, screenshot } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('home page content is server-rendered (visible with JavaScript disabled)', async () => {
  const page = await newPage(browser, { javaScriptEnabled: false });
  const res = await page.goto(`${BASE}/`);
  assert.equal(res.status(), 200);
  assert.match(await page.title(), /Carebook/);
  assert.equal(await page.locator('[data-testid="doctor-card"]').count(), 6);
  assert.ok(await page.getByText('Dr. Amara Okafor').first().isVisible());
  // The chips are plain links: without wasm they navigate to a server-rendered filtered page.
  await page.getByRole('link', { name: /^Dermatology/ }).first().click();
  await page.waitForURL(/specialty=dermatology/);
  assert.match(await page.getByTestId('doctors-heading').innerText(), /in Dermatology/);
  await page.context().close();
});

test('after hydration a specialty chip reloads the doctor list through a server function, in place', async () => {
  const page = await newPage(browser, { viewport: { width: 1280, height: 900 } });
  await page.goto(`${BASE}/`);
  await waitForHydration(page);
  await screenshot(page, 'home', { fullPage: false });
  // A marker that a full page load would wipe out.
  await page.evaluate(() => { window.__sameDocument = true; });
  const apiCall = page.waitForResponse((r) => r.url().includes('/api/doctors/top?specialty=dermatology'));
  await page.getByTestId('specialty-chip').filter({ hasText: 'Dermatology' }).click();
  const response = await apiCall;
  assert.equal(response.status(), 200);
  const fromServer = await response.json();
  assert.ok(fromServer.length > 0 && fromServer.every((d) => d.specialty_slug === 'dermatology'));

  await page.getByTestId('doctors-heading').filter({ hasText: 'in Dermatology' }).waitFor();
  await page.waitForFunction(() => {
    const cards = [...document.querySelectorAll('[data-testid="doctor-card"]')];
    return cards.length > 0 && cards.every((c) => c.dataset.specialty === 'dermatology');
  });
  // The DOM now shows exactly what the server function returned, in its order.
  const names = await page.locator('[data-testid="doctor-card"] h3').allInnerTexts();
  assert.deepEqual(names, fromServer.map((d) => d.name));
  assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no full page reload');
  assert.match(page.url(), /\?specialty=dermatology$/, 'the URL follows the state');
  assert.equal(
    await page.getByTestId('specialty-chip').filter({ hasText: 'Dermatology' }).getAttribute('aria-current'),
    'true',
  );
  await screenshot(page, 'home-dermatology');
  assert.deepEqual(page.errors, [], 'no console errors');
  await page.context().close();
});

test('home page is responsive on a phone-sized screen', async () => {
  const page = await newPage(browser, { viewport: { width: 390, height: 844 }, isMobile: true });
  await page.goto(`${BASE}/`);
  await waitForHydration(page);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling (overflow ${overflow}px)`);
  await screenshot(page, 'home-mobile');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});

test('unknown pages get the 404 page with status 404', async () => {
  const page = await newPage(browser);
  const res = await page.goto(`${BASE}/this/does/not/exist`);
  assert.equal(res.status(), 404);
  await waitForHydration(page);
  assert.ok(await page.getByRole('heading', { name: "We couldn't find that page" }).isVisible());
  await page.getByRole('link', { name: 'Find a doctor' }).last().click();
  await page.getByTestId('doctors-heading').waitFor();
  await page.context().close();
});

test('healthz reports the database', async () => {
  const res = await fetch(`${BASE}/healthz`);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { status: 'ok', database: 'ok' });
});
