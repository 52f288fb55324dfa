// A paid booking end to end through the development gateway (it speaks Stripe's protocol and signs its
// webhook like Stripe): the patient confirms, is sent to the gateway's hosted page, pays, comes back to the
// result page, and the booking is confirmed by the server's own word from the provider.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, waitForHydration, screenshot, signInTo } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a patient pays online through the test gateway and the booking is confirmed', async () => {
  const page = await newPage(browser, { timezoneId: 'America/Chicago' });
  await signInTo(page, 'patient@carebook.test', '/patient');

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

  // The receipt, from the patient's payments.
  await page.goto(`${BASE}/patient/payments`);
  await waitForHydration(page);
  await page.getByTestId('my-payments').getByRole('link', { name: 'Receipt' }).first().click();
  await page.waitForURL(/\/patient\/payments\/[0-9a-f-]+\/receipt$/);
  const receipt = page.getByTestId('receipt');
  await receipt.waitFor();
  assert.match(await receipt.innerText(), /CB-\d{8}-[0-9A-F]{8}/);
  assert.match(await receipt.innerText(), /Rafael Souza/);
  await screenshot(page, 'payment-receipt');
  const receiptUrl = page.url();

  // An admin finds it in the ledger and refunds part of it by hand; the patient's receipt shows it.
  const admin = await newPage(browser);
  await signInTo(admin, 'admin@carebook.test', '/admin');
  await admin.goto(`${BASE}/admin/payments`);
  await waitForHydration(admin);
  await admin.getByLabel('Doctor').fill('Souza');
  await admin.getByRole('button', { name: 'Filter' }).click();
  await admin.getByTestId('ledger').locator('tr[data-status="succeeded"]').getByRole('link').first().click();
  await admin.waitForURL(/\/admin\/payments\/[0-9a-f-]+$/);
  await waitForHydration(admin);
  const form = admin.getByTestId('refund-form');
  await form.getByLabel(/^Amount/).fill('10');
  await form.getByLabel('Reason').fill('Waited 40 minutes past the time');
  await form.getByRole('button', { name: 'Refund' }).click();
  await admin.getByTestId('payment-refunds').getByText(/succeeded/).waitFor();
  assert.equal(await admin.getByTestId('payment-summary').getAttribute('data-status'), 'partially_refunded');
  await screenshot(admin, 'admin-payment-refund');
  await page.goto(receiptUrl);
  await waitForHydration(page);
  assert.match(await page.getByTestId('receipt-refunds').innerText(), /Waited 40 minutes past the time/);
  assert.deepEqual(page.errors, []);
  assert.deepEqual(admin.errors, []);
});
