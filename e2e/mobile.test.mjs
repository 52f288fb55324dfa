// Every route of the `Route` enum on a 360 px touch phone, signed in as the role it is for: no sideways
// scroll, and each shell's menu button (≥ 44 px) opens its links and closes on navigation. The route list
// is read from src/route.rs, so a new route fails here until it is given a path and a role below.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BASE, launch, newPage, waitForHydration, screenshot } from './browser.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

const PHONE = { viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true };

// Route pattern (as written in src/route.rs, query part dropped) → [who visits, a concrete path].
const ROUTES = {
  '/sign-in': [null, '/sign-in'],
  '/link-account': [null, '/link-account?token=expired-or-unknown'],
  '/sign-up': [null, '/sign-up'],
  '/verify-email': [null, '/verify-email?token=expired-or-unknown'],
  '/forgot-password': [null, '/forgot-password'],
  '/reset-password': [null, '/reset-password?token=expired-or-unknown'],
  '/booking-link/manage': [null, '/booking-link/manage?token=expired-or-unknown&action=cancel'],
  '/booking-link/offer': [null, '/booking-link/offer?token=expired-or-unknown'],
  '/patient': ['patient', '/patient'],
  '/patient/appointments': ['patient', '/patient/appointments'],
  '/patient/waitlist': ['patient', '/patient/waitlist'],
  '/patient/appointments/:id/payment': ['patient', '/patient/appointments/00000000-0000-4000-8000-000000000000/payment'],
  '/patient/appointments/:id/review': ['patient', '/patient/appointments/00000000-0000-4000-8000-000000000000/review'],
  '/patient/payments': ['patient', '/patient/payments'],
  '/patient/payments/:id/receipt': ['patient', '/patient/payments/00000000-0000-4000-8000-000000000000/receipt'],
  '/doctor': ['doctor', '/doctor'],
  '/doctor/appointments': ['doctor', '/doctor/appointments'],
  '/doctor/schedule': ['doctor', '/doctor/schedule'],
  '/doctor/earnings': ['doctor', '/doctor/earnings'],
  '/doctor/reviews': ['doctor', '/doctor/reviews'],
  '/admin': ['admin', '/admin'],
  '/admin/users': ['admin', '/admin/users'],
  '/admin/specialties': ['admin', '/admin/specialties'],
  '/admin/applications': ['admin', '/admin/applications'],
  '/admin/applications/:id': ['admin', null], // the first application in the queue (below)
  '/admin/appointments': ['admin', '/admin/appointments'],
  '/admin/payments': ['admin', '/admin/payments'],
  '/admin/payments/:id': ['admin', '/admin/payments/00000000-0000-4000-8000-000000000000'],
  '/admin/reviews': ['admin', '/admin/reviews'],
  '/account/devices': ['patient', '/account/devices'],
  '/account/security': ['patient', '/account/security'],
  '/account/profile': ['patient', '/account/profile'],
  '/apply': ['patient', '/apply'],
  '/': [null, '/'],
  '/doctors': [null, '/doctors?q=cardiology'],
  '/doctors/:slug': [null, '/doctors/dr-amara-okafor'],
  '/specialties/:slug': [null, '/specialties/cardiology'],
  '/dev/outbox': [null, '/dev/outbox'],
  '/:..segments': [null, '/no-such-page'],
};

test('the route table here is the Route enum', () => {
  const source = readFileSync(new URL('../src/route.rs', import.meta.url), 'utf8');
  const patterns = [...source.matchAll(/#\[route\("([^"?]*)/g)].map((m) => m[1]);
  assert.deepEqual([...patterns].sort(), Object.keys(ROUTES).sort());
});

async function signedIn(role) {
  const page = await newPage(browser, PHONE);
  if (role) {
    await page.goto(`${BASE}/sign-in`);
    await waitForHydration(page);
    await page.getByLabel('Email').fill(`${role}@carebook.test`);
    await page.getByLabel('Password').fill('carebook-demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${BASE}/${role}`, { timeout: 15_000 });
  }
  return page;
}

/** How far the page is wider than the phone (0 when nothing scrolls sideways). */
async function overflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

for (const role of [null, 'patient', 'doctor', 'admin']) {
  test(`every ${role ?? 'public'} route fits 360 px and its menu works`, async () => {
    const page = await signedIn(role);
    const entries = Object.entries(ROUTES).filter(([, [who]]) => who === role);
    for (const [pattern, [, fixed]] of entries) {
      let path = fixed;
      if (!path) {
        await page.goto(`${BASE}/admin/applications`);
        await waitForHydration(page);
        const link = page.locator('a[href^="/admin/applications/"]').first();
        path = (await link.count()) ? await link.getAttribute('href') : '/admin/applications/00000000-0000-4000-8000-000000000000';
      }
      await page.goto(`${BASE}${path}`);
      await waitForHydration(page);
      await page.waitForLoadState('networkidle');
      const wider = await overflow(page);
      if (wider > 0) await screenshot(page, `mobile-overflow-${pattern.replace(/\W+/g, '_')}`);
      assert.equal(wider, 0, `${path} (${pattern}) scrolls sideways by ${wider} px`);
    }

    // Routes that answer 404 on purpose log "failed to load" in the console; from here on none may.
    page.errors.length = 0;
    // The shell's menu: one button, big enough to tap, that opens the links and closes on navigation.
    const home = role ? `/${role}` : '/';
    await page.goto(`${BASE}${home}`);
    await waitForHydration(page);
    const menu = page.getByTestId('menu');
    const button = menu.locator('summary');
    const box = await button.boundingBox();
    assert.ok(box.width >= 44 && box.height >= 44, `menu button ${box.width}×${box.height}`);
    await button.tap();
    assert.ok(await menu.evaluate((d) => d.open), 'the menu opened');
    const target = role ? menu.getByRole('link', { name: 'Profile', exact: true }) : menu.getByRole('link', { name: 'Find a doctor' });
    await target.waitFor();
    await screenshot(page, `mobile-menu-${role ?? 'public'}`, { fullPage: false });
    await target.tap();
    await page.waitForURL(role ? `${BASE}/account/profile` : /\/doctors/);
    await waitForHydration(page);
    await page.waitForFunction(() => !document.querySelector('[data-testid="menu"]')?.open);
    assert.equal(await overflow(page), 0);
    // A tablet in portrait still gets the menu (the inline links need a laptop's width) and no sideways scroll.
    await page.setViewportSize({ width: 820, height: 1180 });
    await page.goto(`${BASE}${home}`);
    await waitForHydration(page);
    assert.ok(await page.getByTestId('menu').isVisible(), 'the menu button at 820 px');
    assert.equal(await overflow(page), 0, `${home} at 820 px`);
    assert.deepEqual(page.errors, []);
  });
}
