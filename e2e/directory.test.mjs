// The public directory end to end: complete without JavaScript (results in the HTML, the GET form works),
// and after hydration typing and filtering update the results in place with the URL kept in sync.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, newPage, waitForHydration, screenshot } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('without JavaScript: results, typo correction and the search form work', async () => {
  const page = await newPage(browser, { javaScriptEnabled: false });
  await page.goto(`${BASE}/doctors?q=cardiolgy`);
  assert.match(await page.title(), /cardiolgy/);
  const names = await page.getByTestId('doctor-link').allInnerTexts();
  assert.ok(names.includes('Dr. Amara Okafor'), names.join(', '));
  await page.getByTestId('corrections').getByText('cardiology').waitFor();
  // The plain GET form: type, submit, new server-rendered page.
  await page.getByTestId('search-input').fill('Chelsea');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.waitForURL(/\/doctors\?.*q=Chelsea/);
  assert.deepEqual(await page.getByTestId('doctor-link').allInnerTexts(), ['Dr. Mei Chen']);
  await screenshot(page, 'directory-no-js');
});

test('soonest available: cards name each doctor\'s first free slot, soonest first', async () => {
  const page = await newPage(browser, { javaScriptEnabled: false });
  // The job computes every doctor's first free slot at start-up; give it a moment on a cold server.
  for (let i = 0; i < 20; i++) {
    await page.goto(`${BASE}/doctors?sort=soonest`);
    if (await page.getByTestId('next-available').count() > 0) break;
    await page.waitForTimeout(500);
  }
  assert.equal(await page.getByTestId('filter-sort').inputValue(), 'soonest');
  const slots = await page.getByTestId('next-available').allInnerTexts();
  assert.equal(slots.length, await page.getByTestId('doctor-card').count(), 'every seeded doctor has a free slot');
  for (const s of slots) assert.match(s, /^(Today|Tomorrow|[A-Z][a-z]{2} \d{1,2} [A-Z][a-z]{2}), \d{2}:\d{2}$/);
  await screenshot(page, 'directory-soonest');
});

test('hydrated: typing, filters and pages update in place, with a shareable URL', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE}/doctors`);
  await waitForHydration(page);
  await page.evaluate(() => { window.__noReload = true; });
  const all = await (await page.request.get(`${BASE}/api/doctors/search?query=`)).json();
  assert.equal(await page.getByTestId('result-count').innerText(), `${all.results.total} doctors`);

  // Typing: debounced, the URL follows, results change, no page load.
  const searched = page.waitForResponse((r) => r.url().includes('/api/doctors/search') && r.url().includes('okaf'));
  await page.getByTestId('search-input').pressSequentially('okaf', { delay: 40 });
  assert.equal((await searched).status(), 200);
  await page.waitForURL(`${BASE}/doctors?q=okaf`);
  await page.getByTestId('result-count').getByText('1 doctor').waitFor();
  assert.deepEqual(await page.getByTestId('doctor-link').allInnerTexts(), ['Dr. Amara Okafor']);
  assert.equal(await page.getByTestId('search-input').inputValue(), 'okaf', 'the input keeps what was typed');

  // A filter: URL and results follow; clearing the text keeps the filter.
  await page.getByTestId('search-input').fill('');
  await page.waitForURL(/\/doctors\??$/);
  await page.getByTestId('filter-city').selectOption('Chicago');
  await page.waitForURL(`${BASE}/doctors?city=Chicago`);
  const sorted = page.waitForResponse((r) => r.url().includes('/api/doctors/search') && decodeURIComponent(r.url()).includes('sort=fee_low'));
  await page.getByTestId('filter-sort').selectOption('fee_low');
  await page.waitForURL(`${BASE}/doctors?city=Chicago&sort=fee_low`);
  await sorted;
  await page.getByTestId('results-loading').waitFor({ state: 'detached' });
  const fees = await page.getByTestId('fee').allInnerTexts();
  const numbers = fees.map((f) => Number(f.replace(/[^0-9.]/g, '')));
  assert.ok(numbers.length >= 5, fees.join(','));
  assert.deepEqual(numbers, [...numbers].sort((a, b) => a - b), 'cheapest first');
  await screenshot(page, 'directory-filtered');

  // Numbered pages are links; the second page shows the rest.
  await page.getByTestId('filter-city').selectOption('');
  await page.waitForURL(`${BASE}/doctors?sort=fee_low`);
  const paged = page.waitForResponse((r) => r.url().includes('/api/doctors/search') && decodeURIComponent(r.url()).includes('page=2'));
  await page.getByTestId('pagination').getByRole('link', { name: 'Page 2' }).click();
  await page.waitForURL(`${BASE}/doctors?sort=fee_low&page=2`);
  await paged;
  await page.getByTestId('results-loading').waitFor({ state: 'detached' });
  await page.getByTestId('pagination').locator('[aria-current="page"]').getByText('2').waitFor();
  assert.equal(await page.getByTestId('doctor-link').count(), all.results.total - 20);

  assert.equal(await page.evaluate(() => window.__noReload), true, 'everything above happened without a page load');

  // Empty state with suggestions.
  await page.goto(`${BASE}/doctors?q=xqzzv&city=Boston`);
  await waitForHydration(page);
  await page.getByTestId('empty-state').getByText('Browse every doctor').waitFor();

  assert.deepEqual(page.errors, []);
});

test('an area whose name has "&" is offered and found, as picked in the browser', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE}/doctors?city=Boston`);
  await waitForHydration(page);
  await page.getByTestId('filter-area').selectOption({ label: 'South End & Bay Village' });
  // The value is written without the "&", which a query string cannot carry inside a value.
  await page.waitForURL(`${BASE}/doctors?city=Boston&area=South%20End%20Bay%20Village`);
  await page.getByTestId('results-loading').waitFor({ state: 'detached' });
  assert.deepEqual(await page.getByTestId('doctor-link').allInnerTexts(), ['Dr. Hannah Müller']);
  assert.equal(await page.getByTestId('filter-area').inputValue(), 'South End Bay Village', 'the picked area stays selected');
  // The same URL loaded afresh renders the same result on the server.
  await page.reload();
  await waitForHydration(page);
  assert.deepEqual(await page.getByTestId('doctor-link').allInnerTexts(), ['Dr. Hannah Müller']);
  assert.deepEqual(page.errors, []);
});

test('near me: the browser position sorts doctors by distance', async () => {
  const page = await newPage(browser, { geolocation: { latitude: 40.7736, longitude: -73.9566 }, permissions: ['geolocation'] });
  await page.goto(`${BASE}/doctors`);
  await waitForHydration(page);
  await page.getByTestId('near-me').click();
  await page.waitForURL(/sort=distance&near=40\.7736,-73\.9566/);
  await page.getByTestId('near-active').waitFor();
  await page.getByTestId('results-loading').waitFor({ state: 'detached' });
  const km = (await page.getByTestId('distance').allInnerTexts()).map((t) => Number(t.replace(/[^0-9.]/g, '')));
  assert.ok(km.length >= 5 && km[0] < 10, km.join(','));
  assert.deepEqual(km, [...km].sort((a, b) => a - b), 'nearest first');
  await screenshot(page, 'directory-near-me');
  assert.deepEqual(page.errors, []);
});

test('a doctor page: profile, JSON-LD, and 404 for unknown doctors', async () => {
  const page = await newPage(browser);
  await page.goto(`${BASE}/doctors?q=mei%20chen`);
  await waitForHydration(page);
  // The card's name is a plain link with the page's URL; a click routes in place.
  assert.equal(await page.getByTestId('doctor-link').first().getAttribute('href'), '/doctors/dr-mei-chen');
  await page.evaluate(() => { window.__noReload = true; });
  await page.getByTestId('doctor-link').first().click();
  await page.waitForURL(`${BASE}/doctors/dr-mei-chen`);
  await page.getByTestId('doctor-profile').getByRole('heading', { name: 'Dr. Mei Chen', exact: true }).waitFor();
  assert.equal(await page.evaluate(() => window.__noReload), true, 'the doctor page opened without a page load');
  const res = await page.request.get(`${BASE}/doctors/dr-mei-chen`);
  const html = await res.text();
  const ld = JSON.parse(html.match(/<script type="application\/ld\+json"[^>]*>([^<]*)<\/script>/)[1]);
  assert.equal(ld['@type'], 'Physician');
  assert.equal(ld.medicalSpecialty, 'Dermatology');
  await screenshot(page, 'doctor-page');
  const missing = await page.goto(`${BASE}/doctors/dr-nobody-at-all`);
  assert.equal(missing.status(), 404);
  assert.deepEqual(page.errors.filter((e) => !e.includes('404')), []);
});
