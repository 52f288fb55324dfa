// A doctor's way in, end to end: a new account applies step by step (the browser runs the same Rust
// validation as the server), uploads a licence, submits; an admin approves it; the doctor is then found
// in the public directory.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, waitForHydration, screenshot, signUpAndConfirm, signInTo } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const stamp = Date.now();
const email = `applicant-${stamp}@example.org`;
const password = 'a quiet clinic by the sea';
const name = `Inès Quintero${String(stamp).slice(-4).replace(/\d/g, (d) => 'abcdefghij'[d])}`;

async function signUp(page) {
  await signUpAndConfirm(page, { name, email, password });
}

const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

test('apply → admin approves → listed in search', async () => {
  const page = await newPage(browser);
  await signUp(page);
  await signInTo(page, email, '/patient', password);
  await page.goto(`${BASE}/apply`);
  await waitForHydration(page);
  const saves = [];
  page.on('request', (r) => { if (r.url().endsWith('/api/applications/mine') && r.method() === 'POST') saves.push(r); });

  // Step 1: the browser refuses an incomplete step itself (no request), with field errors.
  await page.getByTestId('next-step').click();
  await page.locator('#bio-msg').getByText('Use at least 40 characters.').waitFor();
  assert.equal(saves.length, 0, 'validation ran in the browser');
  await page.getByLabel('Gender shown to patients').selectOption('female');
  await page.getByLabel('Languages you consult in').fill('English, Spanish');
  await page.getByLabel('About you').fill('Family doctor for children and adults, with a focus on asthma and allergies.');
  // Errors update live as the applicant fixes them.
  await page.locator('#bio-msg [data-testid="field-error"]').waitFor({ state: 'detached' });
  await screenshot(page, 'apply-personal');
  await page.getByTestId('next-step').click();

  // Step 2.
  await page.getByLabel('Specialty').selectOption('family-medicine');
  await page.getByLabel('Years of experience').fill('11');
  await page.getByLabel('Consultation fee').fill('12.345');
  await page.getByTestId('next-step').click();
  await page.locator('#fee-msg').getByText('Enter the fee as a number').waitFor();
  await page.getByLabel('Consultation fee').fill('90');
  await page.getByLabel('Registration / licence number').fill(`MC-${stamp}`);
  await page.getByLabel('Issuing council or board').fill('Medical Council of Ireland');
  await page.getByTestId('next-step').click();

  // Step 3 and 4.
  await page.getByLabel('Degree').fill('MB BCh BAO');
  await page.getByLabel('Institute').fill('Trinity College Dublin');
  await page.getByLabel('Year passed').fill('2013');
  await page.getByTestId('next-step').click();
  await page.getByLabel('Practice name').fill('Harbour Family Practice');
  await page.getByLabel('Street address').fill('4 Quay Street');
  await page.getByLabel('Area or neighbourhood').fill('Docklands');
  await page.getByLabel('City').fill('Galway');
  await page.getByTestId('next-step').click();
  assert.equal(saves.length, 4, 'each completed step was saved as a draft');

  // Step 5: the licence, through the file picker (the browser sniffs the type first).
  await page.getByTestId('document-input').setInputFiles({ name: 'not-a-pdf.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ fake') });
  await page.getByTestId('uploads').getByText("isn't a PDF, JPEG or PNG").waitFor();
  await page.getByTestId('document-input').setInputFiles({ name: 'licence.pdf', mimeType: 'application/pdf', buffer: PDF });
  await page.getByTestId('document').getByText('licence.pdf').waitFor();
  await screenshot(page, 'apply-documents');

  // The draft survives a reload and resumes.
  await page.reload();
  await waitForHydration(page);
  await page.getByTestId('application-status').getByText('Your draft is saved').waitFor();
  await page.getByRole('button', { name: '6. Review' }).click();
  await page.getByTestId('review').getByText(`MC-${stamp}`).waitFor();
  await page.getByTestId('submit-application').click();
  await page.locator('[data-testid="application-status"][data-status="pending"]').waitFor();
  await screenshot(page, 'apply-submitted');

  // An admin approves it from the queue.
  const admin = await newPage(browser);
  await signInTo(admin, 'admin@carebook.test', '/admin');
  // Told in the app: the dashboard's notifications link to the application.
  await admin.getByTestId('notification').filter({ hasText: `New doctor application: ${name}` }).waitFor();
  await admin.goto(`${BASE}/admin/applications`);
  await waitForHydration(admin);
  await admin.getByTestId('queue-item').filter({ hasText: name }).click();
  await admin.getByTestId('review-licence').getByText(`MC-${stamp}`).waitFor();
  await admin.getByTestId('review-document').getByText('Open licence.pdf').waitFor();
  await screenshot(admin, 'admin-review');
  await admin.getByTestId('approve').click();
  await admin.getByText('Approved: the doctor is now listed').waitFor();
  assert.deepEqual(admin.errors, []);

  // The applicant is now a doctor, and was told.
  await page.goto(`${BASE}/doctor`);
  await waitForHydration(page);
  await page.getByTestId('notification').filter({ hasText: 'Your Carebook doctor profile is approved' }).waitFor();
  await screenshot(page, 'doctor-dashboard-after-approval');

  // Listed: anyone finds them by name.
  const visitor = await newPage(browser);
  await visitor.goto(`${BASE}/doctors?q=${encodeURIComponent(name)}`);
  await visitor.getByTestId('doctor-link').getByText(`Dr. ${name}`).waitFor();
  await screenshot(visitor, 'listed-after-approval');
  assert.deepEqual(page.errors, []);
});
