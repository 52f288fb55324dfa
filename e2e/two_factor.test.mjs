// Two-factor sign-in in the browser: enrol from the security page (secret shown with the QR code), keep
// the recovery codes, then sign in again with a code computed like an authenticator app would.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { BASE, launch, newPage, waitForHydration, screenshot } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** RFC 6238 TOTP (SHA-1, 30 s, 6 digits) for a base32 secret, `offset` steps from now. */
function totp(secret, offset = 0) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const c of secret.replace(/=+$/, '')) bits += alphabet.indexOf(c).toString(2).padStart(5, '0');
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(Date.now() / 1000 / 30) + offset));
  const h = createHmac('sha1', key).update(counter).digest();
  const o = h[19] & 0x0f;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1_000_000).padStart(6, '0');
}

async function signIn(page, email, password) {
  await page.goto(`${BASE}/sign-in`);
  await waitForHydration(page);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('enrol in two-factor sign-in and use it at the next sign-in', async () => {
  const page = await newPage(browser);
  await signIn(page, 'doctor@carebook.test', 'carebook-demo');
  await page.waitForURL(`${BASE}/doctor`);
  await page.goto(`${BASE}/account/security`);
  await waitForHydration(page);
  await page.getByTestId('begin-2fa').click();
  const secret = (await page.getByTestId('totp-secret').innerText()).trim();
  assert.match(secret, /^[A-Z2-7]{32}$/);
  assert.ok(await page.locator('[data-testid="two-factor"] svg').isVisible(), 'the QR code is shown');
  await page.getByLabel('Code from the app').fill(totp(secret));
  await page.getByRole('button', { name: 'Turn on' }).click();
  await page.getByTestId('recovery-codes').waitFor();
  assert.equal(await page.locator('[data-testid="recovery-codes"] li').count(), 10);
  await screenshot(page, 'two-factor-enabled');
  await page.getByTestId('sign-out').click();
  await page.waitForURL(/\/sign-in/);

  // Password first, then the code from the "app" (the next step's, as the enrolment code is spent).
  await signIn(page, 'doctor@carebook.test', 'carebook-demo');
  await page.getByRole('heading', { name: 'Enter your code' }).waitFor();
  await page.getByLabel('Code').fill(totp(secret, 1));
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.waitForURL(`${BASE}/doctor`);
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
