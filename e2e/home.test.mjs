// The home page and the menu (issue 9): a social worker on a phone opens
// on her worklist and finds the rest behind a 菜单 button, with or without
// JavaScript; the demo's home says where the seed's figures are; the
// follow-up settings keep each level's numbers on one line.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startDemo, launch, login, shots } from './helpers.mjs';

const phone = { width: 390, height: 844 };
let demo, browser;
before(async () => {
  demo = await startDemo();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await demo?.stop();
});

const worklist = 'nav[aria-label=主菜单] >> text=探访清单';

test('on a phone the worker opens on her worklist and the 菜单 button holds the menu', async () => {
  const page = await login(browser, demo.url, 'hekou-sw', phone);
  assert.match(page.url(), /\/worklist$/, 'her home is the worklist');
  assert.match(await page.textContent('h1'), /探访清单/);
  assert.equal(await page.isVisible('nav.main'), false, 'no sideways menu bar on a phone');
  assert.equal(await page.isVisible('.menu-phone summary'), true, 'a 菜单 button');
  assert.equal(await page.isVisible(worklist), false, 'the menu starts closed');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'nothing off-screen sideways');

  await page.click('.menu-phone summary');
  assert.equal(await page.isVisible(worklist), true, '探访清单 is in the open menu');
  assert.equal(await page.isVisible('.menu-panel >> text=服务对象'), true);
  assert.equal(await page.isVisible('.menu-panel >> text=退出登录'), true);
  await page.screenshot({ path: join(shots, 'menu-phone.png') });

  // Escape closes it, as does a tap outside it.
  await page.keyboard.press('Escape');
  assert.equal(await page.isVisible(worklist), false, 'Escape closes the menu');
  await page.click('.menu-phone summary');
  await page.mouse.click(200, 820); // below the panel's last row
  assert.equal(await page.isVisible(worklist), false, 'a tap outside closes the menu');

  await page.click('.menu-phone summary');
  await Promise.all([page.waitForNavigation(), page.click('.menu-panel >> text=服务对象')]);
  assert.match(page.url(), /\/beneficiaries$/);
  await page.click('.menu-phone summary');
  await Promise.all([page.waitForNavigation(), page.click(worklist)]);
  assert.match(page.url(), /\/worklist$/);
  await page.context().close();
});

test('without JavaScript the phone menu still opens', async () => {
  const ctx = await browser.newContext({ viewport: phone, locale: 'zh-CN', javaScriptEnabled: false });
  const page = await ctx.newPage();
  await page.goto(demo.url + '/login');
  await page.fill('#username', 'hekou-sw');
  await page.fill('#password', 'shuangbai-demo');
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  await page.click('.menu-phone summary');
  await Promise.all([page.waitForNavigation(), page.click('.menu-panel >> text=服务对象')]);
  assert.match(page.url(), /\/beneficiaries$/);
  await ctx.close();
});

test('on a wide screen the menu is a bar and the demo points to its day', async () => {
  const page = await login(browser, demo.url, 'yunfu-admin');
  assert.equal(await page.isVisible('.menu-phone summary'), false, 'no 菜单 button on a wide screen');
  // The bar is one row of a few entries; a group opens under its name.
  const bar = await page.locator('nav.main').boundingBox();
  assert.ok(bar.height < 60, `the menu bar is one row (${bar.height} px high)`);
  assert.ok(await page.locator('nav.main > a, nav.main > details').count() <= 8, 'at most eight entries in the bar');
  assert.equal(await page.isVisible('nav.main >> text=跟进设置'), false, 'a group starts closed');
  await page.click('nav.main .menu-group > summary:has-text("个案服务")');
  assert.equal(await page.isVisible('nav.main >> text=跟进设置'), true, 'the group opens on a click');
  await page.screenshot({ path: join(shots, 'menu-bar.png') });
  await page.click('nav.main .menu-group > summary:has-text("站点工作")');
  assert.equal(await page.isVisible('nav.main >> text=跟进设置'), false, 'opening another group closes the first');
  await page.keyboard.press('Escape');
  assert.equal(await page.isVisible('nav.main >> text=社区活动'), false, 'Escape closes the group');
  await page.click('nav.main .menu-group > summary:has-text("个案服务")');
  await page.click('header.top .tag'); // the role's label: not a link
  assert.equal(await page.isVisible('nav.main >> text=跟进设置'), false, 'a click elsewhere closes the group');
  assert.match(await page.textContent('.demo-note'), /这是演示数据.*2021年8月9日/);
  await Promise.all([page.waitForNavigation(), page.click('.demo-note a')]);
  assert.match(page.url(), /\/reports\/progress\?date=2021-08-09$/);
  assert.match(await page.textContent('table.progress tfoot'), /364/);
  await page.context().close();
});

test('the follow-up settings keep a level on one line and say what is wrong beside the field', async () => {
  const page = await login(browser, demo.url, 'yunfu-admin');
  await page.goto(demo.url + '/settings/followup');
  const days = await page.locator('#days1').boundingBox();
  const times = await page.locator('#times1').boundingBox();
  const lead = await page.locator('#grace1_lead').boundingBox();
  assert.equal(Math.round(days.y), Math.round(times.y), '每 7 天 2 次 on one line');
  assert.equal(Math.round(days.y), Math.round(lead.y), 'the graces on the same line');
  await page.fill('#grace1_supervisor', '1');
  const [res] = await Promise.all([page.waitForNavigation(), page.click('button:has-text("保存")')]);
  assert.equal(res.status(), 422);
  assert.match(await page.textContent('.field.invalid:has(#grace1_supervisor) .field-error'), /督导的宽限天数应大于站长的/);
  assert.equal(await page.inputValue('#grace1_supervisor'), '1', 'what was typed is kept');
  await page.screenshot({ path: join(shots, 'settings-followup.png'), fullPage: true });
  await page.context().close();

  // A worker reads the same rule as text, not as fields that look editable.
  const sw = await login(browser, demo.url, 'hekou-sw', phone);
  await sw.goto(demo.url + '/settings/followup');
  assert.equal(await sw.locator('main input').count(), 0);
  assert.match(await sw.textContent('main'), /每周2次/);
  await sw.screenshot({ path: join(shots, 'settings-followup-phone.png'), fullPage: true });
  await sw.context().close();
});
