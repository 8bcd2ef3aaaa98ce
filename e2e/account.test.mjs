// The second factor in a real browser (issue 8, 等保 2.0 level 3): the
// demo's security administrator, whose role must log in with a TOTP code,
// enrols an authenticator on the first login, keeps the recovery codes,
// logs out, and logs in again with a fresh code. The test is the phone:
// it reads the secret the page shows and computes the codes (RFC 6238).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { join } from 'node:path';
import { startDemo, launch, shots } from './helpers.mjs';

// base32 decodes an RFC 4648 secret as authenticator apps read it.
function base32(s) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const out = [];
  let bits = 0, value = 0;
  for (const c of s.replace(/[\s=]/g, '').toUpperCase()) {
    const i = alphabet.indexOf(c);
    assert.ok(i >= 0, `not base32: ${c}`);
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      out.push((value >>> bits) & 0xff);
      value &= (1 << bits) - 1;
    }
  }
  return Buffer.from(out);
}

// totp is the six-digit code of secret for a 30-second step (RFC 6238:
// HOTP of the step with HMAC-SHA1, dynamic truncation).
function totp(secret, step) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(step));
  const h = createHmac('sha1', base32(secret)).update(msg).digest();
  const o = h[h.length - 1] & 0x0f;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, '0');
}

const stepNow = () => Math.floor(Date.now() / 30000);

test('RFC 6238 test vector', () => {
  // The SHA-1 vector of RFC 6238 appendix B: the key "12345678901234567890"
  // (base32 below) at T = 59 s, step 1, gives 94287082; six digits of it.
  assert.equal(totp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 1), '287082');
});

let demo, browser;
before(async () => {
  demo = await startDemo();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await demo?.stop();
});

async function password(page, username) {
  await page.goto(demo.url + '/login');
  await page.fill('#username', username);
  await page.fill('#password', 'shuangbai-demo');
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
}

test('the security administrator enrols a second factor on the first login, then logs in with a code', async () => {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const page = await ctx.newPage();

  await password(page, 'yunfu-secadmin');
  assert.match(new URL(page.url()).pathname, /^\/login\/enrol$/);
  assert.match(await page.textContent('h1'), /绑定验证器/);
  // The QR code is drawn by the server and shown as a data: URL the CSP allows.
  assert.ok(await page.$eval('.totp-setup img', (img) => img.complete && img.naturalWidth > 0), 'QR code not shown');
  await page.screenshot({ path: join(shots, 'account-totp-enrol.png'), fullPage: true });

  // A wrong code is refused next to the field.
  const secret = (await page.textContent('#totp-secret')).replace(/\s/g, '');
  assert.equal(secret.length, 32);
  await page.fill('#code', totp(secret, stepNow() - 10));
  const [wrong] = await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  assert.equal(wrong.status(), 401);
  assert.match(await page.textContent('.field.invalid:has(#code) .field-error'), /验证码不正确/);
  assert.equal((await page.textContent('#totp-secret')).replace(/\s/g, ''), secret, 'the same secret is shown again');

  const enrolStep = stepNow();
  await page.fill('#code', totp(secret, enrolStep));
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  const codes = await page.$$eval('#recovery-codes li', (lis) => lis.map((li) => li.textContent.trim()));
  assert.equal(codes.length, 10);
  for (const c of codes) assert.match(c, /^[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}$/);
  await Promise.all([page.waitForNavigation(), page.click('#recovery-continue')]);
  assert.equal(new URL(page.url()).pathname, '/');
  assert.match(await page.textContent('header'), /安全管理员/);

  // The account page says the second factor is on.
  await page.click('header a.user-name');
  assert.match(await page.textContent('#totp-status'), /已绑定验证器/);
  await page.screenshot({ path: join(shots, 'account-page.png'), fullPage: true });

  await Promise.all([page.waitForNavigation(), page.click('header form[action="/logout"] button')]);
  assert.equal(new URL(page.url()).pathname, '/login');

  // Again: the password, then a fresh code (the enrolment's step is used;
  // the next one is accepted, as from a phone a little fast).
  await password(page, 'yunfu-secadmin');
  assert.equal(new URL(page.url()).pathname, '/login/totp');
  await page.fill('#code', totp(secret, Math.max(enrolStep + 1, stepNow())));
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  assert.equal(new URL(page.url()).pathname, '/');
  assert.match(await page.textContent('header'), /安全管理员/);
  await ctx.close();
});
