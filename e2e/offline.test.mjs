// The offline app over HTTPS with the server's private CA: visits recorded
// with the network off reach the server once each, a case closed meanwhile
// comes back as a conflict to resolve, the phone's storage holds no name or
// number in the clear, and the bundle and a sync of 50 visits are timed on
// a throttled link.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, readFileSync } from 'node:fs';
import { X509Certificate, createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { shots } from './helpers.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const bin = process.env.SHUANGBAI_BIN || join(here, 'shuangbai');
const phone = { width: 360, height: 780 };
let dir, proc, url, browser;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'shuangbai-offline-'));
  const env = { ...process.env, XDG_CONFIG_HOME: join(dir, 'config') };
  const db = join(dir, 'demo.db');
  execFileSync(bin, ['demo', '--load-only', '--db', db], { env, stdio: 'ignore' });
  proc = spawn(bin, ['serve', '--db', db, '--addr', '127.0.0.1:0', '--tls-self-signed', join(dir, 'tls')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('serve did not start:\n' + out)), 60000);
    proc.stdout.on('data', (b) => {
      out += b;
      const m = out.match(/https:\/\/127\.0\.0\.1:\d+/);
      if (m) { clearTimeout(timer); resolve(m[0]); }
    });
    proc.stderr.on('data', (b) => { out += b; });
    proc.on('exit', (code) => reject(new Error(`serve exited ${code}:\n${out}`)));
  });
  assert.match(out, /Android/, 'the CA install steps are printed');
  // Chromium trusts the server through the private CA's public key, as a
  // phone that installed ca.crt does (no --ignore-certificate-errors).
  const ca = new X509Certificate(readFileSync(join(dir, 'tls', 'ca.crt')));
  const spki = createHash('sha256').update(ca.publicKey.export({ type: 'spki', format: 'der' })).digest('base64');
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--ignore-certificate-errors-spki-list=' + spki],
  });
});
after(async () => {
  await browser?.close();
  if (proc) { proc.kill('SIGTERM'); await new Promise((r) => proc.once('exit', r)); }
  rmSync(dir, { recursive: true, force: true });
});

async function login(username) {
  // bypassCSP only lets the test inject axe-core; the app itself runs under the server's CSP.
  const ctx = await browser.newContext({ viewport: phone, locale: 'zh-CN', hasTouch: true, isMobile: true, bypassCSP: true });
  const page = await ctx.newPage();
  await page.goto(url + '/login');
  await page.fill('#username', username);
  await page.fill('#password', 'shuangbai-demo');
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  return { ctx, page };
}

const pending = async (page) => Number(await page.textContent('#pending'));

async function openApp(page) {
  await page.goto(url + '/offline/');
  await page.waitForFunction(() => /已联网|当前离线/.test(document.getElementById('status').textContent));
  await page.evaluate(() => navigator.serviceWorker.ready);
}

async function recordVisit(page, nth, note) {
  await page.click(`#cases > li:nth-child(${nth}) button:has-text("登记探访")`);
  await page.check('#visit-services input[value=精神慰藉]');
  await page.fill('#visit-findings', note);
  await page.click('#visit button[type=submit]');
  await page.waitForSelector('#visit-form', { state: 'hidden' });
}

// visitsOf counts a case's visits on the server with this note.
async function visitsWith(page, caseId, note) {
  return page.evaluate(async ([id, n]) => {
    const res = await fetch('/offline/api/bundle');
    const b = await res.json();
    const c = b.cases.find((x) => x.id === id);
    return c ? c.visits.filter((v) => v.findings === n).length : -1;
  }, [caseId, note]);
}

async function axe(page, name) {
  await page.addScriptTag({ path: join(here, 'node_modules/axe-core/axe.min.js') });
  const r = await page.evaluate(() => axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] }));
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => v.id + ': ' + v.nodes.map((n) => n.target).join(' ')), [], name + ': serious accessibility violations');
}

test('visits recorded offline arrive once each; a closed case is a conflict she resolves', async () => {
  const { ctx, page } = await login('hekou-sw');
  await openApp(page);
  const ids = await page.$$eval('#cases > li', (lis) => lis.map((li) => Number(li.dataset.case)));
  assert.ok(ids.length >= 4, 'the demo worker has cases');
  await axe(page, 'offline app');
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 360, `the app fits 360 px (scrollWidth ${width})`);

  // Offline: three visits, then a reload from the service worker's copy.
  await ctx.setOffline(true);
  const notes = ['离线一', '离线二', '离线三'];
  for (let i = 0; i < 3; i++) await recordVisit(page, i + 1, notes[i]);
  assert.equal(await pending(page), 3);
  await page.reload();
  await page.waitForFunction(() => /当前离线/.test(document.getElementById('status').textContent));
  assert.equal(await pending(page), 3, 'the queue survives an offline reload');
  assert.equal(await page.locator('#cases > li').count(), ids.length, 'the cases open offline');
  await page.screenshot({ path: join(shots, 'offline-phone.png'), fullPage: true });

  // The phone's storage holds no name or number in the clear.
  const names = await page.$$eval('#cases h3', (hs) => hs.map((h) => h.textContent.trim()));
  const dump = await page.evaluate(async () => {
    const out = [];
    const d = await idb.openDB('shuangbai-offline');
    const text = (v) => {
      if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) return new TextDecoder().decode(v);
      if (v && typeof v === 'object') return Object.values(v).map(text).join('|');
      return String(v);
    };
    for (const s of d.objectStoreNames) for (const v of await d.getAll(s)) out.push(text(v));
    for (const k of await d.getAllKeys('meta')) out.push(String(k));
    d.close();
    return out.join('\n');
  });
  for (const n of [...names, ...notes]) assert.ok(!dump.includes(n), `IndexedDB holds "${n}" in the clear`);
  assert.ok(!/\d{6}\*|1[3-9]\d\*{4}/.test(dump), 'IndexedDB holds a number in the clear');

  // Online again: each visit arrives once.
  await ctx.setOffline(false);
  await page.click('#sync-now');
  await page.waitForFunction(() => document.getElementById('pending').textContent === '0');
  assert.notEqual(await page.textContent('#last-sync'), '从未');
  for (let i = 0; i < 3; i++) assert.equal(await visitsWith(page, ids[i], notes[i]), 1, notes[i] + ' arrived once');

  // Replaying the same queue: the answers are the first ones, no new visits.
  const replay = await page.evaluate(async (id) => {
    const key = crypto.randomUUID();
    const body = JSON.stringify({ beneficiary_id: id, on: new Date().toISOString().slice(0, 10), kind: 'home', services: ['精神慰藉'], findings: '重放', next_due: '' });
    const send = () => fetch('/offline/api/visits', { method: 'POST', headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key }, body });
    const a = await send(), b = await send(), c = await send();
    return [a.status, b.status, c.status, (await a.json()).id, (await b.json()).id, (await c.json()).id];
  }, ids[3]);
  // The visit date may be refused as future if the demo's day is earlier; then all three say so.
  assert.ok(replay[0] === 201 ? replay[1] === 200 && replay[2] === 200 && replay[3] === replay[4] && replay[4] === replay[5] : replay[0] === 422, 'replay: ' + replay);
  if (replay[0] === 201) assert.equal(await visitsWith(page, ids[3], '重放'), 1);

  // Offline again: a visit to a case the county closes meanwhile.
  await ctx.setOffline(true);
  await recordVisit(page, 2, '结案后的探访');
  const admin = await login('yuncheng-admin');
  const closed = await admin.page.evaluate(async (id) => {
    const r = await fetch('/beneficiaries/' + id + '/close', { method: 'POST', body: new URLSearchParams({ closed_why: '迁往外地' }) });
    return r.status;
  }, ids[1]);
  assert.ok(closed < 400, 'closed the case: ' + closed);
  await ctx.setOffline(false);
  await page.click('#sync-now');
  await page.waitForSelector('#problems:not([hidden])');
  assert.match(await page.textContent('#problem-list'), /已于.*结案.*迁往外地/);
  assert.equal(await pending(page), 0);
  await page.screenshot({ path: join(shots, 'offline-conflict-phone.png'), fullPage: true });
  await axe(page, 'offline conflict');
  page.once('dialog', (d) => d.accept());
  await page.click('#problem-list button:has-text("放弃此记录")');
  await page.waitForSelector('#problems', { state: 'hidden' });
  await admin.ctx.close();
  await ctx.close();
});

test('bundle and sync on a throttled link (400 kbit/s, 400 ms)', async () => {
  const { ctx, page } = await login('hekou-sw');
  await openApp(page);
  const cdp = await ctx.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 400, downloadThroughput: 50000, uploadThroughput: 50000 });
  const cases = await page.locator('#cases > li').count();
  const t0 = Date.now();
  await page.reload();
  await page.waitForFunction(() => /已联网/.test(document.getElementById('status').textContent));
  const ready = Date.now() - t0;
  const [size, wire] = await page.evaluate(() => {
    const e = performance.getEntriesByType('resource').filter((x) => x.name.endsWith('/offline/api/bundle')).pop();
    return [e.decodedBodySize, e.encodedBodySize];
  });
  // The demo worker has fewer than 60 cases: scale her bundle to 60.
  const per60 = Math.round(size * 60 / cases), wire60 = Math.round(wire * 60 / cases);
  console.log(`bundle: ${cases} cases, ${size} bytes (${wire} on the wire, gzip); for 60 cases ~${per60} (${wire60}); reload until fresh bundle shown ${ready} ms`);
  assert.ok(per60 < 300 * 1024, `bundle for 60 cases ~${per60} bytes`);
  assert.ok(ready < 2000, `ready in ${ready} ms`);

  // 50 visits queued offline, then one sync.
  await ctx.setOffline(true);
  for (let i = 0; i < 50; i++) await recordVisit(page, (i % cases) + 1, '批量' + i);
  assert.equal(await pending(page), 50);
  await ctx.setOffline(false);
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 400, downloadThroughput: 50000, uploadThroughput: 50000 });
  const t1 = Date.now();
  await page.click('#sync-now');
  await page.waitForFunction(() => document.getElementById('pending').textContent === '0', null, { timeout: 60000 });
  const took = Date.now() - t1;
  console.log(`sync of 50 queued visits: ${took} ms`);
  assert.ok(took < 5000, `sync took ${took} ms`);
  await ctx.close();
});
