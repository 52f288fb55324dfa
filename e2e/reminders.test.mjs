// Reminder settings on the profile page: a new patient turns the 2-hours reminder off; it stays off after a
// reload (the server render shows the saved choice) and can be turned on again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, waitForHydration, signInTo, signUpAndConfirm, screenshot } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('a patient turns a reminder off and it stays off', async () => {
  const page = await newPage(browser);
  const email = `reminders-${Date.now()}@example.test`;
  const password = 'a long reminder passphrase';
  await signUpAndConfirm(page, { name: 'Rumi Reminder', email, password });
  await signInTo(page, email, '/patient', password);
  await page.goto(`${BASE}/account/profile`);
  await waitForHydration(page);
  const settings = page.getByTestId('reminder-settings');
  const hours = settings.getByLabel('2 hours before');
  assert.equal(await hours.isChecked(), true, 'on by default');
  await hours.uncheck();
  await settings.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
  await screenshot(page, 'reminder-settings');

  await page.reload();
  await waitForHydration(page);
  assert.equal(await settings.getByLabel('2 hours before').isChecked(), false, 'saved on the server');
  assert.equal(await settings.getByLabel('The day before, mid-afternoon').isChecked(), true);
  await settings.getByLabel('2 hours before').check();
  await settings.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
  await page.close();
});
