// bench_portal.mjs — figures for scripts/bench-portal (not a test; prints, never fails on
// a number): what the first page load transfers, how long until the first interactive
// frame, and the CPU time per frame of a project board with 10,000 tasks.
import http from 'node:http';
import { execFileSync } from 'node:child_process';
import {
  OWNER_EMAIL, OWNER_PASSWORD, startServer, launchBrowser, openPortal, waitForItem, typeInto, click,
} from './harness.mjs';

const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const pct = (xs, p) => { const s = [...xs].sort((a, b) => a - b); return s[Math.min(s.length - 1, Math.floor(s.length * p))]; };
const kb = (n) => `${(n / 1024).toFixed(0)} KB`;

// Bytes of `url` as sent with `encoding` (no decompression: we count the wire).
function wireSize(url, encoding) {
  return new Promise((resolve, reject) => {
    http.get(url, { headers: { 'Accept-Encoding': encoding } }, (res) => {
      let n = 0;
      res.on('data', (c) => { n += c.length; });
      res.on('end', () => resolve(n));
    }).on('error', reject);
  });
}

const server = await startServer();
const browser = await launchBrowser();
try {
  // 1. First page load: every resource, raw and as compressed on the wire.
  const urls = new Set();
  {
    const { page, context } = await openPortal(browser, server.url);
    page.on('request', (r) => urls.add(r.url()));
    await page.reload();
    await waitForItem(page, 'Log in');
    await context.close();
  }
  let raw = 0, compressed = 0;
  const rows = [];
  for (const url of [...urls].filter((u) => !u.includes('/api/'))) {
    const r = await wireSize(url, 'identity');
    const c = await wireSize(url, 'br, gzip');
    raw += r; compressed += c;
    rows.push(`  ${new URL(url).pathname.padEnd(16)} ${kb(r).padStart(8)} raw ${kb(c).padStart(8)} compressed`);
  }
  console.log('first page load (every file the login page fetches):');
  console.log(rows.join('\n'));
  console.log(`  total            ${kb(raw).padStart(8)} raw ${kb(compressed).padStart(8)} compressed (target <= 1.5 MB compressed)`);

  // 2. Navigation to the first interactive frame (the login form drawn and registered).
  const times = [];
  for (let i = 0; i < 5; i++) {
    const { page, context } = await openPortal(browser, server.url);
    await waitForItem(page, 'Log in');
    times.push(await page.evaluate(() => performance.now()));
    await context.close();
  }
  console.log(`first interactive frame after navigation: median ${median(times).toFixed(0)} ms of 5 loads ` +
              `(min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)}; target <= 1000 ms)`);

  // 3. A project with 10,000 tasks on the board: CPU time per frame while the mouse moves.
  const api = async (method, path, body, cookie) => {
    const r = await fetch(server.url + path.slice(1), { method, headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) }, body: body && JSON.stringify(body) });
    return { json: await r.json(), cookie: (r.headers.get('set-cookie') || '').split(';')[0] };
  };
  const cookie = (await api('POST', '/api/v1/session', { email: OWNER_EMAIL, password: OWNER_PASSWORD })).cookie;
  const client = (await api('POST', '/api/v1/clients', { name: 'Big client' }, cookie)).json.id;
  const project = (await api('POST', '/api/v1/projects', { client_id: client, name: 'Big project' }, cookie)).json.id;
  const milestone = (await api('POST', `/api/v1/projects/${project}/milestones`, { name: 'Build', billing: 'fixed_fee', amount_minor: 100000 }, cookie)).json.id;
  // 10,000 tasks straight into SQLite (the API path is measured by scripts/bench-server).
  execFileSync('sqlite3', [`${server.dataDir}/handoff.db`, `
    WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000)
    INSERT INTO task(id, project_id, milestone_id, title, status, client_visible, assignee_user_id, due)
    SELECT 100000 + i, ${project}, ${milestone}, 'Task number ' || i, CASE i % 3 WHEN 0 THEN 'todo' WHEN 1 THEN 'doing' ELSE 'done' END, i % 2, NULL, 0 FROM n;`]);
  const { page, context } = await openPortal(browser, server.url);
  await typeInto(page, 'Email', OWNER_EMAIL);
  await typeInto(page, 'Password', OWNER_PASSWORD);
  await click(page, 'Log in');
  await waitForItem(page, 'Log out');
  const loadStart = Date.now();
  await page.goto(`${server.url}#/projects/${project}`);
  await waitForItem(page, 'Task number 3');
  const loadMs = Date.now() - loadStart;
  const samples = [];
  let lastFrame = 0;
  for (let i = 0; i < 120; i++) {
    await page.mouse.move(300 + (i % 40) * 10, 300 + (i % 7) * 20);
    await page.waitForTimeout(15);
    const h = await page.evaluate(() => ({ frame: window.__handoff.frame, ms: window.__handoff.frame_ms }));
    if (h.frame !== lastFrame) { samples.push(h.ms); lastFrame = h.frame; }
  }
  // And scrolled deep into the board.
  for (let i = 0; i < 40; i++) {
    await page.mouse.wheel(0, 600);
    await page.waitForTimeout(15);
    const h = await page.evaluate(() => ({ frame: window.__handoff.frame, ms: window.__handoff.frame_ms }));
    if (h.frame !== lastFrame) { samples.push(h.ms); lastFrame = h.frame; }
  }
  await context.close();
  console.log(`project board with 10,000 tasks: opened in ${loadMs} ms; CPU per frame median ${median(samples).toFixed(2)} ms, ` +
              `p95 ${pct(samples, 0.95).toFixed(2)} ms over ${samples.length} frames (target <= 4 ms)`);

  // 4. A mid-range phone: 390×844 at devicePixelRatio 3, touch, the CPU throttled 4× (CDP).
  const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 3, isMobile: true, hasTouch: true };
  const phoneTimes = [];
  for (let i = 0; i < 3; i++) {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.goto(server.url);
    await waitForItem(page, 'Log in', 30000);
    phoneTimes.push(await page.evaluate(() => performance.now()));
    await context.close();
  }
  console.log(`phone (4x CPU throttling): first interactive frame median ${median(phoneTimes).toFixed(0)} ms of 3 loads ` +
              `(min ${Math.min(...phoneTimes).toFixed(0)}, max ${Math.max(...phoneTimes).toFixed(0)}; target <= 1500 ms)`);
  {
    const context = await browser.newContext(PHONE);
    const [name, value] = cookie.split('=');
    await context.addCookies([{ name, value, url: server.url }]);
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.goto(`${server.url}#/projects/${project}`);
    await waitForItem(page, 'Task number 3', 60000);
    const phoneSamples = [];
    let last = 0;
    const touch = (type, points) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points });
    for (let swipe = 0; swipe < 12; swipe++) {
      await touch('touchStart', [{ x: 195, y: 650 }]);
      for (let i = 1; i <= 10; i++) {
        await touch('touchMove', [{ x: 195, y: 650 - i * 30 }]);
        await page.waitForTimeout(16);
        const h = await page.evaluate(() => ({ frame: window.__handoff.frame, ms: window.__handoff.frame_ms }));
        if (h.frame !== last) { phoneSamples.push(h.ms); last = h.frame; }
      }
      await touch('touchEnd', []);
      for (let i = 0; i < 10; i++) {  // the glide
        await page.waitForTimeout(16);
        const h = await page.evaluate(() => ({ frame: window.__handoff.frame, ms: window.__handoff.frame_ms }));
        if (h.frame !== last) { phoneSamples.push(h.ms); last = h.frame; }
      }
    }
    await context.close();
    console.log(`phone (4x CPU throttling), board with 10,000 tasks while swiping: CPU per frame median ` +
                `${median(phoneSamples).toFixed(2)} ms, p95 ${pct(phoneSamples, 0.95).toFixed(2)} ms over ${phoneSamples.length} frames ` +
                `(target <= 8 ms)`);
  }
} finally {
  await browser.close();
  await server.stop();
}
