// The construction progress table in a real browser: the seed's figures,
// the Excel download, one printed A4 landscape page.
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

test('the city table of 2021-08-09 shows the seed figures and prints on one A4 landscape page', async () => {
  const page = await login(browser, demo.url, 'yunfu-admin');
  await page.goto(demo.url + '/reports/progress?region=4453&date=2021-08-09');
  assert.match(await page.textContent('h1, caption, main'), /云浮市2021年“双百工程”社工站（点）建设进度情况一览表/);
  const total = (await page.textContent('tfoot')).replace(/\s+/g, ' ');
  for (const n of ['63', '112', '146', '364', '10次']) assert.ok(total.includes(n), `合计 lacks ${n}: ${total}`);
  assert.match(await page.textContent('main'), /缺少三项以上的填未配备齐全/);
  await page.screenshot({ path: join(shots, 'progress-table.png'), fullPage: true });

  const [download] = await Promise.all([page.waitForEvent('download'), page.click('text=下载 Excel')]);
  assert.match(download.suggestedFilename(), /\.xlsx$/);

  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ preferCSSPageSize: true });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  assert.equal(pages, 1, 'the table prints on one page');
  const box = pdf.toString('latin1').match(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/);
  assert.ok(box && +box[1] > +box[2], `landscape media box: ${box && box[0]}`);
  await page.context().close();
});

test('a number leads to the sites behind it, with missing equipment named', async () => {
  const page = await login(browser, demo.url, 'yunfu-admin');
  await page.goto(demo.url + '/reports/progress/sites?region=445381&kind=point&show=equipment&date=2021-08-09');
  assert.match(await page.textContent('main'), /未配备齐全/);
  await page.screenshot({ path: join(shots, 'progress-sites.png') });
  await page.context().close();
});

test('a county admin cannot open the city table', async () => {
  const page = await login(browser, demo.url, 'yuncheng-admin');
  const resp = await page.goto(demo.url + '/reports/progress?region=4453&date=2021-08-09');
  assert.equal(resp.status(), 404);
  await page.context().close();
});
