// Paid bookings end to end through the development stand-ins for each provider: the Stripe-protocol gateway
// (signed webhooks) for a dollar fee and the SSLCommerz one (hashed IPN, validation API) for a taka fee.
// The patient confirms, is sent to the hosted page, pays, comes back to the result page, and the booking is
// confirmed by the server's own word from the provider; then the receipt, and an admin's partial refund.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, waitForHydration, screenshot, signInTo } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** A signed-in demo patient books the last slot shown on `slug`'s page and lands on the hosted page. */
async function bookAndCheckOut(timezoneId, slug, reason, hostedPage) {
  const page = await newPage(browser, { timezoneId });
  await signInTo(page, 'patient@carebook.test', '/patient');
  await page.goto(`${BASE}/doctors/${slug}`);
  await waitForHydration(page);
  await page.getByTestId('slot-grid').getByRole('button').last().click();
  await page.getByLabel('Reason for the visit').fill(reason);
  await page.getByTestId('confirm-booking').click();
  await page.waitForURL(hostedPage);
  return page;
}

/** Back on Carebook after paying: the result page says booked, on the server's own word. */
async function expectBooked(page, name) {
  await page.waitForURL(/\/patient\/appointments\/[0-9a-f-]+\/payment/);
  await waitForHydration(page);
  const result = page.getByTestId('payment-result');
  await result.getByText("Payment received — you're booked").waitFor();
  assert.equal(await result.getAttribute('data-status'), 'succeeded');
  await screenshot(page, name);
  return result;
}

test('a patient pays online through the test gateway and the booking is confirmed', async () => {
  const page = await bookAndCheckOut('America/Chicago', 'dr-rafael-souza', 'Palpitations at night', /\/dev\/gateway\/pay\/cs_/);
  // The provider's hosted page (here the labelled development gateway).
  assert.match(await page.locator('body').innerText(), /Test gateway — development only/);
  await screenshot(page, 'payment-gateway');
  await page.getByRole('button', { name: /^Pay / }).click();
  // Back on Carebook: confirmed, because the server verified the payment (webhook or API), not the redirect.
  await expectBooked(page, 'payment-result');

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

test('a patient pays a taka fee through the test SSLCommerz and the booking is confirmed', async () => {
  const page = await bookAndCheckOut('Asia/Dhaka', 'dr-nusrat-rahman', 'Fever for three days', /\/dev\/sslcommerz\/gw\//);
  // SSLCommerz's hosted page (here its labelled development stand-in), in taka.
  assert.match(await page.locator('body').innerText(), /Test SSLCommerz gateway — development only/);
  assert.match(await page.locator('h1').innerText(), /Pay 1500\.00 BDT/);
  await screenshot(page, 'sslcommerz-gateway');
  await page.getByRole('button', { name: /^Pay / }).click();

  // SSLCommerz posts the browser back (a cross-site form post, no session needed); Carebook answers with a
  // redirect to its result page, confirmed by the IPN and the validation API, not by the post itself.
  const result = await expectBooked(page, 'sslcommerz-result');
  assert.match(await result.innerText(), /৳1,500/);
  assert.deepEqual(page.errors, []);
});
