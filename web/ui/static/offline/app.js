// The offline app (离线探访): keeps the signed-in worker's own open cases
// and the visits she records while offline, sealed with AES-GCM in
// IndexedDB, and sends each queued visit once when the network is back.
//
// Keys: the server gives a logged-in session the account's offline secret
// (see store.OfflineKey); it is turned by HKDF, with a salt made on this
// phone, into a non-extractable AES-GCM key. Only that CryptoKey object is
// kept (so the app opens after an offline reload); page scripts cannot read
// its bytes. After the idle timeout the cases and the key are deleted; the
// queued visits stay sealed and unreadable until she logs in again, when
// the same key is derived and they are sent. Logging out deletes all (the
// server's Clear-Site-Data), after a warning when visits are waiting.
'use strict';
(function () {
  const app = document.getElementById('offline-app');
  if (!app || !window.idb || !window.crypto || !crypto.subtle) {
    if (app) status('此浏览器不支持离线功能，或未通过 HTTPS 访问。', true);
    return;
  }
  const $ = (id) => document.getElementById(id);
  const enc = new TextEncoder(), dec = new TextDecoder();
  let db, key, bundleMeta = { kinds: [], services: [] }, cases = [], syncing = false;

  function status(msg, bad) {
    const s = document.getElementById('status');
    s.textContent = msg;
    s.classList.toggle('bad', !!bad);
  }

  async function openStore() {
    db = await idb.openDB('shuangbai-offline', 1, {
      upgrade(d) {
        d.createObjectStore('meta');
        d.createObjectStore('cases', { keyPath: 'id' });
        d.createObjectStore('queue', { keyPath: 'id' });
      },
      blocking() { db.close(); }, // a logout elsewhere deletes the database
    });
  }
  const meta = (k) => db.get('meta', k);
  const setMeta = (k, v) => db.put('meta', v, k);

  async function seal(obj) {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const data = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, key, enc.encode(JSON.stringify(obj)));
    return { iv, data };
  }
  async function unseal(rec) {
    return JSON.parse(dec.decode(await crypto.subtle.decrypt({ name: 'AES-GCM', iv: rec.iv }, key, rec.data)));
  }

  async function deriveKey(hex) {
    let salt = await meta('salt');
    if (!salt) { salt = crypto.getRandomValues(new Uint8Array(16)); await setMeta('salt', salt); }
    const raw = new Uint8Array(hex.match(/../g).map((h) => parseInt(h, 16)));
    const base = await crypto.subtle.importKey('raw', raw, 'HKDF', false, ['deriveKey']);
    return crypto.subtle.deriveKey({ name: 'HKDF', hash: 'SHA-256', salt, info: enc.encode('shuangbai offline storage v1') },
      base, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
  }

  // forgetCases deletes what she can read offline: after the idle timeout
  // or when the server no longer knows her session.
  async function forgetCases() {
    await db.clear('cases');
    await db.delete('meta', 'key');
    key = null; cases = [];
  }

  async function touch() { await setMeta('lastActive', Date.now()); }

  async function load() {
    await openStore();
    const idle = (await meta('idleSeconds')) || 1800;
    const last = await meta('lastActive');
    if (last && Date.now() - last > idle * 1000) await forgetCases();
    // What is kept shows at once; the bundle then replaces it when online.
    key = await meta('key');
    bundleMeta = (await meta('form')) || bundleMeta;
    if (key) {
      cases = await Promise.all((await db.getAll('cases')).map(unseal));
      status(navigator.onLine ? '显示本机保存的资料，正在更新……' : '当前离线：显示保存在本机的资料。探访记录会在联网后自动上传。');
    }
    await touch();
    render();
    let online = false;
    try { online = await refresh(); } catch (e) { /* offline: use what is kept */ }
    if (!online && !key) status('手机上没有可用的离线资料（已超时或已退出）。请联网后重新登录。', true);
    else if (!online && key) status('当前离线：显示保存在本机的资料。探访记录会在联网后自动上传。');
    render();
    if (online) await sync();
  }

  // refresh fetches the bundle; false when offline or logged out.
  async function refresh() {
    const res = await fetch('/offline/api/bundle', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
    if (res.status === 401) {
      await forgetCases();
      status('登录已过期，请重新登录后再使用离线功能。', true);
      return false;
    }
    const b = await res.json();
    if (!res.ok) { status(b.error ? b.error.message : '无法取得离线资料', true); return false; }
    const owner = await meta('userId');
    if (owner && owner !== b.user_id) { await db.clear('queue'); await forgetCases(); } // another account on this phone
    await setMeta('userId', b.user_id);
    await setMeta('idleSeconds', b.idle_seconds);
    key = await deriveKey(b.key);
    await setMeta('key', key);
    // The server's day may differ from the phone's clock (a wrong clock, or
    // a demo's fixed day): remember the difference for the visit date.
    bundleMeta = { kinds: b.kinds, services: b.services, today: b.today, skew: Date.parse(b.today) - Date.parse(localDay(0)) };
    await setMeta('form', bundleMeta);
    const tx = db.transaction('cases', 'readwrite');
    await tx.store.clear();
    for (const c of b.cases) {
      const s = await seal(c);
      await tx.store.put({ id: c.id, iv: s.iv, data: s.data });
    }
    await tx.done;
    cases = b.cases;
    status('已联网：离线资料已更新（' + b.cases.length + ' 个个案）。');
    return true;
  }

  // ---- the queue ------------------------------------------------------
  async function enqueue(item) {
    item.id = crypto.randomUUID();
    item.created = Date.now();
    const s = await seal(item);
    await db.put('queue', { id: item.id, state: 'waiting', iv: s.iv, data: s.data });
  }
  async function queued() {
    return Promise.all((await db.getAll('queue')).map(async (r) => ({ ...(await unseal(r)), state: r.state, id: r.id })));
  }
  async function requeue(item, state) {
    const s = await seal(item);
    await db.put('queue', { id: item.id, state, iv: s.iv, data: s.data });
  }

  async function send(item) {
    if (item.type === 'visit') {
      return fetch('/offline/api/visits', { method: 'POST', credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': item.id }, body: JSON.stringify(item.visit) });
    }
    return fetch('/offline/api/cases/' + item.case_id + '/fields', { method: 'POST', credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ base: item.base, set: item.set }) });
  }

  // sync sends every waiting item once. A refusal is kept with its reason
  // for her to resolve; a network failure stops and waits for the next try.
  async function sync() {
    if (syncing || !key || !navigator.onLine) return;
    syncing = true;
    try {
      // Visits go in batches, one request for up to 50: over a village
      // link each request waits its 400 ms round trip. Each visit keeps its
      // own key, so a batch sent again after a lost answer records nothing
      // twice. Edits go one by one.
      const waiting = (await queued()).filter((i) => i.state === 'waiting');
      const visits = waiting.filter((i) => i.type === 'visit');
      let stop = '';
      for (let i = 0; i < visits.length && !stop; i += 50) stop = await sendBatch(visits.slice(i, i + 50));
      for (const item of waiting.filter((i) => i.type !== 'visit')) {
        if (stop) break;
        stop = await sendOne(item);
      }
      if (stop) { status(stop, true); return; }
      await setMeta('lastSync', Date.now());
      try { await refresh(); } catch (e) { /* keep what we have */ }
    } finally {
      syncing = false;
      render();
    }
  }

  // sendBatch sends queued visits together and files each answer.
  async function sendBatch(items) {
    let res;
    try {
      res = await fetch('/offline/api/visits/batch', { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ items: items.map((i) => ({ key: i.id, visit: i.visit })) }) });
    } catch (e) { return '网络中断，稍后自动重试。'; }
    if (res.status === 401) return '登录已过期：请重新登录，待上传的记录仍保存在本机。';
    const body = await res.json().catch(() => ({}));
    if (!res.ok) return body.error ? body.error.message : '上传失败（' + res.status + '）';
    for (const r of body.results) {
      const item = items.find((i) => i.id === r.key);
      if (!item) continue;
      if (r.status < 300) await db.delete('queue', item.id);
      else await refuse(item, r.status, r.error);
    }
    return '';
  }

  async function refuse(item, code, error) {
    item.reason = error ? error.message : ('服务器拒绝（' + code + '）');
    if (error && error.fields) item.reason += ' ' + Object.values(error.fields).filter((v) => v.length > 12).join('；');
    await requeue(item, 'refused');
  }

  // sendOne sends one item and files the answer; it returns why syncing
  // must stop, or ''.
  async function sendOne(item) {
    let res;
    try { res = await send(item); } catch (e) { return '网络中断，稍后自动重试。'; }
    if (res.status === 401) return '登录已过期：请重新登录，待上传的记录仍保存在本机。';
    const body = await res.json().catch(() => ({}));
    if (res.ok && item.type === 'fields' && body.conflicts.length) {
      item.conflicts = body.conflicts;
      await requeue(item, 'conflict');
    } else if (res.ok) {
      await db.delete('queue', item.id);
    } else {
      await refuse(item, res.status, body.error);
    }
    return '';
  }

  // ---- screens --------------------------------------------------------
  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') e.className = v; else if (k.startsWith('on')) e.addEventListener(k.slice(2), v); else e.setAttribute(k, v);
    }
    for (const k of kids) e.append(k);
    return e;
  }
  const fmtTime = (t) => (t ? new Date(t).toLocaleString('zh-CN', { hour12: false }) : '从未');

  async function render() {
    const items = db ? await queued().catch(() => []) : [];
    $('pending').textContent = String(items.filter((i) => i.state === 'waiting').length);
    $('last-sync').textContent = fmtTime(await meta('lastSync'));
    const probs = items.filter((i) => i.state !== 'waiting');
    $('problems').hidden = probs.length === 0;
    $('problem-list').replaceChildren(...probs.map(problemItem));
    $('case-count').textContent = cases.length ? '（' + cases.length + '）' : '';
    $('cases').replaceChildren(...cases.map(caseItem));
  }

  function caseItem(c) {
    const today = visitDay();
    const due = c.next_due ? (c.next_due < today ? el('span', { class: 'overdue' }, '已逾期 ' + c.next_due) : '下次 ' + c.next_due) : '';
    const last = el('details', {}, el('summary', {}, '最近探访（' + c.visits.length + '）'),
      el('ul', {}, ...c.visits.map((v) => el('li', {}, v.on + ' ' + v.kind + ' ' + (v.services || []).join('、') + (v.findings ? '：' + v.findings : '')))));
    return el('li', { 'data-case': String(c.id) },
      el('h3', {}, c.name + ' '),
      el('p', { class: 'meta' }, [c.village, c.age ? c.age + ' 岁' : '', c.level_label].filter(Boolean).join(' · ')),
      el('p', { class: 'meta' }, '身份证 ' + (c.id_masked || '—') + ' · 电话 ' + (c.phone_masked || '—')),
      el('p', { class: 'meta' }, due),
      last,
      el('div', { class: 'actions' },
        el('button', { type: 'button', class: 'btn btn-primary', onclick: () => openVisit(c) }, '登记探访'),
        el('button', { type: 'button', class: 'btn', onclick: () => openEdit(c) }, '修改资料')));
  }

  function problemItem(item) {
    const c = cases.find((x) => x.id === (item.visit ? item.visit.beneficiary_id : item.case_id));
    const who = c ? c.name : '个案 ' + (item.visit ? item.visit.beneficiary_id : item.case_id);
    if (item.state === 'conflict') return conflictItem(item, who);
    const what = item.type === 'visit' ? who + ' ' + item.visit.on + ' 的探访' : who + ' 的资料修改';
    return el('li', { class: 'conflict' },
      el('p', {}, el('strong', {}, what + '未能上传：'), ' ' + (item.reason || '')),
      el('div', { class: 'actions' },
        el('button', { type: 'button', class: 'btn', onclick: async () => { await requeue(item, 'waiting'); await sync(); } }, '再次上传'),
        el('button', { type: 'button', class: 'btn', onclick: async () => {
          if (confirm('放弃这条记录？放弃后无法恢复。')) { await db.delete('queue', item.id); render(); }
        } }, '放弃此记录')));
  }

  const fieldNames = { address: '住址', disability: '残疾类别等级' };
  function conflictItem(item, who) {
    const form = el('form', { class: 'offline-form' });
    form.append(el('p', {}, el('strong', {}, who + ' 的资料在服务器上已被他人修改，请逐项选择保留哪个值：')));
    for (const cf of item.conflicts) {
      const name = 'pick-' + item.id + '-' + cf.field;
      form.append(el('fieldset', {}, el('legend', {}, fieldNames[cf.field] || cf.field),
        el('label', {}, el('input', { type: 'radio', name, value: 'mine', checked: '' }), '我的：' + (cf.mine || '（空）')),
        el('label', {}, el('input', { type: 'radio', name, value: 'theirs' }), '服务器上的：' + (cf.theirs || '（空）'))));
    }
    form.append(el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'btn btn-primary' }, '确定')));
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      const base = {}, set = {};
      for (const cf of item.conflicts) {
        if (form.elements['pick-' + item.id + '-' + cf.field].value === 'mine') { base[cf.field] = cf.theirs; set[cf.field] = cf.mine; }
      }
      await db.delete('queue', item.id);
      if (Object.keys(set).length) await enqueue({ type: 'fields', case_id: item.case_id, base, set });
      await sync();
      render();
    });
    return el('li', { class: 'conflict' }, form);
  }

  function localDay(skew) {
    const d = new Date(Date.now() + skew - new Date().getTimezoneOffset() * 60000);
    return d.toISOString().slice(0, 10);
  }
  const visitDay = () => localDay(bundleMeta.skew || 0);

  let current = null;
  function openVisit(c) {
    current = c;
    $('visit-name').textContent = c.name;
    $('visit-on').value = visitDay();
    $('visit-kind').replaceChildren(...bundleMeta.kinds.map((k) => el('option', { value: k.kind }, k.label)));
    $('visit-services').replaceChildren(...bundleMeta.services.map((s, i) =>
      el('label', { for: 'svc-' + i }, el('input', { type: 'checkbox', id: 'svc-' + i, name: 'services', value: s }), s)));
    $('visit-findings').value = '';
    $('visit-error').textContent = '';
    $('visit-form').hidden = false;
    $('visit-on').focus();
  }
  function openEdit(c) {
    current = c;
    $('edit-name').textContent = c.name;
    $('edit-address').value = c.address || '';
    $('edit-disability').value = c.disability || '';
    $('edit-form').hidden = false;
    $('edit-address').focus();
  }

  $('visit').addEventListener('submit', async (e) => {
    e.preventDefault();
    const f = e.target;
    const services = [...f.querySelectorAll('input[name=services]:checked')].map((i) => i.value);
    const findings = $('visit-findings').value.trim();
    if (!services.length && !findings) { $('visit-error').textContent = '请至少勾选一项服务或填写情况记录'; return; }
    await enqueue({ type: 'visit', visit: { beneficiary_id: current.id, on: $('visit-on').value, kind: $('visit-kind').value, services, findings, next_due: '' } });
    $('visit-form').hidden = true;
    status('已保存 ' + current.name + ' 的探访' + (navigator.onLine ? '，正在上传……' : '，联网后自动上传。'));
    await render();
    sync();
  });
  $('visit-cancel').addEventListener('click', () => { $('visit-form').hidden = true; });
  $('edit').addEventListener('submit', async (e) => {
    e.preventDefault();
    const set = {}, base = {};
    for (const f of ['address', 'disability']) {
      const v = $('edit-' + f).value.trim();
      if (v !== (current[f] || '')) { set[f] = v; base[f] = current[f] || ''; }
    }
    $('edit-form').hidden = true;
    if (!Object.keys(set).length) return;
    await enqueue({ type: 'fields', case_id: current.id, base, set });
    await render();
    sync();
  });
  $('edit-cancel').addEventListener('click', () => { $('edit-form').hidden = true; });
  $('sync-now').addEventListener('click', () => sync());

  window.addEventListener('online', () => { status('网络已恢复，正在上传……'); sync(); });
  window.addEventListener('offline', () => status('当前离线：探访记录保存在本机，联网后自动上传。'));
  let lastTouch = 0;
  for (const ev of ['click', 'keydown', 'touchstart']) {
    document.addEventListener(ev, () => { if (db && Date.now() - lastTouch > 10000) { lastTouch = Date.now(); touch(); } }, { passive: true });
  }
  // Logging out deletes everything on this phone: say so when visits wait.
  for (const f of document.querySelectorAll('form[action="/logout"]')) {
    f.addEventListener('submit', (e) => {
      if (Number($('pending').textContent) > 0 && !confirm('还有 ' + $('pending').textContent + ' 条探访未上传，退出登录会把它们从本机删除。确定退出？')) e.preventDefault();
    });
  }

  if ('serviceWorker' in navigator) navigator.serviceWorker.register('/offline/sw.js', { scope: '/offline/' }).catch(() => {});
  load().catch((e) => status('离线功能出错：' + e.message, true));
})();
