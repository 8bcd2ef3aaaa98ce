// A station records a community activity with a photo and finds it in the
// list; the county sees the seed's anti-drug campaign.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { startDemo, launch, login, shots, openMenu } from './helpers.mjs';

let demo, browser;
before(async () => {
  demo = await startDemo();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await demo?.stop();
});

// A 1×1 PNG: enough for the server to read, check and thumbnail.
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

test('a worker records an activity with a photo and sees it listed', async () => {
  const page = await login(browser, demo.url, 'hekou-sw');
  await openMenu(page, '站点工作', '社区活动');
  await page.click('text=登记活动');
  await page.fill('#title', '长者健康讲座');
  await page.selectOption('#kind', 'policy');
  const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10); // China's date
  await page.fill('#held_on', today);
  await page.selectOption('#region', '445302003208');
  await page.fill('#reached', '三十');
  const [bad] = await Promise.all([page.waitForNavigation(), page.click('button:has-text("保存")')]);
  assert.equal(bad.status(), 422);
  assert.match(await page.textContent('main'), /参与人数应为 0 到 1000000 的整数/);
  await page.fill('#reached', '30');
  await page.fill('#volunteers', '4');
  await Promise.all([page.waitForNavigation(), page.click('button:has-text("保存")')]);
  assert.match(await page.textContent('main'), /长者健康讲座/);

  await page.click('summary:has-text("上传照片")');
  await page.setInputFiles('#file', { name: '讲座.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4') });
  const [refused] = await Promise.all([page.waitForNavigation(), page.click('button:has-text("上传")')]);
  assert.equal(refused.status(), 422);
  assert.match(await page.textContent('#photos'), /只能上传 JPEG 或 PNG 照片/);
  await page.setInputFiles('#file', { name: '讲座现场.png', mimeType: 'image/png', buffer: png });
  await Promise.all([page.waitForNavigation(), page.click('button:has-text("上传")')]);
  assert.match(await page.textContent('#photos'), /1 \/ 20 张/);
  const loaded = await page.$eval('#photos img', (img) => img.complete && img.naturalWidth > 0);
  assert.ok(loaded, 'the thumbnail shows');
  await page.screenshot({ path: join(shots, 'activity-show.png'), fullPage: true });

  await page.goto(demo.url + '/activities');
  const list = await page.textContent('main');
  assert.match(list, /长者健康讲座/);
  assert.doesNotMatch(list, /禁毒宣传活动/, 'another county\'s activity is not listed');
  await page.context().close();
});

test('the county sees the seed\'s anti-drug campaign', async () => {
  const page = await login(browser, demo.url, 'luoding-admin');
  await page.goto(demo.url + '/activities?kind=anti_drug');
  const text = await page.textContent('main');
  assert.match(text, /禁毒宣传活动/);
  assert.match(text, /2021年7月29日/);
  assert.match(text, /双东街道社工站/);
  await page.screenshot({ path: join(shots, 'activity-list.png'), fullPage: true });
  await page.click('text=禁毒宣传活动');
  assert.match(await page.textContent('main'), /300 人/);
  await page.context().close();
});
