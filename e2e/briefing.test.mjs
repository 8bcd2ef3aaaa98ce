// The work briefing in a real browser: the editor drafts an issue, inserts
// the live progress table, publishes it, and downloads it as Word and as
// the printable page and as PDF.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
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

test('draft, insert the live table, publish, download docx, html and pdf', async () => {
  const page = await login(browser, demo.url, 'yunfu-admin');
  await page.goto(demo.url + '/briefings');
  assert.match(await page.textContent('main'), /2021年第1期/);
  await page.fill('input[name=date]', '2021-08-31');
  await page.fill('input[name=editor]', '李编辑');
  await Promise.all([page.waitForNavigation(), page.click('button[id^=new-issue-]')]);
  const issue = page.url();
  assert.match(await page.textContent('main'), /印发前还需处理/);

  // The live table in 市级动态, as of the issue's day.
  await page.selectOption('#section', '0');
  await page.selectOption('#kind', 'progress');
  await page.fill('#region', '4453');
  await page.fill('#entry_date', '2021-08-09');
  await Promise.all([page.waitForNavigation(), page.click('#add-entry-btn')]);
  assert.match(await page.textContent('.paper'), /建设进度情况一览表/);
  assert.match(await page.textContent('.paper'), /364/);

  // Publishing with two empty sections is refused, naming them.
  await Promise.all([page.waitForNavigation(), page.click('#publish')]);
  assert.match(await page.textContent('main'), /栏目“县（市、区）动态”没有内容/);

  // Fill them with live blocks and publish.
  for (const [section, town] of [['1', '445302003'], ['2', '445302003']]) {
    await page.selectOption('#section', section);
    await page.selectOption('#kind', 'outcomes');
    await page.selectOption('#town', town);
    await page.fill('#from', '2021-01-01');
    await page.fill('#entry_date', '2021-08-09');
    await Promise.all([page.waitForNavigation(), page.click('#add-entry-btn')]);
  }
  await page.screenshot({ path: join(shots, 'briefing-draft.png'), fullPage: true });
  await Promise.all([page.waitForNavigation(), page.click('#publish')]);
  assert.equal(page.url().split('#')[0], issue.split('#')[0]);
  assert.match(await page.textContent('h1'), /2021年第2期/);
  assert.match(await page.textContent('main'), /已印发/);
  await page.screenshot({ path: join(shots, 'briefing-published.png'), fullPage: true });

  const [docx] = await Promise.all([page.waitForEvent('download'), page.click('#export-docx')]);
  assert.match(docx.suggestedFilename(), /第2期.*\.docx$/);
  const bytes = readFileSync(await docx.path());
  assert.equal(bytes.subarray(0, 2).toString(), 'PK');

  const resp = await page.request.get(issue.split('#')[0] + '/export?format=html');
  assert.equal(resp.status(), 200);
  const html = await resp.text();
  assert.match(html, /“双百工程”工作简报/);
  assert.match(html, /第2期/);
  assert.match(html, /<td>364<\/td>/);
  const [pdf] = await Promise.all([page.waitForEvent('download'), page.click('#export-pdf')]);
  assert.match(pdf.suggestedFilename(), /第2期.*\.pdf$/);
  const pdfBytes = readFileSync(await pdf.path());
  assert.equal(pdfBytes.subarray(0, 5).toString(), '%PDF-');
  assert.ok(pdfBytes.length > 20000, `pdf of ${pdfBytes.length} bytes: fonts not embedded?`);
  await page.context().close();
});
