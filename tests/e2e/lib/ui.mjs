// Page helpers shared by the browser tests.
import assert from 'node:assert/strict';

export async function login(page, baseUrl, user) {
  await page.goto(`${baseUrl}#/login`);
  await page.waitForSelector('#login-username');
  await page.fill('#login-username', user.username);
  await page.fill('#login-password', user.password);
  await page.click('.login-form button[type=submit]');
  await page.waitForSelector('.shell .topbar');
}

export async function logout(page) {
  await page.click('.logout-btn');
  await page.waitForSelector('#login-username');
}

// Waits until the list in `.results` has finished loading (rows, empty or error).
export async function waitForList(page) {
  await page.waitForFunction(() => {
    const r = document.querySelector('.results');
    return r && ['ready', 'empty', 'error'].includes(r.dataset.state);
  });
  const state = await page.getAttribute('.results', 'data-state');
  if (state === 'error') {
    const text = await page.textContent('.results');
    assert.fail(`list failed to load: ${text}`);
  }
  return state;
}

// Waits until the list shows the result for a hash query containing `expected` ({key: value}).
export async function waitForListQuery(page, expected) {
  await page.waitForFunction((exp) => {
    const r = document.querySelector('.results');
    if (!r || !['ready', 'empty', 'error'].includes(r.dataset.state)) return false;
    const q = new URLSearchParams(r.dataset.query || '');
    return Object.entries(exp).every(([k, v]) => (q.get(k) || '') === v);
  }, expected);
  return waitForList(page);
}

export async function tableRows(page, scope = '.results') {
  return page.$$eval(`${scope} .data-table tbody tr`, (trs) => trs.map((tr) => ({
    href: tr.dataset.href,
    cells: [...tr.querySelectorAll('td')].map((td) => td.textContent.trim()),
  })));
}

// Same-origin API call with the page's session cookie.
export async function apiGet(page, path) {
  return page.evaluate(async (p) => {
    const res = await fetch(`/api/v1${p}`, { headers: { Accept: 'application/json' } });
    return { status: res.status, body: res.status === 204 ? null : await res.json().catch(() => null) };
  }, path);
}
