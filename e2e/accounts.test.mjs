// Accounts end to end: sign up → confirmation mail → verify → sign in (remembered) → a second browser
// signs in → Devices shows two → sign the other out → its next page lands on sign-in; role guards.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, waitForHydration, screenshot } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const email = `e2e-${Date.now()}@example.org`;
const password = 'a sunny walk by the river';

async function signIn(page, who, pass, { remember = false } = {}) {
  await page.goto(`${BASE}/sign-in`);
  await waitForHydration(page);
  await page.getByLabel('Email').fill(who);
  await page.getByLabel('Password').fill(pass);
  if (remember) await page.getByLabel('Keep me signed in on this device').check();
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Sign in and wait to land on `path`; on failure, say what the page shows instead. */
async function signInTo(page, who, pass, path, options) {
  await signIn(page, who, pass, options);
  try {
    await page.waitForURL(`${BASE}${path}`, { timeout: 15_000 });
  } catch (e) {
    await screenshot(page, `sign-in-failed-${Date.now()}`);
    const text = await page.locator('body').innerText();
    throw new Error(`sign-in did not reach ${path}: at ${page.url()}, errors ${JSON.stringify(page.errors)}, page: ${text.slice(0, 300)}`);
  }
}

test('sign up, confirm by mail, sign in on two devices, sign the other one out', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE}/sign-up`);
  await waitForHydration(page);
  await page.getByLabel('Full name').fill('Erin Example');
  await page.getByLabel('Email').fill(email);
  // The password rules run in the browser (the same Rust code as the server) before any request.
  await page.getByLabel('Password').fill('password');
  await page.getByText('This password is too common').waitFor();
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
  await page.getByTestId('sign-up-done').waitFor();

  // The confirmation mail, as recorded in the outbox (dev page).
  await page.goto(`${BASE}/dev/outbox`);
  const mail = page.getByTestId('outbox-mail').filter({ hasText: email }).first();
  const body = await mail.innerText();
  const link = body.match(/http:\/\/\S+\/verify-email\?token=[\w-]+/)[0];
  await page.goto(link.replace(/^http:\/\/[^/]+/, BASE));
  await waitForHydration(page);
  await page.getByRole('button', { name: 'Confirm my email' }).click();
  await page.getByText('Your email is confirmed').waitFor();

  await signInTo(page, email, password, '/patient', { remember: true });
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === 'carebook_session');
  assert.ok(session?.httpOnly && session.sameSite === 'Lax', 'HttpOnly, SameSite=Lax');
  assert.ok(session.expires > Date.now() / 1000 + 20 * 86400, 'remember me: a persistent cookie');

  const other = await newPage(browser);
  await signInTo(other, email, password, '/patient');

  await page.goto(`${BASE}/account/devices`);
  await waitForHydration(page);
  assert.equal(await page.getByTestId('device').count(), 2);
  assert.equal(await page.locator('[data-testid="device"][data-current="true"]').count(), 1);
  await screenshot(page, 'devices');
  await page.locator('[data-testid="device"][data-current="false"]').getByTestId('end-session').click();
  await page.getByText('Device signed out.').waitFor();
  assert.equal(await page.getByTestId('device').count(), 1);

  // The other browser's next request lands on sign-in.
  const res = await other.goto(`${BASE}/patient`);
  assert.match(other.url(), /\/sign-in\?next=/);
  assert.equal(res.status(), 200);
  assert.ok(await other.getByRole('heading', { name: 'Sign in' }).isVisible());
  assert.deepEqual(page.errors, []);
  await other.context().close();
  await page.context().close();
});

test('a patient opening /admin gets the 403 page', async () => {
  const page = await newPage(browser);
  await signInTo(page, 'patient@carebook.test', 'carebook-demo', '/patient');
  const res = await page.goto(`${BASE}/admin`);
  assert.equal(res.status(), 403);
  assert.ok(await page.getByTestId('forbidden').isVisible());
  await screenshot(page, 'forbidden');
  await page.context().close();
});

test('wrong passwords get one generic message', async () => {
  const page = await newPage(browser);
  await signIn(page, 'patient@carebook.test', 'definitely not it');
  await page.getByText('The email or password is incorrect.').waitFor();
  assert.match(page.url(), /\/sign-in/);
  await page.context().close();
});
