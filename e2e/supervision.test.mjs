// Journeys through station work (督导评估, issue 11), in a real browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startDemo, launch, login, shots } from './helpers.mjs';

let demo, browser;
before(async () => {
  demo = await startDemo();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await demo?.stop();
});

const iso = (d) => d.toISOString().slice(0, 10);

test('a county admin records a visit with an action item and marks it done', async () => {
  const page = await login(browser, demo.url, 'yuncheng-admin');
  await page.goto(demo.url + '/supervision');
  await Promise.all([page.waitForNavigation(), page.click('main a[href="/supervision/new"]')]);
  await page.selectOption('#station_id', { label: '河口街道社工站' });
  await page.selectOption('#supervisor_id', { index: 1 });
  await page.check('input[name=forms][value=field]');
  await page.check('input[name=forms][value=meeting]');
  await page.fill('#topics', '了解45户建档立卡户的探访情况');
  await page.fill('#advice', '对个案救助对象定期访问、动态更新个案记录');
  await page.fill('#item1_title', '补齐双上村服务对象分布图');
  // No owner: refused beside the row, the input kept.
  await page.fill('#item1_due', iso(new Date(Date.now() + 30 * 864e5)));
  await Promise.all([page.waitForNavigation(), page.click('form.form button[type=submit]')]);
  assert.match(await page.textContent('.field.invalid'), /责任人/);
  assert.equal(await page.inputValue('#item1_title'), '补齐双上村服务对象分布图');
  await page.fill('#item1_owner', '陈云城');
  await Promise.all([page.waitForNavigation(), page.click('form.form button[type=submit]')]);
  assert.match(page.url(), /\/supervision\/\d+$/);
  assert.match(await page.textContent('main'), /补齐双上村服务对象分布图[\s\S]*未完成/);
  await page.screenshot({ path: join(shots, 'supervision-visit.png'), fullPage: true });
  await Promise.all([page.waitForNavigation(), page.click('a:has-text("标记完成")')]);
  await page.fill('#done_note', '分布图已绘制并上墙');
  await Promise.all([page.waitForNavigation(), page.click('form.form button[type=submit]')]);
  assert.match(page.url(), /\/supervision\/\d+$/);
  assert.match(await page.textContent('main'), /完成[\s\S]*分布图已绘制并上墙/);
  await page.context().close();
});

test('the city sees the seed: 张和清 at 都城镇 and the 2021-07-07 evaluation', async () => {
  const page = await login(browser, demo.url, 'yunfu-admin');
  await page.goto(demo.url + '/supervision?region=445322100');
  assert.match(await page.textContent('main'), /都城镇社工站[\s\S]*张和清/);
  assert.match(await page.textContent('main'), /实地走访、座谈/);
  await page.screenshot({ path: join(shots, 'supervision-list.png'), fullPage: true });
  await page.goto(demo.url + '/evaluations');
  await page.click('a:has-text("监测评估（云安区、新兴县）")');
  assert.match(await page.textContent('main'), /富林镇社工站[\s\S]*车岗镇社工站/);
  await page.screenshot({ path: join(shots, 'evaluation-round.png'), fullPage: true });
  await page.click('a:has-text("富林镇社工站")');
  assert.match(await page.textContent('main'), /系统计算/);
  await page.screenshot({ path: join(shots, 'evaluation-station.png'), fullPage: true });
  await page.context().close();
});
