// Reviews end to end: the demo patient reviews their completed visit, the doctor replies, and both show on
// the doctor's public page (with the rating summary counting the new review).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, waitForHydration, signInTo, screenshot } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a patient reviews a completed visit, the doctor replies, both are on the doctor page', async () => {
  const words = `Explained my readings patiently ${Date.now()}`;
  const patient = await newPage(browser);
  await signInTo(patient, 'patient@carebook.test', '/patient');
  await patient.goto(`${BASE}/patient/appointments`);
  await waitForHydration(patient);
  await patient.getByTestId('past').getByTestId('review-link').first().click();
  await patient.waitForURL(/\/patient\/appointments\/[0-9a-f-]+\/review$/);
  await waitForHydration(patient);
  const form = patient.getByTestId('review-form');
  // Submitting without stars is refused in the browser, by the same rules as the server.
  await form.getByRole('button', { name: 'Post review' }).click();
  await form.getByRole('alert').filter({ hasText: 'Choose from 1 to 5 stars.' }).waitFor();
  await form.locator('label', { has: patient.getByTestId('stars-4') }).click();
  await form.locator('label', { has: patient.getByTestId('manner-5') }).click();
  await patient.getByLabel('Your review (optional)').fill(words);
  await form.getByRole('button', { name: 'Post review' }).click();
  await form.getByRole('status').filter({ hasText: 'your review is on the doctor' }).waitFor();
  await screenshot(patient, 'review-written');

  const doctor = await newPage(browser);
  await signInTo(doctor, 'doctor@carebook.test', '/doctor');
  await doctor.goto(`${BASE}/doctor/reviews`);
  await waitForHydration(doctor);
  const mine = doctor.getByTestId('managed-review').filter({ hasText: words });
  await mine.getByTestId('reply-open').click();
  await mine.getByLabel('Your public reply').fill('Thank you, Pat. See you at the follow-up.');
  await mine.getByRole('button', { name: 'Post reply' }).click();
  await mine.getByTestId('review-reply').filter({ hasText: 'See you at the follow-up' }).waitFor();

  const visitor = await newPage(browser);
  await visitor.goto(`${BASE}/doctors/dr-amara-okafor`);
  const review = visitor.getByTestId('review').filter({ hasText: words });
  await review.waitFor();
  assert.match(await review.innerText(), /Pat D\./);
  assert.match(await review.getByTestId('review-reply').innerText(), /See you at the follow-up/);
  const count = Number(await visitor.getByTestId('rating-count').innerText());
  assert.ok(count >= 4, `the summary counts real reviews (${count})`);
  const ld = JSON.parse(await visitor.getByTestId('json-ld').innerHTML());
  assert.equal(ld.aggregateRating.reviewCount, count);
  await screenshot(visitor, 'doctor-page-reviews');
  await Promise.all([patient.close(), doctor.close(), visitor.close()]);
});
