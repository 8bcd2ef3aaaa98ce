// A social worker's day on a phone: the worklist, one quick visit, and the
// privacy rules around a beneficiary's file.
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

const overdue = async (page) => Number((await page.textContent('.due.due-overdue')).replace(/\D/g, ''));

test('a worker records a visit from her worklist on a phone', async () => {
  const page = await login(browser, demo.url, 'hekou-sw', phone);
  await page.goto(demo.url + '/worklist');
  const before = await overdue(page);
  assert.ok(before > 0, 'the demo worker has overdue cases');
  await page.screenshot({ path: join(shots, 'worklist-phone.png') });

  await page.click('a.due-visit >> nth=0');
  // A visit in the future is refused next to the date, and nothing is saved.
  await page.fill('#on', '2099-01-01');
  const [bad] = await Promise.all([page.waitForNavigation(), page.click('button:has-text("保存探访")')]);
  assert.equal(bad.status(), 422);
  assert.match(await page.textContent('main'), /不能晚于今天/);
  await page.screenshot({ path: join(shots, 'visit-error-phone.png'), fullPage: true });

  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10); // China's date
  await page.fill('#on', today);
  await page.check('input[name=services][value=精神慰藉]');
  await page.fill('#findings', '情绪平稳，已送去米油。');
  await Promise.all([page.waitForNavigation(), page.click('button:has-text("保存探访")')]);
  await page.goto(demo.url + '/worklist');
  assert.equal(await overdue(page), before - 1, 'the visited case is no longer overdue');
  await page.context().close();
});

test('numbers are masked, and a worker may not reveal them', async () => {
  const page = await login(browser, demo.url, 'hekou-sw', phone);
  await page.goto(demo.url + '/beneficiaries?q=陈志明');
  await page.click('a[href^="/beneficiaries/"] >> text=陈志明');
  const text = await page.textContent('main');
  assert.match(text, /尾号\d{3}[\dX]/, 'the ID number is masked to its last four');
  assert.doesNotMatch(text, /445302\d{8}/, 'no birth date or full number');
  assert.match(text, /肢体二级/);
  assert.equal(await page.locator('text=查看完整身份证号').count(), 0, 'no reveal for a worker');
  await page.context().close();
});

test('another county cannot open the file', async () => {
  const sw = await login(browser, demo.url, 'hekou-sw');
  await sw.goto(demo.url + '/beneficiaries?q=陈志明');
  const href = await sw.getAttribute('a[href^="/beneficiaries/"] >> text=陈志明', 'href');
  await sw.context().close();
  const other = await login(browser, demo.url, 'luoding-admin');
  const resp = await other.goto(demo.url + href);
  assert.equal(resp.status(), 404);
  await other.context().close();
});
