// The waitlist end to end: a patient joins a doctor's waitlist from the doctor page; when another patient
// cancels, the freed time is held for the waiting patient, who accepts it and finds it among their bookings.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, waitForHydration, signInTo, signUpAndConfirm, screenshot, bookFirstSlot } from './browser.mjs';

const SLUG = 'dr-kwame-mensah';
const PASSWORD = 'a long waitlist passphrase';
const API = { 'x-request-client': 'dioxus', 'content-type': 'application/json' };

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function newPatient(name) {
  const page = await newPage(browser);
  const email = `${name.split(' ')[0].toLowerCase()}-${Date.now()}@example.test`;
  await signUpAndConfirm(page, { name, email, password: PASSWORD });
  await signInTo(page, email, '/patient', PASSWORD);
  return page;
}

test('a waitlisted patient accepts the time another patient gave up', async () => {
  // Another patient books a visit three days or more ahead (well before the cancellation cut-off).
  const booker = await newPatient('Bo Booker');
  const id = await bookFirstSlot(booker, SLUG, 3, 'Recurring headaches');

  // The waiting patient joins from the doctor page, for the next weeks, any time of day.
  const waiter = await newPatient('Wren Waiting');
  await waiter.goto(`${BASE}/doctors/${SLUG}`);
  await waitForHydration(waiter);
  const box = waiter.getByTestId('waitlist-box');
  await box.getByRole('button', { name: 'No time that suits you? Join the waitlist' }).click();
  await box.getByLabel('Until').fill(new Date(Date.now() + 30 * 86400e3).toISOString().slice(0, 10));
  await box.getByRole('button', { name: 'Join the waitlist' }).click();
  await box.getByRole('status').filter({ hasText: "You're on the waitlist" }).waitFor();

  // The booking is cancelled: the time is held for the waiting patient within moments.
  const cancelled = await booker.request.post(`${BASE}/api/appointments/${id}/cancel`, {
    headers: API, data: { reason: 'Feeling better' },
  });
  assert.equal(cancelled.status(), 200, await cancelled.text());
  let offer;
  for (let i = 0; i < 30 && !offer; i++) {
    await waiter.goto(`${BASE}/patient/waitlist`);
    await waitForHydration(waiter);
    if (await waiter.getByTestId('offer').count()) offer = waiter.getByTestId('offer');
    else await waiter.waitForTimeout(1000);
  }
  assert.ok(offer, 'the freed time was offered');
  await screenshot(waiter, 'waitlist-offer');
  await offer.getByTestId('accept-offer').click();
  await waiter.waitForURL(`${BASE}/patient/appointments`);
  await waitForHydration(waiter);
  const visit = waiter.getByTestId('upcoming').getByTestId('appointment').filter({ hasText: 'Kwame Mensah' });
  await visit.waitFor();
  assert.equal(await visit.getAttribute('data-status'), 'confirmed');
  await Promise.all([booker.close(), waiter.close()]);
});
