// The data dashboard (issue 13): the city admin opens on the city's
// dashboard with its charts drawn, switches to a county, drills a figure
// down to the list behind it, and the page prints on one A4 page.
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

test('the city admin sees the dashboard, switches to a county and drills down', async () => {
  const page = await login(browser, demo.url, 'yunfu-admin', { width: 1366, height: 900 });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(demo.url + '/');
  assert.match(await page.textContent('h1'), /云浮市数据看板/);
  // ECharts drew every chart that has data: a canvas in each.
  await page.waitForSelector('[data-chart="visits"] canvas');
  const charts = await page.locator('[data-chart]').count();
  assert.ok(charts >= 6, `${charts} charts`);
  assert.equal(await page.locator('[data-chart] canvas').count(), charts, 'each chart is drawn');
  assert.equal(await page.locator('.chart-box table').count(), await page.locator('.chart-box').count(), 'each chart has its table');
  await page.screenshot({ path: join(shots, 'dashboard-city.png'), fullPage: true });

  await Promise.all([page.waitForNavigation(), page.click('.dash-switch a.chip:has-text("云城区")')]);
  assert.match(await page.textContent('h1'), /云城区数据看板/);
  assert.match(await page.textContent('.dash-switch'), /云浮市\s*›\s*云城区/);
  await page.waitForSelector('[data-chart="groups"] canvas');

  // A group's number in the table beside the chart opens the list of those files.
  const cell = page.locator('#fig-groups tbody tr').first();
  const n = (await cell.locator('td a').textContent()).trim();
  await Promise.all([page.waitForNavigation(), cell.locator('td a').click()]);
  assert.match(page.url(), /\/beneficiaries\?group=\w+&region=445302$/);
  assert.match(await page.textContent('.summary-text'), new RegExp(`共 ${n} 人`));
  assert.deepEqual(errors, [], 'no script errors');
  await page.context().close();
});

test('the dashboard prints on one A4 page', async () => {
  const page = await login(browser, demo.url, 'yunfu-admin');
  await page.goto(demo.url + '/');
  await page.waitForSelector('[data-chart="visits"] canvas');
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ format: 'A4', landscape: true, printBackground: false, preferCSSPageSize: true });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  assert.equal(pages, 1, `the print takes ${pages} pages`);
  await page.screenshot({ path: join(shots, 'dashboard-print.png'), fullPage: true });
  await page.context().close();
});
