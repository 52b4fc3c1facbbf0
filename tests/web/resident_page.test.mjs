// The resident page GET /r/{grid} (server/resident_page.cc) on a phone: what a resident who
// scanned the grid's QR code sees and can do, in a real chromium against a real gateway on the
// demo street (issue 13).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  DEMO_CONFIG, PHONE, accessibilityNodes, horizontalOverflow, launchBrowser, openPage, screenshot, startGateway,
} from './harness.mjs';

const GRID = 'binhe-01';
// Any run of 11 digits is a personal number the page must not show (a masked one is 139****1101).
const ELEVEN_DIGITS = /(?<!\d)\d{11}(?!\d)/;
// A tracking code as the gateway writes it: 16 of 32 letters and digits (no 0, 1, I, O).
const TRACKING_CODE = /[2-9A-HJ-NP-Z]{16}/;
// Elements the markup in the tests would make if it were not escaped (the page has none).
const INJECTED = 'img, iframe, svg, object, embed, #xss, #xss-b';

let gw;
let browser;
let admin;
let grid;        // the grid as the API gives it (phones masked)
let community;   // its community
let rawPhones;   // every phone in the grid's community file, unmasked

before(async () => {
  // Quiet hours (22:00-07:00 China time) would hold the test's notice back at night.
  gw = await startGateway({ settings: { notices: { quiet_hours: false } } });
  browser = await launchBrowser();
  admin = await gw.token({ role: 'admin' });
  const org = await gw.api('/api/org', { token: admin });
  assert.equal(org.status, 200, org.text);
  community = org.json.communities.find((c) => c.grids.some((g) => g.id === GRID));
  grid = community.grids.find((g) => g.id === GRID);
  const file = fs.readFileSync(path.join(DEMO_CONFIG, 'communities', `${community.id}.json`), 'utf8');
  rawPhones = [...file.matchAll(/"(?:phone|mobile)":\s*"(\d{11})"/g)].map((m) => m[1]);
  assert.ok(rawPhones.length > 0, 'the demo community file names phones');
});

after(async () => {
  await browser?.close();
  const exit = await gw?.stop();
  // A clean shutdown on SIGTERM, not a crash.
  if (exit) assert.equal(exit.code, 0, `gridgate serve exit ${JSON.stringify(exit)}`);
});

// Opens the grid's page on a phone and waits until it is loaded.
async function openResidentPage() {
  const opened = await openPage(browser, PHONE);
  const res = await opened.page.goto(`${gw.url}/r/${GRID}`, { waitUntil: 'load' });
  assert.equal(res.status(), 200);
  return opened;
}

async function assertNoOverflow(page, when) {
  const o = await horizontalOverflow(page);
  assert.equal(o.viewport, PHONE.viewport.width, `layout viewport ${when}`);
  assert.ok(o.scrollWidth <= PHONE.viewport.width,
    `horizontal overflow ${when}: scrollWidth ${o.scrollWidth} > ${PHONE.viewport.width}; ${o.elements.join(', ')}`);
  assert.deepEqual(o.elements, [], `elements past the right edge ${when}`);
}

// Submits the report form as a resident would (by the labels), returns the tracking code shown.
async function report(page, { text, place }) {
  await page.getByLabel(/问题描述/).fill(text);
  if (place !== undefined) await page.getByLabel(/地点或楼栋/).fill(place);
  await page.getByRole('button', { name: '提交', exact: true }).click();
  const out = page.locator('#report-out');
  await out.filter({ hasText: /查询码/ }).waitFor({ timeout: 10000 });
  const shown = await out.innerText();
  const code = shown.match(new RegExp(`查询码：(${TRACKING_CODE.source})`));
  assert.ok(code, `no tracking code in the report answer: ${shown}`);
  return { code: code[1], shown };
}

describe(`resident page /r/${GRID} on a ${PHONE.viewport.width}x${PHONE.viewport.height} phone`, () => {
  test('shows the grid, its community, the worker with a masked phone and the notices in force', async () => {
    const { page, context, errors } = await openResidentPage();
    assert.match(await page.title(), new RegExp(grid.name));
    const banner = page.getByRole('banner');
    assert.match(await banner.getByRole('heading', { level: 1 }).innerText(), new RegExp(grid.name));
    const header = await banner.innerText();
    assert.match(header, new RegExp(`所属社区：${community.name}`));

    // The worker on duty, by name, with the phone masked as the API masks it.
    const worker = grid.workers.find((w) => header.includes(w.name));
    assert.ok(worker, `no worker of ${GRID} named in the header: ${header}`);
    assert.match(worker.phone, /^\d{3}\*{4}\d{4}$/);
    assert.ok(header.includes(worker.phone), `masked phone ${worker.phone} not in: ${header}`);

    // No full number anywhere: neither in what is shown nor in the HTML (data attributes, script).
    const html = await page.content();
    const body = await page.locator('body').innerText();
    assert.doesNotMatch(body, ELEVEN_DIGITS, 'an 11-digit number is shown');
    assert.doesNotMatch(html, ELEVEN_DIGITS, 'an 11-digit number is in the HTML');
    for (const p of rawPhones) assert.ok(!html.includes(p), `phone ${p} is on the page`);

    // The demo's notices in force for this grid: the urgent water cut (binhe-01 only) and the
    // street-wide insurance campaign (until 2026-12-25).
    const notices = page.getByRole('region', { name: '网格公告' }).locator('article');
    const titles = await notices.locator('h3').allInnerTexts();
    assert.ok(titles.includes('滨悦新城临时停水通知'), `notices: ${titles}`);
    if (Date.now() < Date.parse('2026-12-25T23:59:59+08:00')) {
      assert.ok(titles.includes('2027年度城乡居民医疗保险缴费'), `notices: ${titles}`);
    }
    assert.equal(await page.locator('article.notice.urgent h3').first().innerText(), '滨悦新城临时停水通知');
    // The notice text names the worker's phone: masked there too.
    assert.match(await notices.filter({ hasText: '停水' }).innerText(), /\d{3}\*{4}\d{4}/);

    await assertNoOverflow(page, 'on load');
    await screenshot(page, 'resident-page');
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('every form control has a label and an accessible name', async () => {
    const { page, context, errors } = await openResidentPage();
    // In the DOM, hidden ones (the rating form until a ticket can be rated) included.
    const unlabelled = await page.evaluate(() => {
      const bad = [];
      for (const el of document.querySelectorAll('input, textarea, select')) {
        const text = [...(el.labels || [])].map((l) => l.textContent.trim()).join(' ');
        if (!text && !el.getAttribute('aria-label')) bad.push(el.id || el.name || el.outerHTML);
      }
      for (const el of document.querySelectorAll('button')) {
        if (!el.textContent.trim() && !el.getAttribute('aria-label')) bad.push(el.outerHTML);
      }
      return bad;
    });
    assert.deepEqual(unlabelled, [], 'controls without a label');

    // In chromium's accessibility tree: every visible control has a name a screen reader reads.
    const nodes = (await accessibilityNodes(page)).filter((n) => !n.ignored);
    const controls = nodes.filter((n) => ['textbox', 'button', 'combobox', 'spinbutton', 'checkbox'].includes(n.role));
    assert.ok(controls.length >= 5, `controls: ${JSON.stringify(controls)}`);
    assert.deepEqual(controls.filter((n) => !n.name.trim()), [], 'controls without an accessible name');
    // The ones the resident uses, found by their names as a screen reader user would.
    for (const [role, name] of [['textbox', /问题描述/], ['textbox', /地点或楼栋/], ['textbox', /手机号/],
      ['textbox', /查询码/], ['button', /^提交$/], ['button', /^查询$/]]) {
      assert.equal(await page.getByRole(role, { name }).count(), 1, `${role} ${name}`);
    }
    // Landmarks: the header, the main area and one region per section.
    for (const name of ['网格公告', '我要反映问题', '查询办理进度']) {
      assert.equal(await page.getByRole('region', { name }).count(), 1, `region ${name}`);
    }
    assert.equal(await page.getByRole('main').count(), 1);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test('a report makes a ticket, shows its tracking code, and tracking it shows the status', async () => {
    const { page, context, errors } = await openResidentPage();
    const { code, shown } = await report(page, { text: '3号楼楼道灯坏了好几天了，晚上很黑', place: '滨悦新城' });
    assert.match(shown, /已受理，工单\d+/);
    const ticket = Number(shown.match(/已受理，工单(\d+)/)[1]);
    // The code is put into the tracking form for the resident.
    assert.equal(await page.getByLabel('查询码').inputValue(), code);

    // A real ticket behind it, in the grid it was reported in.
    const t = await gw.api(`/api/tickets/${ticket}`, { token: admin });
    assert.equal(t.status, 200, t.text);
    assert.equal(t.json.grid_id ?? t.json.ticket?.grid_id, GRID, t.text);

    await page.getByRole('button', { name: '查询', exact: true }).click();
    const out = page.locator('#track-out');
    await out.filter({ hasText: '状态：' }).waitFor({ timeout: 10000 });
    const view = (await gw.api(`/api/public/tickets/${code}`)).json;
    const tracked = await out.innerText();
    assert.match(tracked, new RegExp(`状态：${view.status_text}`));
    assert.match(tracked, new RegExp(`办理层级：${view.level_text}`));
    assert.ok(['待派发', '待接单', '办理中'].includes(view.status_text), view.status_text);
    assert.ok(await out.locator('ol li').count() >= 1, 'a timeline');
    assert.match(await out.locator('ol li').first().innerText(), /问题已受理/);
    // Only a resolved ticket can be rated: the rating form stays hidden.
    assert.equal(await page.locator('#rate').isVisible(), false);
    await assertNoOverflow(page, 'after reporting and tracking');
    await screenshot(page, 'resident-page-tracked');
    assert.doesNotMatch(await page.locator('body').innerText(), ELEVEN_DIGITS);
    assert.deepEqual(errors, []);
    await context.close();

    // Later, on another visit: the resident types the code (in lower case, as phones do).
    const again = await openResidentPage();
    await again.page.getByLabel('查询码').fill(code.toLowerCase());
    await again.page.getByLabel('查询码').press('Enter');
    await again.page.locator('#track-out').filter({ hasText: '状态：' }).waitFor({ timeout: 10000 });
    assert.match(await again.page.locator('#track-out').innerText(), new RegExp(`状态：${view.status_text}`));
    assert.deepEqual(again.errors, []);
    await again.context.close();
  });

  test('markup typed by a resident or put in a notice is shown as text, never run', async () => {
    // A notice whose title and text carry markup, through the API, for this grid only.
    const marked = '<img src=x onerror="window.__xss=1"><b id="xss">停电</b>';
    const created = await gw.api('/api/notices', {
      token: admin,
      body: {
        title: `${marked}通知`,
        body: '<script>window.__xss=2</script>明晚检修线路，联系13912345678',
        target: { grids: [GRID] },
        deadline: '+1d 18:00',
      },
    });
    assert.equal(created.status, 201, created.text);

    // The notice is in force once the gateway starts sending it (its worker ticks every second).
    const { page, context, errors } = await openPage(browser, PHONE);
    const deadline = Date.now() + 10000;
    for (;;) {
      await page.goto(`${gw.url}/r/${GRID}`, { waitUntil: 'load' });
      if (await page.locator('article.notice h3', { hasText: '停电' }).count()) break;
      assert.ok(Date.now() < deadline, 'the notice never came into force');
      await page.waitForTimeout(300);
    }
    const notice = page.locator('article.notice', { hasText: '停电' });
    assert.equal(await notice.locator('h3').innerText(), `${marked}通知`);
    assert.match(await notice.locator('p').innerText(), /^<script>window.__xss=2<\/script>明晚检修线路/);
    assert.match(await notice.locator('p').innerText(), /139\*{4}5678/);

    // A report whose text and place carry markup.
    await report(page, {
      text: '<img src=x onerror="window.__xss=3">楼下垃圾好几天没人清运，臭得很<script>window.__xss=4</script>',
      place: '<b id="xss-b">滨悦新城</b>',
    });
    // The answer is plain text: no element inside it.
    assert.equal(await page.locator('#report-out').evaluate((el) => el.childElementCount), 0);

    assert.equal(await page.locator(INJECTED).count(), 0, 'markup became elements');
    assert.equal(await page.evaluate(() => document.scripts.length), 1, 'only the page\'s own script');
    assert.equal(await page.evaluate(() => window.__xss), undefined, 'injected script ran');
    await assertNoOverflow(page, 'with the markup notice');
    assert.deepEqual(errors, []);
    await context.close();
  });
});
