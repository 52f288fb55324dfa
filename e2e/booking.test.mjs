// Booking end to end: the doctor turns on approvals; a patient picks a video slot (times shown in the
// browser's zone, named), confirms with a reason (the browser checks it first); the doctor approves; the
// patient sees it confirmed with its meeting link. Then a slot taken meanwhile shows the conflict and
// the next free times.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, waitForHydration, screenshot, signInTo } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const ZONE = 'Europe/Berlin';

async function openDoctor(page) {
  await page.goto(`${BASE}/doctors/dr-amara-okafor`);
  await waitForHydration(page);
  await page.getByTestId('slot-grid').waitFor();
}

test('a patient books, the doctor approves, the patient sees it confirmed with its link', async () => {
  const doctor = await newPage(browser, { timezoneId: ZONE });
  await signInTo(doctor, 'doctor@carebook.test', '/doctor');
  // The dashboard says from when patients can book (the slot function, in the doctor's zone).
  assert.match(await doctor.getByTestId('bookable').innerText(),
    /^Patients can book you from \w{3} \d{1,2} \w{3}, \d{2}:\d{2} \(your time\)\.$/);
  await doctor.goto(`${BASE}/doctor/schedule`);
  await waitForHydration(doctor);
  await doctor.getByLabel('I approve each booking myself').check();
  await doctor.getByTestId('save-schedule').click();
  await doctor.getByRole('status').getByText('Saved.').waitFor();
  // A day off through the exceptions calendar.
  await doctor.getByRole('button', { name: 'Next month' }).click();
  const day = doctor.getByTestId('exceptions-calendar').getByRole('button', { name: /^\w{3} 15 / });
  await day.click();
  assert.equal(await day.getAttribute('aria-pressed'), 'true');
  await doctor.getByLabel('Note').fill('Conference');
  await doctor.getByRole('button', { name: 'Add', exact: true }).click();
  await doctor.getByTestId('exceptions').getByText('Conference').waitFor();
  assert.match(await day.getAttribute('aria-label'), /day off$/);

  const patient = await newPage(browser, { timezoneId: ZONE });
  // A visitor sees times in the browser's zone once hydrated (server-rendered in the practice's zone).
  await openDoctor(patient);
  await patient.getByTestId('slot-zone').getByText('Times in Europe/Berlin (your time zone)').waitFor({ timeout: 15_000 });
  // Signed in, the profile's zone applies (the same zone as the dashboards and emails).
  await signInTo(patient, 'patient@carebook.test', '/patient');
  await openDoctor(patient);
  await patient.getByTestId('slot-zone').getByText('from your profile').waitFor();
  const reloaded = patient.waitForResponse((r) => r.url().includes('/api/doctors/availability/') && r.url().includes('type_id='));
  await patient.getByLabel(/^Video consultation/).check();
  await reloaded;
  await patient.getByTestId('slot-grid').waitFor();
  assert.ok(await patient.getByLabel(/^Video consultation/).isChecked());
  const first = patient.getByTestId('slot-grid').getByRole('button').first();
  const label = await first.innerText();
  assert.match(label, /^\d\d:\d\d$/);
  await first.click();
  await patient.getByTestId('confirm-form').waitFor();
  // The browser runs the same rule as the server: no reason → no request.
  let confirms = 0;
  patient.on('request', (r) => { if (r.url().includes('/confirm')) confirms += 1; });
  await patient.getByTestId('confirm-booking').click();
  await patient.getByText('Tell the doctor briefly why you').waitFor();
  assert.equal(confirms, 0);
  await patient.getByLabel('Reason for the visit').fill('Palpitations when climbing stairs');
  await patient.getByTestId('confirm-booking').click();
  await patient.getByTestId('booked').getByText('awaiting the doctor').waitFor();
  await screenshot(patient, 'booking-requested');

  await doctor.goto(`${BASE}/doctor/appointments`);
  await waitForHydration(doctor);
  const request = doctor.getByTestId('pending').getByTestId('appointment').filter({ hasText: 'Pat Demo' }).first();
  await request.getByText('Palpitations when climbing stairs').waitFor();
  await request.getByTestId('approve').click();
  await doctor.getByTestId('agenda').locator('[data-status="confirmed"]').first().waitFor();
  await screenshot(doctor, 'booking-doctor-agenda');

  await patient.goto(`${BASE}/patient/appointments`);
  await waitForHydration(patient);
  const card = patient.getByTestId('upcoming').locator('[data-status="confirmed"]').first();
  await card.waitFor();
  assert.match(await card.innerText(), new RegExp(label));
  const link = await card.getByTestId('meeting-link').getByRole('link').getAttribute('href');
  assert.match(link, /\/carebook-[0-9a-f]{32}$/);
  // The history says who did what: the patient held and booked it, the doctor approved it.
  await card.getByRole('button', { name: 'History' }).click();
  const history = await card.getByTestId('history').innerText();
  assert.match(history, /Pat Demo: Held → Awaiting the doctor's approval/);
  assert.match(history, /Amara Okafor: Awaiting the doctor's approval → Confirmed/);
  await screenshot(patient, 'booking-confirmed');
  assert.deepEqual(patient.errors, []);
});

test('a slot taken meanwhile shows the conflict and the next free times', async () => {
  const admin = await newPage(browser, { timezoneId: ZONE });
  await signInTo(admin, 'admin@carebook.test', '/admin');
  await openDoctor(admin);
  const slot = admin.getByTestId('slot-grid').getByRole('button').first();
  const start = await slot.getAttribute('data-start');

  // Meanwhile the patient takes that very slot.
  const patient = await newPage(browser, { timezoneId: ZONE });
  await signInTo(patient, 'patient@carebook.test', '/patient');
  const avail = await (await patient.request.get(`${BASE}/api/doctors/availability/dr-amara-okafor`)).json();
  const held = await patient.request.post(`${BASE}/api/appointments/hold`, {
    headers: { 'x-request-client': 'dioxus', 'content-type': 'application/json' },
    data: { doctor_id: avail.doctor_id, type_id: avail.type_id, location: avail.location, start, key: `e2e-${Date.now()}` },
  });
  assert.equal(held.status(), 200, await held.text());

  await slot.click();
  const alert = admin.getByTestId('booking-error');
  await alert.getByText('This slot was just taken').waitFor();
  assert.ok(await alert.getByTestId('alternatives').getByRole('button').count() > 0, 'alternatives offered');
  await screenshot(admin, 'booking-conflict');
});

test('on a phone the date strip scrolls instead of squeezing, and the chosen day shows whole', async () => {
  const page = await newPage(browser, { viewport: { width: 360, height: 740 } });
  await openDoctor(page);
  const fit = await page.evaluate(() => {
    const strip = document.querySelector('[role="tablist"]');
    const chosen = strip.querySelector('[aria-selected="true"]');
    const s = strip.getBoundingClientRect(), c = chosen.getBoundingClientRect();
    const lines = [...chosen.querySelectorAll('span')].map((e) => e.getBoundingClientRect().height);
    return {
      pageWidth: document.documentElement.scrollWidth,
      scrolls: strip.scrollWidth > strip.clientWidth,
      chosenInside: c.left >= s.left && c.right <= s.right,
      tallestLine: Math.max(...lines),
      label: chosen.innerText.replace(/\s+/g, ' ').trim(),
    };
  });
  assert.ok(fit.pageWidth <= 360, `the page must not scroll sideways (${fit.pageWidth}px)`);
  assert.ok(fit.scrolls, 'a week does not fit 360px: the strip scrolls');
  assert.ok(fit.chosenInside, 'the first day with free times is in view');
  assert.ok(fit.tallestLine < 24, `each fact on one line (${fit.tallestLine}px)`);
  assert.match(fit.label, /^[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2} \d+ free$/);
  await screenshot(page, 'booking-phone-date-strip');
  assert.deepEqual(page.errors, []);
  await page.context().close();
});
