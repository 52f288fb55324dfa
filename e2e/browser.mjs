// Shared e2e helpers: launch Debian's chromium through playwright-core, collect console errors,
// save screenshots under e2e/artifacts/.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BASE = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:18080';
export const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), 'artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Launch chromium (playwright gives every launch a fresh, empty --user-data-dir). */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: FLAGS,
    headless: true,
  });
}

/** A new page that records console errors and uncaught exceptions into `page.errors`. */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.errors = [];
  page.on('console', (msg) => { if (msg.type() === 'error') page.errors.push(`console: ${msg.text()}`); });
  page.on('pageerror', (err) => page.errors.push(`pageerror: ${err.message}`));
  return page;
}

/** Wait until the wasm app has hydrated (App's first effect sets data-hydrated on <html>). */
export async function waitForHydration(page) {
  await page.waitForSelector('html[data-hydrated="true"]', { timeout: 30_000 });
}

/** Sign in through the form and wait for `path` (the demo accounts share the password `carebook-demo`). */
export async function signInTo(page, who, path, password = 'carebook-demo') {
  await page.goto(`${BASE}/sign-in`);
  await waitForHydration(page);
  await page.getByLabel('Email').fill(who);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${BASE}${path}`, { timeout: 15_000 });
}

export async function screenshot(page, name, { fullPage = true } = {}) {
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage });
}

/** Create a patient account through the sign-up form and confirm it with the link from the dev outbox. */
export async function signUpAndConfirm(page, { name, email, password }) {
  await page.goto(`${BASE}/sign-up`);
  await waitForHydration(page);
  await page.getByLabel('Full name').fill(name);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByTestId('sign-up-done').waitFor();
  await page.goto(`${BASE}/dev/outbox`);
  const body = await page.getByTestId('outbox-mail').filter({ hasText: email }).first().innerText();
  await page.goto(body.match(/http:\/\/\S+\/verify-email\?token=[\w-]+/)[0].replace(/^http:\/\/[^/]+/, BASE));
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Confirm my email' }).click();
  await page.getByText('Your email is confirmed').waitFor();
}

/** Book the first free slot of doctor `slug` at least `days` days ahead through the API, as the signed-in
 * `page`'s user (hold, then confirm with `reason`); returns the appointment's id. */
export async function bookFirstSlot(page, slug, days, reason) {
  const api = { 'x-request-client': 'dioxus', 'content-type': 'application/json' };
  const from = new Date(Date.now() + days * 86400e3).toISOString().slice(0, 10);
  const avail = await (await page.request.get(`${BASE}/api/doctors/availability/${slug}?from=${from}`)).json();
  const start = avail.days.flatMap((d) => d.slots)[0].start;
  const held = await page.request.post(`${BASE}/api/appointments/hold`, {
    headers: api,
    data: { doctor_id: avail.doctor_id, type_id: avail.type_id, location: avail.location, start, key: `e2e-${slug}-${Date.now()}` },
  });
  if (held.status() !== 200) throw new Error(`hold: ${held.status()} ${await held.text()}`);
  const id = (await held.json()).id;
  const booked = await page.request.post(`${BASE}/api/appointments/${id}/confirm`, {
    headers: api, data: { form: { reason, notes: '' } },
  });
  if (booked.status() !== 200) throw new Error(`confirm: ${booked.status()} ${await booked.text()}`);
  return id;
}
