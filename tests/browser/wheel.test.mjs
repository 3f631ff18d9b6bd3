// The mouse wheel at 1280×800, as on any web page: one notch down scrolls about three
// lines down, one notch up scrolls back. (Emscripten's GLFW handed ImGui the raw deltaY:
// one notch jumped ~100× too far, the wrong way.)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  OWNER_EMAIL, OWNER_PASSWORD, startServer, launchBrowser, openPortal, waitForItem, items, nextFrames, screenshot,
  apiCall,
} from './harness.mjs';

let browser;
let server;
before(async () => { browser = await launchBrowser(); server = await startServer(); });
after(async () => { await browser?.close(); await server?.stop(); });

const api = (method, path, body, cookie) => apiCall(server, method, path, body, cookie);

// The y (CSS px) of the first widget labelled `label` in the current frame, or null.
async function yOf(page, label) {
  const it = (await items(page)).find((i) => i.label === label);
  return it ? it.y : null;
}

test('one wheel notch scrolls about three lines, and back', async () => {
  const cookie = (await api('POST', '/api/v1/session', { email: OWNER_EMAIL, password: OWNER_PASSWORD })).cookie;
  const client = (await api('POST', '/api/v1/clients', { name: 'Northwind' }, cookie)).json.id;
  const project = (await api('POST', '/api/v1/projects', { client_id: client, name: 'Website' }, cookie)).json.id;
  for (let i = 1; i <= 30; i++) await api('POST', `/api/v1/projects/${project}/tasks`, { title: `Task ${i}` }, cookie);
  const [name, value] = cookie.split('=');
  const { context, page, problems } = await openPortal(browser, `${server.url}#/projects/${project}`, {
    viewport: { width: 1280, height: 800 },
  });
  try {
    await context.addCookies([{ name, value, url: server.url }]);
    await page.reload();
    await waitForItem(page, 'Task 1 (internal)');
    await nextFrames(page, 3);
    const start = await yOf(page, 'Task 1 (internal)');
    assert.ok(start !== null);
    const dpr = await page.evaluate(() => window.__handoff.dpr);  // to report, not to assert
    await page.mouse.move(800, 500);
    await page.mouse.wheel(0, 100);  // one notch down in Chromium: deltaY 100, deltaMode pixels
    await nextFrames(page, 4);
    const down = await yOf(page, 'Task 1 (internal)');
    assert.ok(down !== null, 'one notch must not jump the task off the screen');
    const moved = start - down;
    // About three lines of ~16–24 CSS px each: more than one line, far less than a screen.
    assert.ok(moved >= 36 && moved <= 90, `one notch scrolled ${moved} px (dpr ${dpr})`);
    await page.mouse.wheel(0, -100);
    await nextFrames(page, 4);
    const back = await yOf(page, 'Task 1 (internal)');
    assert.ok(Math.abs(back - start) <= 1, `one notch up came back to ${back}, started at ${start}`);
    // A trackpad's small pixel deltas add up the same way (ImGui keeps whole pixels of
    // scroll per frame, so a run of tiny deltas may lose up to a pixel each).
    for (let i = 0; i < 10; i++) await page.mouse.wheel(0, 10);
    await nextFrames(page, 4);
    const swiped = start - (await yOf(page, 'Task 1 (internal)'));
    assert.ok(swiped >= moved - 12 && swiped <= moved, `ten 10-px deltas scrolled ${swiped} px, one notch ${moved} px`);
    await screenshot(page, 'wheel-1280x800');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
