// The service map (issue 13, item 2): the city admin sees the demo's
// schematic of 云浮市 marked 示意图 with counts per county and drills into
// a county; 河口街道's social worker sees her own people as markers; the
// map downloads as a PNG and prints with its title, date and mark.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { statSync } from 'node:fs';
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

test('the city admin opens the schematic map, drills into a county and downloads a PNG', async () => {
  const page = await login(browser, demo.url, 'yunfu-admin');
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openMenu(page, '统计与简报', '服务地图');
  await page.waitForSelector('#map[data-ready="1"]');
  assert.match(await page.textContent('h1'), /服务地图/);
  assert.match(await page.textContent('h1'), /示意图/, 'the mark on the view');
  assert.match(await page.textContent('.map-note'), /演示数据的边界由程序/);
  assert.equal(await page.locator('.map-table tbody tr').count(), 5, 'the five counties counted');
  await page.screenshot({ path: join(shots, 'map-city.png'), fullPage: true });

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-map-png]')]);
  const file = join(shots, 'map-city-download.png');
  await download.saveAs(file);
  assert.match(download.suggestedFilename(), /示意图.*\.png$/);
  assert.ok(statSync(file).size > 20000, 'a real picture');

  await page.click('.map-table >> text=云城区');
  await page.waitForSelector('#map[data-ready="1"]');
  assert.match(await page.textContent('h1'), /云城区/);
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.isVisible('.map-print-head'), true, 'the print head with the date');
  assert.match(await page.textContent('.map-print-head'), /制图日期/);
  assert.equal(await page.isVisible('.map-stamp'), true, 'the mark on the print');
  assert.equal(await page.isVisible('nav.main'), false);
  await page.pdf({ path: join(shots, 'map-county.pdf'), format: 'A4', landscape: true });
  await page.emulateMedia({ media: 'screen' });
  assert.deepEqual(errors, []);
});

test('the social worker sees her own people, and a county map never shows one', async () => {
  const page = await login(browser, demo.url, 'hekou-sw');
  await page.goto(demo.url + '/map');
  await page.waitForSelector('#map[data-ready="1"]');
  const fc = JSON.parse(await page.getAttribute('#map', 'data-map'));
  assert.equal(fc.people, true);
  const people = fc.features.filter((f) => f.properties.layer === 'beneficiary');
  assert.ok(people.length >= 40, `her located people: ${people.length}`);
  assert.ok(people.every((f) => f.properties.code.startsWith('445302003')));
  await page.screenshot({ path: join(shots, 'map-hekou.png'), fullPage: true });

  // Overdue only: fewer markers, the filter kept.
  await page.check('input[name=overdue]');
  await Promise.all([page.waitForNavigation(), page.click('.filters button[type=submit]')]);
  await page.waitForSelector('#map[data-ready="1"]');
  const od = JSON.parse(await page.getAttribute('#map', 'data-map')).features.filter((f) => f.properties.layer === 'beneficiary');
  assert.ok(od.length < people.length && od.every((f) => f.properties.overdue), 'only overdue markers');

  const admin = await login(browser, demo.url, 'yuncheng-admin');
  await admin.goto(demo.url + '/map?region=445302003');
  const county = JSON.parse(await admin.getAttribute('#map', 'data-map'));
  assert.equal(county.people, false);
  assert.equal(county.features.filter((f) => f.properties.layer === 'beneficiary').length, 0);
  const res = await admin.goto(demo.url + '/map?region=445381');
  assert.equal(res.status(), 404, 'another county is not found');
});
