// The owner logs in to the portal in real headless Chromium: real mouse and keyboard
// events on the coordinates the portal's widget registry publishes.
import { test, before, after, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import {
  OWNER_EMAIL, OWNER_PASSWORD, startServer, launchBrowser, openPortal, waitForItem, waitForNoItem,
  click, typeInto, screenshot, items, nextFrames,
} from './harness.mjs';

let browser;
let server;
before(async () => { browser = await launchBrowser(); });
after(async () => { await browser?.close(); });
beforeEach(async () => { server = await startServer(); });
afterEach(async () => { await server?.stop(); });

async function logIn(page, email, password) {
  await typeInto(page, 'Email', email);
  await typeInto(page, 'Password', password);
  await click(page, 'Log in');
}

test('the owner logs in with the mouse and keyboard and sees the app frame', async () => {
  const { context, page, problems } = await openPortal(browser, server.url);
  try {
    await waitForItem(page, 'Log in to Handoff');
    await logIn(page, OWNER_EMAIL, OWNER_PASSWORD);
    await waitForItem(page, 'Log out');
    for (const area of ['Dashboard', 'Clients', 'Projects', 'Invoices', 'Settings']) {
      await waitForItem(page, area);
    }
    await waitForItem(page, 'My workspace');
    await waitForItem(page, `${OWNER_EMAIL} · owner`);
    await waitForNoItem(page, 'Log in');
    await screenshot(page, 'login-success');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a wrong password shows the error and keeps the login screen', async () => {
  const { context, page } = await openPortal(browser, server.url);
  try {
    await logIn(page, OWNER_EMAIL, 'not-the-password');
    await waitForItem(page, 'The email or password is not right.');
    await waitForItem(page, 'Log in');
    assert.equal((await items(page)).some((i) => i.label === 'Log out'), false);
    await screenshot(page, 'login-wrong-password');
  } finally {
    await context.close();
  }
});

test('Tab moves to the password field and Enter submits', async () => {
  const { context, page } = await openPortal(browser, server.url);
  try {
    await typeInto(page, 'Email', OWNER_EMAIL);
    await page.keyboard.press('Tab');
    await nextFrames(page);
    await page.keyboard.type(OWNER_PASSWORD, { delay: 5 });
    await page.keyboard.press('Enter');
    await waitForItem(page, 'Log out');
    await screenshot(page, 'login-keyboard');
  } finally {
    await context.close();
  }
});

test('the session survives a reload; Log out returns to the login screen', async () => {
  const { context, page } = await openPortal(browser, server.url);
  try {
    await logIn(page, OWNER_EMAIL, OWNER_PASSWORD);
    await waitForItem(page, 'Log out');
    await page.reload();
    await waitForItem(page, 'Log out');  // straight back in: the cookie resumed the session
    await click(page, 'Invoices');
    await waitForItem(page, /^No invoices yet\./);
    await click(page, 'Log out');
    await waitForItem(page, 'Log in to Handoff');
    await page.reload();
    await waitForItem(page, 'Log in to Handoff');  // and the session is really gone
    await screenshot(page, 'logged-out');
  } finally {
    await context.close();
  }
});

test('sharp at devicePixelRatio 2 and follows window resizes', async () => {
  const { context, page } = await openPortal(browser, server.url, { deviceScaleFactor: 2 });
  try {
    await waitForItem(page, 'Log in');
    const size = () => page.evaluate(() => {
      const c = document.getElementById('canvas');
      return { w: c.width, h: c.height, cssW: c.clientWidth, cssH: c.clientHeight, dpr: window.__handoff.dpr };
    });
    let s = await size();
    assert.equal(s.dpr, 2);
    assert.equal(s.w, s.cssW * 2);
    assert.equal(s.h, s.cssH * 2);
    await page.setViewportSize({ width: 900, height: 640 });
    await page.waitForFunction(() => document.getElementById('canvas').width === 1800);
    s = await size();
    assert.equal(s.h, 1280);
    // Clicks land on the right widgets at this ratio and size.
    await logIn(page, OWNER_EMAIL, OWNER_PASSWORD);
    await waitForItem(page, 'Log out');
    await screenshot(page, 'dpr2-resized');
  } finally {
    await context.close();
  }
});
