// One-click links from emails, in a browser that is not signed in: the confirmation email's "Reschedule"
// link moves the visit (the page asks first; the old link then stops working), and the next email's
// "Cancel" link cancels it. The patient's own session sees the result.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, waitForHydration, signInTo, signUpAndConfirm, screenshot, bookFirstSlot } from './browser.mjs';

const SLUG = 'dr-kwame-mensah';
const PASSWORD = 'a long link passphrase';
const API = { 'x-request-client': 'dioxus', 'content-type': 'application/json' };

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/** The `action` link of the newest mail to `email` with `subject`, on this server (the job loop writes
 * booking emails within its period: the outbox is read again until it is there). */
async function mailLink(page, email, subject, action) {
  let mail;
  for (let i = 0; i < 60 && !mail; i++) {
    await page.goto(`${BASE}/dev/outbox`);
    const found = page.getByTestId('outbox-mail').filter({ hasText: email }).filter({ hasText: subject });
    if (await found.count()) mail = found.first();
    else await page.waitForTimeout(1000);
  }
  assert.ok(mail, `a mail "${subject}" to ${email}`);
  const body = await mail.innerText();
  const url = body.match(new RegExp(`http://\\S+/booking-link/manage\\?token=[\\w-]+&action=${action}`));
  assert.ok(url, `a ${action} link in: ${body}`);
  return url[0].replace(/^http:\/\/[^/]+/, BASE);
}

test('a patient reschedules, then cancels, from email links without signing in', async () => {
  const patient = await newPage(browser);
  const email = `linda-${Date.now()}@example.test`;
  await signUpAndConfirm(patient, { name: 'Linda Link', email, password: PASSWORD });
  await signInTo(patient, email, '/patient', PASSWORD);
  const id = await bookFirstSlot(patient, SLUG, 5, 'Check-up');

  // A fresh browser (the email client's): the reschedule link opens the page, which changes nothing yet.
  const anon = await newPage(browser);
  const reschedule = await mailLink(anon, email, 'Appointment confirmed', 'reschedule');
  await anon.goto(reschedule);
  await waitForHydration(anon);
  const visit = anon.getByTestId('link-visit');
  assert.equal(await visit.getAttribute('data-status'), 'confirmed');
  const before = await visit.locator('p').first().innerText();
  await anon.getByTestId('slot-grid').waitFor();
  await screenshot(anon, 'link-reschedule');
  const slots = anon.getByTestId('slot-grid').getByRole('button');
  // Another time than the current one.
  let pick = slots.first();
  if ((await pick.innerText()).trim() === before.split(', ').pop().split('–')[0]) pick = slots.nth(1);
  await pick.click();
  await anon.getByRole('status').filter({ hasText: 'Moved to' }).waitFor();
  assert.notEqual(await visit.locator('p').first().innerText(), before, 'the time shown is the new one');

  // The old link died with the old time.
  await anon.goto(reschedule);
  await anon.getByRole('alert').filter({ hasText: 'This link no longer works' }).waitFor();

  // The "moved" email's cancel link: a reason is asked for, then the visit is cancelled.
  const cancel = await mailLink(anon, email, 'Appointment moved', 'cancel');
  await anon.goto(cancel);
  await waitForHydration(anon);
  await anon.getByRole('button', { name: 'Cancel appointment' }).click();
  await anon.getByRole('alert').filter({ hasText: 'reason' }).waitFor();
  await anon.getByLabel('Why are you cancelling?').fill('Travelling that week');
  await anon.getByRole('button', { name: 'Cancel appointment' }).click();
  await anon.getByRole('status').filter({ hasText: 'Your appointment is cancelled' }).waitFor();
  await screenshot(anon, 'link-cancelled');

  // The patient's session sees it cancelled, by them, with the reason.
  const seen = await (await patient.request.get(`${BASE}/api/appointments/${id}`, { headers: API })).json();
  assert.equal(seen.status, 'cancelled');
  assert.ok(seen.history.some((e) => e.reason === 'Travelling that week'), JSON.stringify(seen.history));
  await Promise.all([patient.close(), anon.close()]);
});
