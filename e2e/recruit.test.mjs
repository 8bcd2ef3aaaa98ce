// A recruitment journey (issue 10), in a real browser: the city admin runs
// a small campaign from its creation to the contract, and the person signed
// appears on the staff roster.
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

// day returns the date n days from today in China, as YYYY-MM-DD.
function day(n) {
  const t = new Date(Date.now() + 8 * 3600e3 + n * 86400e3);
  return t.toISOString().slice(0, 10);
}

// idNumber completes 17 digits with the GB 11643 check digit.
function idNumber(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * w[i];
  return first17 + '10X98765432'[sum % 11];
}

// submit clicks a form's button and returns the response it led to.
async function submit(page, selector) {
  const [resp] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
  return resp;
}

// download clicks a link and returns the downloaded file's bytes.
async function download(page, selector) {
  const [d] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const chunks = [];
  for await (const c of await d.createReadStream()) chunks.push(c);
  return { name: d.suggestedFilename(), bytes: Buffer.concat(chunks) };
}

test('the city admin runs a campaign from its post to the contract, and the person is on the roster', async () => {
  const page = await login(browser, demo.url, 'yunfu-admin');
  const title = '2099年云浮市社工补充招聘（浏览器测试）';

  // A campaign whose notice ended two days ago, so that it can sign today.
  await page.goto(demo.url + '/campaigns/new');
  await page.fill('#title', title);
  await page.fill('#year', '2099');
  await page.selectOption('#region', '4453');
  await page.selectOption('#kind', 'worker');
  for (const [field, n] of [['exam_on', -20], ['interview_on', -15], ['medical_on', -10], ['notice_from', -8], ['notice_to', -2]]) {
    await page.fill('#' + field, day(n));
  }
  let resp = await submit(page, 'main form[method=post] button[type=submit]');
  assert.equal(resp.status(), 200, 'campaign saved');
  assert.match(await page.textContent('h1'), /浏览器测试/);
  const base = new URL(page.url()).pathname;

  // A post at the 河口街道 station: the county first, then its stations.
  await page.selectOption('#post-county', '445302');
  await submit(page, 'form:has(#post-county) button[type=submit]');
  await page.fill('#code', 'E2E-01');
  await page.fill('#post-title', '河口街道社工站社工');
  await page.fill('#places', '1');
  await page.selectOption('#post-region', '445302003');
  const hekou = await page.$eval('#station_id', (s) => [...s.options].find((o) => o.text === '河口街道社工站').value);
  await page.selectOption('#station_id', hekou);
  resp = await submit(page, 'form[action$="/posts"] button[type=submit]');
  assert.equal(resp.status(), 200);
  assert.match(await page.textContent('#posts + table'), /E2E-01.*河口街道社工站社工/s);

  // An applicant with a valid ID number.
  await page.goto(demo.url + base + '/applicants/new');
  const postID = await page.$eval('#post_id', (s) => [...s.options].find((o) => o.text.includes('E2E-01')).value);
  await page.selectOption('#post_id', postID);
  await page.fill('#name', '李浏览');
  await page.fill('#id_number', idNumber('44530219980615002'));
  await page.fill('#phone', '13912345678');
  await page.fill('#major', '社会工作');
  resp = await submit(page, 'main form[method=post] button[type=submit]');
  assert.equal(resp.status(), 200, 'applicant saved: ' + (await page.textContent('main')).slice(0, 300));
  assert.match(await page.textContent('main'), /李浏览/);
  const applicant = new URL(page.url()).pathname;

  // Eligible, scored, passed the medical check.
  await page.check('input[name=review][value=eligible]');
  await submit(page, 'form[action$="/review"] button[type=submit]');
  await page.goto(demo.url + applicant);
  await page.fill('#written', '86.5');
  await page.fill('#interview', '90');
  await submit(page, 'form[action$="/scores"] button[type=submit]');
  await page.goto(demo.url + applicant);
  await page.check('input[name=medical][value=pass]');
  await submit(page, 'form[action$="/medical"] button[type=submit]');

  // The ranking: first, composite 88.25.
  await page.goto(demo.url + base + '/ranking');
  const row = await page.textContent('table.numbers tbody tr:has-text("李浏览")');
  assert.match(row, /^\s*1\b/);
  assert.match(row, /88\.25/);
  await page.screenshot({ path: join(shots, 'recruit-ranking.png'), fullPage: true });

  // The notice in Word and Excel: non-empty zip files.
  await page.goto(demo.url + base + '/sign');
  for (const link of ['a[href$="/notice.docx"]', 'a[href$="/notice.xlsx"]']) {
    const f = await download(page, link);
    assert.ok(f.bytes.length > 1000, `${f.name}: ${f.bytes.length} bytes`);
    assert.equal(f.bytes.subarray(0, 4).toString('latin1'), 'PK\x03\x04', `${f.name} is a zip`);
  }

  // Sign the contract; the person is on the roster at the station.
  await page.check('input[name=applicant][aria-label="签约 李浏览"]');
  resp = await submit(page, 'form[action$="/sign"] button[type=submit]');
  assert.ok(resp.status() < 400, 'signed: ' + resp.status());
  await page.goto(demo.url + base + '/sign');
  assert.match(await page.textContent('table tr:has-text("李浏览")'), /已签约/);
  await page.goto(demo.url + '/staff?q=' + encodeURIComponent('李浏览'));
  const staff = await page.textContent('main table');
  assert.match(staff, /李浏览/);
  assert.match(staff, /河口街道/);
  await page.screenshot({ path: join(shots, 'recruit-staff.png'), fullPage: true });
  await page.context().close();
});

test('the city admin appoints the city\'s 总督导, and the terms stay listed', async () => {
  const page = await login(browser, demo.url, 'yunfu-admin');
  await page.goto(demo.url + '/supervisors');
  assert.match(await page.textContent('#chiefs + p'), /张和清/); // the province's chief leads the city too
  const first = await page.$eval('#chief-person', (s) => s.options[1].text);
  await page.selectOption('#chief-person', { index: 1 });
  await page.selectOption('#chief-region', '4453');
  await page.fill('#chief-title', '云浮市“双百工程”总督导');
  await page.fill('#chief-from', day(-30));
  let resp = await submit(page, 'form[action="/supervisors/chiefs"] button[type=submit]');
  assert.equal(resp.status(), 200);
  assert.match(await page.textContent('#chiefs + p'), new RegExp(first));
  // A successor from today: the first term ends yesterday, and stays.
  const second = await page.$eval('#chief-person', (s) => s.options[2].text);
  await page.selectOption('#chief-person', { index: 2 });
  await page.selectOption('#chief-region', '4453');
  await page.fill('#chief-from', day(0));
  resp = await submit(page, 'form[action="/supervisors/chiefs"] button[type=submit]');
  assert.equal(resp.status(), 200);
  assert.match(await page.textContent('#chiefs + p'), new RegExp(second));
  const [y, m, d] = day(-1).split('-').map(Number);
  assert.match(await page.textContent(`#chiefs ~ table tr:has-text("${first}")`), new RegExp(`${y}年${m}月${d}日`));
  await page.screenshot({ path: join(shots, 'recruit-chiefs.png'), fullPage: false });
  await page.context().close();
});
