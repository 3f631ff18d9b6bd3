// harness.mjs — what every browser test needs: a real server on a free loopback port with
// a fresh data directory (always stopped), Debian's headless Chromium, and the portal's
// widget registry (window.__handoff, published by client/portal/test_hook.cpp) to find
// widgets by label and drive them with real mouse and keyboard events.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

// HANDOFF_TRACE=1 prints every step slower than a second (to find slow waits).
const trace = process.env.HANDOFF_TRACE === '1';
export function traced(name, fn) {
  if (!trace) return fn;
  return async (...args) => {
    const t = Date.now();
    try { return await fn(...args); } finally {
      const ms = Date.now() - t;
      if (ms > 1000) console.log(`[trace] ${name}(${String(args[1])}) ${ms} ms`);
    }
  };
}

export const OWNER_EMAIL = 'owner@handoff.local';
export const OWNER_PASSWORD = 'correct-horse-battery';

const root = new URL('../..', import.meta.url).pathname;
const serverBin = process.env.HANDOFF_SERVER_BIN || join(root, 'build/native/server/handoff-server');
const webDir = process.env.HANDOFF_WEB_DIR || join(root, 'build/wasm/web');
export const screenshotDir = process.env.HANDOFF_SCREENSHOT_DIR || join(root, 'build/screenshots');

// Starts handoff-server; resolves to {url, stop} once /api/v1/health answers.
export async function startServer() {
  const dataDir = mkdtempSync(join(tmpdir(), 'handoff-browser-'));
  const child = spawn(serverBin, ['--host', '127.0.0.1', '--port', '0', '--data', dataDir, '--web', webDir], {
    env: { ...process.env, HANDOFF_OWNER_EMAIL: OWNER_EMAIL, HANDOFF_OWNER_PASSWORD: OWNER_PASSWORD },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20000);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const m = output.match(/running at (http:\/\/127\.0\.0\.1:\d+\/)/);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}:\n${output}`)); });
  });
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(url + 'api/v1/health')).ok) break; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  return { url, stop, dataDir };
}

// A JSON call to the server's API as `cookie`'s user (tests set up data through it):
// resolves to {json, cookie}; a non-2xx answer throws with its body.
export async function apiCall(server, method, path, body, cookie) {
  const r = await fetch(server.url + path.slice(1), {
    method, headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`${method} ${path} -> ${r.status} ${text}`);
  return { json: text ? JSON.parse(text) : {}, cookie: (r.headers.get('set-cookie') || '').split(';')[0] };
}

// Debian's Chromium, headless, with the flags TOOLCHAIN.md verified (WebGL2 via SwiftShader,
// no background networking on this closed network).
export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.HANDOFF_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
           '--disable-component-update', '--disable-sync', '--use-gl=swiftshader', '--enable-unsafe-swiftshader'],
  });
}

// Opens the portal in a fresh context; `options` go to browser.newContext (viewport, deviceScaleFactor).
export async function openPortal(browser, url, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, ...options });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  // Errors the page reports. Failed HTTP statuses are the app's business (a 401 from
  // GET /me is how a fresh visitor learns there is no session) and are not counted.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) problems.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => { if (r.status() === 404) problems.push(`404: ${r.url()}`); });
  await page.goto(url);
  return { context, page, problems };
}

// The current frame's widgets: [{label, x, y, w, h}] in CSS pixels.
export async function items(page) {
  return page.evaluate(() => (window.__handoff ? window.__handoff.items : []));
}

// Waits until a widget labelled `label` (string or RegExp) is on screen; returns it.
async function waitForItemImpl(page, label, timeoutMs = 15000) {
  timeoutMs = Math.max(timeoutMs, 1);
  const deadline = Date.now() + timeoutMs;
  const matches = (it) => (label instanceof RegExp ? label.test(it.label) : it.label === label);
  let last = [];
  while (Date.now() < deadline) {
    last = await items(page);
    const found = last.find(matches);
    if (found) return found;
    await page.waitForTimeout(30);
  }
  const shot = join(screenshotDir, `failed-${Date.now()}.png`);
  await page.screenshot({ path: shot }).catch(() => {});
  throw new Error(`no widget "${label}" within ${timeoutMs} ms (see ${shot}); on screen: ${last.map((i) => i.label).join(' | ')}`);
}

// Waits until no widget labelled `label` is on screen.
export async function waitForNoItem(page, label, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!(await items(page)).some((it) => it.label === label)) return;
    await page.waitForTimeout(30);
  }
  throw new Error(`widget "${label}" still on screen after ${timeoutMs} ms`);
}

// Waits until the portal has drawn `n` more frames. Dear ImGui 1.86 applies a focus change
// (a click on a field, Tab) on the frame after the event, as a person's next keystroke
// would arrive; tests wait for that rather than typing faster than any person.
export async function nextFrames(page, n = 2) {
  const start = await page.evaluate(() => (window.__handoff ? window.__handoff.frame : 0));
  await page.waitForFunction((target) => window.__handoff && window.__handoff.frame >= target, start + n);
}

// Finds a widget, scrolling the page content with the real mouse wheel when it is below
// (or above) what is shown.
async function revealImpl(page, label, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  const matches = (it) => (label instanceof RegExp ? label.test(it.label) : it.label === label);
  const viewport = page.viewportSize();
  // First just look (a popup opened by the last click appears a frame or two later, and
  // scrolling would close it); scroll only when the widget still is not there.
  const settle = Date.now() + Math.min(1500, timeoutMs);
  while (Date.now() < settle) {
    const found = (await items(page)).find(matches);
    if (found) return found;
    await page.waitForTimeout(30);
  }
  // Scroll one way until the page stops moving (an end), then the other way.
  let direction = 1;
  const layout = (list) => JSON.stringify(list.map((i) => [i.label, Math.round(i.y)]));
  while (Date.now() < deadline) {
    const before = await items(page);
    if (before.find(matches)) return before.find(matches);
    await page.mouse.move(viewport.width * 0.6, viewport.height * 0.6);
    await page.mouse.wheel(0, 600 * direction);
    await nextFrames(page, 2);
    const after = await items(page);
    if (after.find(matches)) return after.find(matches);
    if (layout(before) === layout(after)) direction = -direction;
  }
  return waitForItem(page, label, 1);
}

// Moves the real mouse to the centre of the widget and clicks it, once it is enabled
// (a person waits for a greyed-out button too).
async function clickImpl(page, label, timeoutMs = 15000) {
  const deadline = Date.now() + timeoutMs;
  let it = await reveal(page, label, timeoutMs);
  while (it.disabled) {
    if (Date.now() > deadline) throw new Error(`widget "${label}" stayed disabled for ${timeoutMs} ms`);
    await page.waitForTimeout(30);
    it = await reveal(page, label, Math.max(1, deadline - Date.now()));
  }
  await page.mouse.click(it.x + it.w / 2, it.y + it.h / 2);
  // Two frames: one handles the click; after it a popup the click closed is gone too
  // (ImGui still hit-tests a popup closed during the previous frame).
  await nextFrames(page, 2);
}

// Clicks a text field and waits until it has the keyboard (a click can land while a
// closing popup still covers the field; a person would look and click again).
async function focusField(page, label) {
  for (let attempt = 0; attempt < 3; attempt++) {
    await click(page, label);
    for (let i = 0; i < 20; i++) {
      if (await page.evaluate((l) => window.__handoff && window.__handoff.active === l, label)) return;
      await page.waitForTimeout(25);
    }
  }
  throw new Error(`field "${label}" did not take the keyboard after 3 clicks`);
}

// Clicks a text field and types into it with real key events.
async function typeIntoImpl(page, label, text) {
  await focusField(page, label);
  await page.keyboard.type(text, { delay: 5 });
}

// Replaces a field's text the way a person does: click, select all, type.
async function retypeImpl(page, label, text) {
  await focusField(page, label);
  await page.keyboard.press('Control+A');
  await nextFrames(page);
  await page.keyboard.type(text, { delay: 5 });
}

export async function screenshot(page, name) {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`) });
}
export const waitForItem = traced('waitForItem', waitForItemImpl);
export const click = traced('click', clickImpl);
export const typeInto = traced('typeInto', typeIntoImpl);
export const retype = traced('retype', retypeImpl);
export const reveal = traced('reveal', revealImpl);
