// A paid booking end to end through the development gateway (it speaks Stripe's protocol and signs its
// webhook like Stripe): the patient confirms, is sent to the gateway's hosted page, pays, comes back to the
// result page, and the booking is confirmed by the server's own word from the provider.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, waitForHydration, screenshot } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a patient pays online through the test gateway and the booking is confirmed', async () => {
  const page = await newPage(browser, { timezoneId: 'America/Chicago' });
  await page.goto(`${BASE}/sign-in`);
  await waitForHydration(page);
  await page.getByLabel('Email').fill('patient@carebook.test');
  await page.getByLabel('Password').fill('carebook-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${BASE}/patient`);

  await page.goto(`${BASE}/doctors/dr-rafael-souza`);
  await waitForHydration(page);
  await page.getByTestId('slot-grid').getByRole('button').last().click();
  await page.getByLabel('Reason for the visit').fill('Palpitations at night');
  await page.getByTestId('confirm-booking').click();

  // The provider's hosted page (here the labelled development gateway).
  await page.waitForURL(/\/dev\/gateway\/pay\/cs_/);
  assert.match(await page.locator('body').innerText(), /Test gateway — development only/);
  await screenshot(page, 'payment-gateway');
  await page.getByRole('button', { name: /^Pay / }).click();

  // Back on Carebook: confirmed, because the server verified the payment (webhook or API), not the redirect.
  await page.waitForURL(/\/patient\/appointments\/[0-9a-f-]+\/payment/);
  await waitForHydration(page);
  const result = page.getByTestId('payment-result');
  await result.getByText("Payment received — you're booked").waitFor();
  assert.equal(await result.getAttribute('data-status'), 'succeeded');
  await screenshot(page, 'payment-result');

  await page.goto(`${BASE}/patient/appointments`);
  await waitForHydration(page);
  const card = page.getByTestId('upcoming').getByTestId('appointment').filter({ hasText: 'Rafael Souza' }).first();
  assert.equal(await card.getAttribute('data-status'), 'confirmed');
  assert.deepEqual(page.errors, []);
});
