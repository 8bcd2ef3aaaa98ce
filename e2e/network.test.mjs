// Journeys through the station network (issue: foundation), in a real browser.
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

test('the city admin sees 63 stations and 146 points', async () => {
  const page = await login(browser, demo.url, 'yunfu-admin');
  assert.match(await page.textContent('header'), /市民政局管理员/);
  await page.goto(demo.url + '/stations');
  assert.match(await page.textContent('h1'), /共 63 个/);
  await page.screenshot({ path: join(shots, 'stations-city.png'), fullPage: false });
  await page.goto(demo.url + '/points');
  assert.match(await page.textContent('h1'), /共 146 个/);
  await page.context().close();
});

test('a county admin sees only 云城区: 8 stations, 19 points, and 404 for 罗定市', async () => {
  const city = await login(browser, demo.url, 'yunfu-admin');
  await city.goto(demo.url + '/stations?region=445381');
  const luoding = await city.getAttribute('table a[href^="/stations/"]', 'href');
  await city.context().close();

  const page = await login(browser, demo.url, 'yuncheng-admin');
  await page.goto(demo.url + '/stations');
  assert.match(await page.textContent('h1'), /共 8 个/);
  const body = await page.textContent('main');
  assert.doesNotMatch(body, /罗定市/);
  await page.goto(demo.url + '/points');
  assert.match(await page.textContent('h1'), /共 19 个/);
  const resp = await page.goto(demo.url + luoding);
  assert.equal(resp.status(), 404);
  await page.context().close();
});

test('a form says what is wrong next to the field and keeps the input', async () => {
  const page = await login(browser, demo.url, 'yuncheng-admin');
  await page.goto(demo.url + '/stations');
  await page.click('table a[href^="/stations/"]');
  await page.click('a[href$="/edit"]');
  await page.check('input[name=status][value=built]');
  await page.fill('#built_on', '');
  await page.fill('#phone', '电话12');
  const [resp] = await Promise.all([page.waitForNavigation(), page.click('main form[method=post] button[type=submit]')]);
  assert.equal(resp.status(), 422);
  const builtErr = await page.textContent('.field.invalid:has(#built_on) .field-error');
  assert.match(builtErr, /建成日期/);
  assert.match(await page.textContent('.field.invalid:has(#phone) .field-error'), /电话号码格式不正确/);
  assert.equal(await page.inputValue('#phone'), '电话12');
  await page.screenshot({ path: join(shots, 'station-form-errors.png'), fullPage: true });
  await page.context().close();
});

test('the region tree leads from the city to a village point', async () => {
  const page = await login(browser, demo.url, 'yunfu-admin');
  await page.goto(demo.url + '/regions/4453');
  await page.click('text=云城区');
  await page.click('text=河口街道');
  assert.match(await page.textContent('main'), /双上村/);
  await page.screenshot({ path: join(shots, 'region-hekou.png') });
  await page.context().close();
});
