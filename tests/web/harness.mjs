// The browser-test harness: a real `gridgate serve` on a free loopback port with a fresh
// database, and Debian's chromium driven by playwright-core. Every page test (the resident page
// /r/{grid}, the dashboard /) builds on these few functions:
//
//   const gw = await startGateway();            // gw.url, gw.token({role}), gw.api(path, …), gw.stop()
//   const browser = await launchBrowser();
//   const { page, errors } = await openPage(browser, PHONE);   // errors: console errors + page errors
//
// Never a browser download: playwright-core drives /usr/bin/chromium (package chromium), or
// $GRIDGATE_CHROMIUM. The gateway binary is $GRIDGATE_BIN (ctest sets it), else build/app/gridgate.
import { spawn, execFile } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { chromium } from 'playwright-core';

export const SOURCE_DIR =
  process.env.GRIDGATE_SOURCE_DIR || path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const GRIDGATE_BIN = process.env.GRIDGATE_BIN || path.join(SOURCE_DIR, 'build/app/gridgate');
export const CHROMIUM = process.env.GRIDGATE_CHROMIUM || '/usr/bin/chromium';
export const DEMO_CONFIG = path.join(SOURCE_DIR, 'config/demo');

// A phone: a 360 px wide Android screen (the narrowest common width in the street's residents'
// hands), touch, Chinese locale and China time.
export const PHONE = {
  viewport: { width: 360, height: 740 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
  userAgent:
    'Mozilla/5.0 (Linux; Android 13; Redmi Note 12) AppleWebKit/537.36 (KHTML, like Gecko) ' +
    'Chrome/156.0.0.0 Mobile Safari/537.36',
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
};
// A command-centre screen, for the dashboard tests.
export const DESKTOP = {
  viewport: { width: 1366, height: 768 },
  locale: 'zh-CN',
  timezoneId: 'Asia/Shanghai',
};

const run = promisify(execFile);

// A port nobody listens on now (the kernel picks it; closed again before the gateway binds it).
export async function freePort() {
  const srv = net.createServer();
  srv.listen(0, '127.0.0.1');
  await once(srv, 'listening');
  const { port } = srv.address();
  srv.close();
  await once(srv, 'close');
  return port;
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Starts `gridgate serve` on config (default: the demo street) with a database in a new temp
// directory, which is also its working directory (the hotline spool, var/, lands there), and
// waits until /healthz answers. Resolves to a handle; stop() ends the server (SIGTERM, then
// SIGKILL after 5 s) and removes the directory.
//
// settings: top-level keys to add to the demo's gridgate.json (keys the demo file does not have,
// e.g. {notices: {quiet_hours: false}} so a test's notices go out whatever the hour in China):
// the demo's config/ tree is then copied into the temp directory and served from there.
export async function startGateway({ config = DEMO_CONFIG, env = {}, settings = null, readyTimeoutMs = 15000 } = {}) {
  if (!fs.existsSync(GRIDGATE_BIN)) throw new Error(`no gridgate binary at ${GRIDGATE_BIN} (build the gridgate target)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gridgate-web-'));
  if (settings) config = withSettings(dir, config, settings);
  const db = path.join(dir, 'gridgate.db');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const logPath = path.join(dir, 'serve.log');
  const logFd = fs.openSync(logPath, 'a');
  const child = spawn(GRIDGATE_BIN, ['serve', '--config', config, '--db', db, '--listen', `127.0.0.1:${port}`], {
    cwd: dir,
    env: { ...process.env, ...env },
    stdio: ['ignore', logFd, logFd],
  });
  fs.closeSync(logFd);
  let exited = null;
  const exit = once(child, 'exit').then(([code, signal]) => (exited = { code, signal }));
  // Never left running: a test process that dies (an uncaught error, ctest's timeout) takes it along.
  const killOnExit = () => exited || child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const gw = {
    url,
    port,
    dir,
    db,
    config,
    log: () => fs.readFileSync(logPath, 'utf8'),
    // A bearer token of a role (admin, street, community, grid, department), made by the CLI.
    async token({ role = 'admin', scope, name = 'web test' } = {}) {
      const args = ['token', 'create', '--role', role, '--name', name, '--config', config, '--db', db];
      if (scope) args.push('--scope', scope);
      const { stdout } = await run(GRIDGATE_BIN, args, { cwd: dir });
      return stdout.trim();
    },
    // fetch() against the gateway; a token adds the Authorization header, a body is sent as JSON.
    async api(pathname, { token, method, body } = {}) {
      const headers = {};
      if (token) headers.Authorization = `Bearer ${token}`;
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      const res = await fetch(url + pathname, {
        method: method || (body === undefined ? 'GET' : 'POST'),
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      let json = null;
      try {
        json = JSON.parse(text);
      } catch {}
      return { status: res.status, json, text };
    },
    async stop() {
      if (!exited) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exit;
        clearTimeout(timer);
      }
      process.removeListener('exit', killOnExit);
      if (!process.env.GRIDGATE_KEEP_TMP) fs.rmSync(dir, { recursive: true, force: true });
      return exited;
    },
  };

  const deadline = Date.now() + readyTimeoutMs;
  for (;;) {
    if (exited) throw new Error(`gridgate serve exited (${JSON.stringify(exited)}) before it was ready:\n${gw.log()}`);
    try {
      const res = await fetch(url + '/healthz');
      await res.text();
      if (res.status === 200) break;
    } catch {}
    if (Date.now() > deadline) {
      await gw.stop();
      throw new Error(`gridgate serve not ready on ${url} after ${readyTimeoutMs} ms:\n${gw.log()}`);
    }
    await sleep(100);
  }
  return gw;
}

// Copies the config tree holding `config` (its parent: the rule packs sit next to it) into dir
// and adds the keys of `settings` at the top of its gridgate.json (a JSON-with-comments file, so
// the keys are written in, not parsed and re-serialised). Returns the copy's config directory.
function withSettings(dir, config, settings) {
  const tree = path.dirname(config);
  const copy = path.join(dir, 'config');
  fs.cpSync(tree, copy, { recursive: true });
  const target = path.join(copy, path.basename(config), 'gridgate.json');
  const text = fs.readFileSync(target, 'utf8');
  const open = text.search(/^\{/m);
  if (open < 0) throw new Error(`${target}: no top-level object`);
  const keys = Object.entries(settings).map(([k, v]) => {
    if (new RegExp(`^\\s*"${k}"\\s*:`, 'm').test(text)) throw new Error(`${target} already has "${k}"`);
    return `  ${JSON.stringify(k)}: ${JSON.stringify(v)},\n`;
  }).join('');
  fs.writeFileSync(target, text.slice(0, open + 2) + keys + text.slice(open + 2));
  return path.join(copy, path.basename(config));
}

// Headless Debian chromium. The flags keep it off the network (this machine and CI have none
// but loopback): no background requests, component updates, sync or QUIC. As root chromium's
// sandbox cannot start, so --no-sandbox then.
export async function launchBrowser({ args = [] } = {}) {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no chromium at ${CHROMIUM} (scripts/install-deps.sh installs it)`);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    chromiumSandbox: !isRoot,
    args: [
      ...(isRoot ? ['--no-sandbox'] : []),
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      ...args,
    ],
  });
}

// A new context (own cookies and storage) and page with device settings (PHONE, DESKTOP or
// any playwright context options). `errors` collects every console error and uncaught page
// error, so a test can assert there were none.
export async function openPage(browser, device = PHONE) {
  const context = await browser.newContext(device);
  const page = await context.newPage();
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const where = msg.location().url || '';
    errors.push(`console: ${msg.text()} (${where || 'page'})`);
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.message}`));
  page.on('crash', () => errors.push('page crashed'));
  return { context, page, errors };
}

// The accessibility tree chromium builds for the page (what a screen reader is told), through
// the DevTools protocol: [{role, name, ignored}] of every node.
export async function accessibilityNodes(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { nodes } = await cdp.send('Accessibility.getFullAXTree');
    return nodes.map((n) => ({
      role: n.role?.value ?? '',
      name: n.name?.value ?? '',
      ignored: !!n.ignored,
      backendDOMNodeId: n.backendDOMNodeId,
    }));
  } finally {
    await cdp.detach();
  }
}

// How far the page is wider than its viewport (0 = no horizontal scrolling), with the widest
// offending elements for the failure message.
export async function horizontalOverflow(page) {
  return page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const over = [];
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width > 0 && (r.right > vw + 0.5 || r.left < -0.5)) {
        over.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} [${Math.round(r.left)}, ${Math.round(r.right)}]`);
      }
    }
    return {
      viewport: vw,
      scrollWidth: document.documentElement.scrollWidth,
      bodyScrollWidth: document.body.scrollWidth,
      elements: over.slice(0, 10),
    };
  });
}

// With GRIDGATE_WEB_SHOTS=DIR set, a full-page PNG of page as DIR/name.png (to look at what a
// test saw); otherwise nothing.
export async function screenshot(page, name) {
  const dir = process.env.GRIDGATE_WEB_SHOTS;
  if (!dir) return;
  fs.mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`), fullPage: true });
}
