// Helpers for the browser journeys: start the real binary on a fresh demo
// database on a free loopback port, and drive Debian's Chromium.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const shots = join(here, 'screenshots');

// startDemo runs `shuangbai demo` and resolves with its base URL once it
// prints the address it listens on.
export async function startDemo() {
  const dir = mkdtempSync(join(tmpdir(), 'shuangbai-e2e-'));
  const bin = process.env.SHUANGBAI_BIN || join(here, 'shuangbai');
  // The key goes to the configuration folder (XDG_CONFIG_HOME), never beside
  // the database: a folder of its own in the run's temporary folder.
  const env = { ...process.env, XDG_CONFIG_HOME: join(dir, 'config') };
  const proc = spawn(bin, ['demo', '--db', join(dir, 'demo.db'), '--addr', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let out = '';
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('demo did not start in 60 s:\n' + out)), 60000);
    proc.stdout.on('data', (b) => {
      out += b;
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+/);
      if (m) { clearTimeout(timer); resolve(m[0]); }
    });
    proc.stderr.on('data', (b) => { out += b; });
    proc.on('exit', (code) => reject(new Error(`demo exited ${code}:\n${out}`)));
  });
  return {
    url,
    async stop() {
      proc.kill('SIGTERM');
      await new Promise((r) => proc.once('exit', r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launch() {
  mkdirSync(shots, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

// login opens a fresh browser context and logs in through the form.
export async function login(browser, url, username, viewport = { width: 1280, height: 900 }) {
  const ctx = await browser.newContext({ viewport, locale: 'zh-CN' });
  const page = await ctx.newPage();
  await page.goto(url + '/login');
  await page.fill('#username', username);
  await page.fill('#password', 'shuangbai-demo');
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  return page;
}

// openMenu opens a page from the wide screen's menu bar: the group by its
// name, then the page in it, as a user does.
export async function openMenu(page, group, entry) {
  await page.click(`nav.main .menu-group > summary:has-text("${group}")`);
  await Promise.all([page.waitForNavigation(), page.click(`nav.main .menu-drop >> text=${entry}`)]);
}
