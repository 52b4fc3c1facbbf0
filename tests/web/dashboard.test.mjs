// The 指挥大屏 and workbench at / (web/), in a real chromium against a real `gridgate serve` on the
// demo street (issue 14): figures that match the API, a ticket that appears live after a OneBot
// event without a reload, acting on a ticket, composing a notice and approving it with another
// token, the phone layout, and the page saying so when the live connection is lost.
// A failing test leaves a screenshot in $GRIDGATE_WEB_FAILURES (default: <tmp>/gridgate-web-failures).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DESKTOP, PHONE, horizontalOverflow, launchBrowser, openPage, screenshot, startGateway } from './harness.mjs';

const BIG_SCREEN = { ...DESKTOP, viewport: { width: 1920, height: 1080 } };
const FAILURES = process.env.GRIDGATE_WEB_FAILURES || path.join(os.tmpdir(), 'gridgate-web-failures');
const ELEVEN_DIGITS = /(?<!\d)1\d{10}(?!\d)/;

let gw;
let browser;
let admin;
let street;
let seq = 0;

before(async () => {
  gw = await startGateway();
  browser = await launchBrowser();
  admin = await gw.token({ role: 'admin', name: '指挥中心' });
  street = await gw.token({ role: 'street', name: '街道审核' });
});

after(async () => {
  await browser?.close();
  await gw?.stop();
});

// Runs body with a fresh page; on failure saves a screenshot first, then rethrows.
// expected: console errors the test causes on purpose (a stopped server).
async function withPage(name, device, body, expected = null) {
  const opened = await openPage(browser, device);
  try {
    await body(opened);
    assert.deepEqual(opened.errors.filter((e) => !(expected && expected.test(e))), [], 'no console or page errors');
  } catch (e) {
    fs.mkdirSync(FAILURES, { recursive: true });
    const file = path.join(FAILURES, `dashboard-${name}.png`);
    await opened.page.screenshot({ path: file, fullPage: true }).catch(() => {});
    e.message += `\n(screenshot: ${file})`;
    throw e;
  } finally {
    await opened.context.close();
  }
}

// Opens the dashboard logged in by the one-click link and waits until the stream is live.
async function openDashboard(page, token = admin) {
  const res = await page.goto(`${gw.url}/#token=${encodeURIComponent(token)}`, { waitUntil: 'load' });
  assert.equal(res.status(), 200);
  await page.waitForFunction(() => window.gridgate?.live === true && window.gridgate.refreshes > 0, null, { timeout: 10000 });
}

// A signed-off OneBot group message (the demo sets no OneBot secret) from a resident.
async function groupMessage(text, group = 81000101) {
  const id = 900000 + ++seq;
  const r = await gw.api('/hooks/onebot', {
    body: {
      post_type: 'message', message_type: 'group', sub_type: 'normal', time: Math.floor(Date.now() / 1000),
      self_id: 10001, group_id: group, user_id: 3900100 + seq, message_id: id, message: text, raw_message: text,
      font: 0, sender: { user_id: 3900100 + seq, nickname: `居民${seq}` },
    },
  });
  assert.ok(r.status < 300, `hook answered ${r.status}: ${r.text}`);
  const list = await gw.api('/api/tickets?limit=5', { token: admin });
  return list.json.items[0];
}

test('the big screen shows the API figures, the board and the one-click login leaves the address bar', async () => {
  await groupMessage('3号楼楼道的灯坏了好几天了，晚上黑漆漆的');
  await withPage('figures', BIG_SCREEN, async ({ page }) => {
    await openDashboard(page);
    assert.equal(new URL(page.url()).hash, '', 'the token is taken out of the URL');
    const stats = (await gw.api('/api/stats?by=street', { token: admin })).json.totals;
    const received = await page.textContent('[data-figure=received] .v');
    assert.equal(Number(received), stats.received);
    // A rate over nothing is a dash, never 100% or 0% of nothing.
    if (stats.rated === 0) assert.equal((await page.textContent('[data-figure=satisfaction] .v')).trim(), '—');
    assert.match(await page.textContent('#street'), /滨河街道/);
    const grids = (await gw.api('/api/org', { token: admin })).json.communities.flatMap((c) => c.grids);
    assert.equal(await page.locator('.tile[data-grid]').count(), grids.length, 'one tile per grid');
    assert.ok(await page.locator('#trend svg').count(), 'a trend chart');
    await screenshot(page, 'dashboard-1920');
  });
});

test('a ticket appears live after a OneBot event, without reloading the page', async () => {
  await withPage('live', BIG_SCREEN, async ({ page }) => {
    await openDashboard(page);
    const loadedAt = await page.evaluate(() => window.gridgate.loadedAt);
    const t = await groupMessage('5号楼有人煤气泄漏了，好大的味道，快来人');
    assert.equal(t.urgency, 'emergency', JSON.stringify(t));
    const row = page.locator(`#tickets tr[data-ticket="${t.id}"]`);
    await row.waitFor({ timeout: 10000 });
    assert.equal(await page.evaluate(() => window.gridgate.loadedAt), loadedAt, 'no reload');
    assert.ok((await page.evaluate(() => window.gridgate.events)) > 0, 'the stream delivered it');
    // Emergencies stand out: on top of the list, marked, and their grid's tile too.
    assert.match(await row.getAttribute('class'), /emergency/);
    assert.equal(await page.locator('#tickets tbody tr').first().getAttribute('data-ticket'), String(t.id));
    assert.ok(await page.locator(`.tile.has-emergency[data-grid="${t.grid_id}"]`).count(), 'the grid tile is marked');
  });
});

test('acting on a ticket from its view: accept, then resolve; the API agrees', async () => {
  const t = await groupMessage('2号楼楼道里堆满了杂物，消防通道都堵了');
  assert.equal(t.status, 'assigned');
  await withPage('act', BIG_SCREEN, async ({ page }) => {
    await openDashboard(page);
    await page.locator(`#tickets tr[data-ticket="${t.id}"]`).click();
    const dialog = page.locator('#ticket-dialog');
    await dialog.waitFor({ state: 'visible' });
    assert.match(await dialog.textContent(), /办理过程/);
    assert.doesNotMatch(await dialog.textContent(), ELEVEN_DIGITS, 'no phone number in clear');
    await dialog.locator('form[data-action=accept] button').click();
    await dialog.locator('form[data-action=resolve]').waitFor({ timeout: 5000 });
    assert.equal((await gw.api(`/api/tickets/${t.id}`, { token: admin })).json.status, 'accepted');
    // Resolving needs its result: an empty one is not sent.
    await dialog.locator('form[data-action=resolve] button').click();
    assert.equal((await gw.api(`/api/tickets/${t.id}`, { token: admin })).json.status, 'accepted');
    await dialog.locator('form[data-action=resolve] input').fill('已联系物业清理楼道杂物');
    await dialog.locator('form[data-action=resolve] button').click();
    await page.waitForFunction(() => document.querySelector('#ticket-body')?.textContent.includes('已办结'), null, { timeout: 5000 })
      .catch(async (e) => { throw new Error(e.message + ' act-error: ' + await page.textContent('#act-error')); });
    const after = (await gw.api(`/api/tickets/${t.id}`, { token: admin })).json;
    assert.equal(after.status, 'resolved');
    assert.equal(after.resolution, '已联系物业清理楼道杂物');
  });
});

test('a notice composed on the page waits for approval and another token approves it', async () => {
  const title = `冬季供暖试水通知${Date.now() % 1000}`;
  await withPage('compose', BIG_SCREEN, async ({ page }) => {
    await openDashboard(page);
    await page.click('#compose-open');
    const form = page.locator('#compose');
    await form.locator('[name=title]').fill(title);
    await form.locator('[name=body]').fill('本周六起供暖试水，请家中留人，发现漏水请联系网格员{worker_name}。');
    await form.locator('[name=mention_all]').check();
    await form.locator('button[type=submit]').click();
    await page.locator(`#notices li:has-text("${title}")`).waitFor({ timeout: 10000 });
    assert.match(await page.locator(`#notices li:has-text("${title}")`).textContent(), /待审核/);
  });
  const mine = (await gw.api('/api/notices', { token: admin })).json.notices.find((n) => n.title === title);
  assert.equal(mine.status, 'pending_approval');
  await withPage('approve', BIG_SCREEN, async ({ page }) => {
    await openDashboard(page, street);
    const item = page.locator(`#notices li:has-text("${title}")`);
    await item.locator('button[data-approve]').click();
    await page.waitForFunction((t) => [...document.querySelectorAll('#notices li')].some(
      (li) => li.textContent.includes(t) && !li.textContent.includes('待审核')), title, { timeout: 10000 });
    // Its delivery, group by group.
    await item.locator('button[data-notice]').click();
    const rows = page.locator('#notice-dialog tbody tr');
    await rows.first().waitFor({ timeout: 10000 });
    const approved = (await gw.api(`/api/notices/${mine.id}`, { token: admin })).json;
    assert.equal(await rows.count(), approved.deliveries.length);
  });
  const approved = (await gw.api(`/api/notices/${mine.id}`, { token: admin })).json;
  assert.notEqual(approved.status, 'pending_approval');
  assert.ok(approved.target_groups > 0);
});

test('on a phone: one column, no sideways scrolling, the ticket view fits', async () => {
  await withPage('phone', PHONE, async ({ page }) => {
    await openDashboard(page);
    const o = await horizontalOverflow(page);
    assert.ok(o.scrollWidth <= PHONE.viewport.width, `overflow ${o.scrollWidth}: ${o.elements.join(', ')}`);
    await screenshot(page, 'dashboard-phone');
    await page.locator('#tickets tr[data-ticket]').first().click();
    await page.locator('#ticket-dialog').waitFor({ state: 'visible' });
    const box = await page.locator('#ticket-dialog').boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= PHONE.viewport.width + 0.5, `dialog ${JSON.stringify(box)}`);
  });
});

test('the page says so when the live connection is lost', async () => {
  await withPage('lost', BIG_SCREEN, async ({ page }) => {
    await openDashboard(page);
    await gw.stop();
    await page.waitForFunction(() => window.gridgate.live === false, null, { timeout: 10000 });
    assert.match(await page.textContent('#live'), /断开/);
    assert.equal(await page.locator('#banner').isVisible(), true);
  }, /Failed to load resource: net::ERR_(CONNECTION_REFUSED|INCOMPLETE_CHUNKED_ENCODING) \(http:\/\/127\.0\.0\.1:\d+\/api\/events/);
});
