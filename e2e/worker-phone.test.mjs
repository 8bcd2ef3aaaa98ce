// The pages a social worker uses, on a 360 px phone (issue 16, item 5):
// nothing runs off-screen sideways, the controls are big enough to touch,
// and axe-core finds no serious or critical accessibility violation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDemo, launch, shots } from './helpers.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const phone = { width: 360, height: 780 };
let demo, browser;
before(async () => {
  demo = await startDemo();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await demo?.stop();
});

async function check(page, name) {
  const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(wide <= 0, `${name}: the page is ${wide} px wider than the phone`);
  // Touch targets: the controls of forms and the page's buttons, as shown.
  const small = await page.$$eval('main button, main input:not([type=hidden]):not([type=checkbox]):not([type=radio]), main select, main textarea, main .btn', (els) =>
    els.filter((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.height > 0 && r.height < 36; })
      .map((e) => `${e.tagName.toLowerCase()}${e.name ? '[' + e.name + ']' : ''} ${Math.round(e.getBoundingClientRect().height)}px`));
  assert.deepEqual(small, [], `${name}: controls too small to touch`);
  await page.addScriptTag({ path: join(here, 'node_modules/axe-core/axe.min.js') });
  const r = await page.evaluate(() => axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] }));
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id}: ${v.nodes.slice(0, 3).map((n) => n.target).join(' ')}`), [], `${name}: serious accessibility violations`);
  await page.screenshot({ path: join(shots, `phone-${name}.png`), fullPage: true });
}

test('a worker’s pages work at 360 px and pass axe-core', async () => {
  // bypassCSP only lets the test inject axe-core; the pages run under the server's CSP otherwise.
  const ctx = await browser.newContext({ viewport: phone, locale: 'zh-CN', bypassCSP: true, hasTouch: true, isMobile: true });
  const page = await ctx.newPage();
  await page.goto(demo.url + '/login');
  await check(page, 'login');
  await page.fill('#username', 'hekou-sw');
  await page.fill('#password', 'shuangbai-demo');
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  await check(page, 'worklist');
  const file = await page.getAttribute('main a[href^="/beneficiaries/"]', 'href');
  assert.ok(file, 'the worklist links to a file');
  const id = file.match(/\/beneficiaries\/(\d+)/)[1];
  await page.goto(demo.url + '/beneficiaries/' + id);
  await check(page, 'file');
  await page.goto(demo.url + '/beneficiaries/' + id + '/visits/new');
  await check(page, 'visit-form');
  await page.goto(demo.url + '/beneficiaries');
  await check(page, 'beneficiaries');
  await page.goto(demo.url + '/activities/new');
  await check(page, 'activity-form');
  await ctx.close();
});
