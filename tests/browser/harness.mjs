// What the browser scripts (scorm12.mjs, axe.mjs) share: a local static server, headless Chromium, pages whose
// errors are collected, and a watchdog that ends a run which hangs.
import { readFile, stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

// Content-Type by file extension; anything else is served as application/octet-stream.
export const TYPES = {
  '.html': 'text/html; charset=utf-8', '.htm': 'text/html; charset=utf-8', '.xhtml': 'application/xhtml+xml',
  '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.xml': 'application/xml', '.xsd': 'application/xml', '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp',
  '.svg': 'image/svg+xml', '.ico': 'image/x-icon', '.woff': 'font/woff', '.woff2': 'font/woff2', '.otf': 'font/otf',
  '.ttf': 'font/ttf',
};

// Serve `root` on an ephemeral 127.0.0.1 port, plus `routes`: {'/path': (url) => {type, body}, or a promise of it}.
// Resolves to the server.
export async function serve(root, routes = {}) {
  const base = path.resolve(root);
  const server = http.createServer(async (request, response) => {
    const send = (code, type, body) => {
      response.writeHead(code, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      response.end(body);
    };
    try {
      const url = new URL(request.url, 'http://127.0.0.1');
      // The script's own paths (a launcher page, a library) come before the files, and are never looked up on disk.
      if (Object.hasOwn(routes, url.pathname)) {
        const { type, body } = await routes[url.pathname](url);
        return send(200, type, body);
      }
      // Safe join: the decoded path must stay inside root.
      const file = path.resolve(base, '.' + path.posix.normalize(decodeURIComponent(url.pathname)));
      if (file !== base && !file.startsWith(base + path.sep)) {
        return send(403, 'text/plain', 'forbidden');
      }
      if (!(await stat(file).catch(() => null))?.isFile()) {
        // Chromium asks for /favicon.ico by itself; its absence is not the fault of the files under test.
        return url.pathname === '/favicon.ico' ? send(204, 'image/x-icon', '') : send(404, 'text/plain', 'not found');
      }
      return send(200, TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream', await readFile(file));
    } catch (error) {
      return send(500, 'text/plain', String(error));
    }
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  return server;
}

// Headless Chromium from the executable `chromium`, with nothing running in the background.
export function launch(chromium) {
  return puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--no-first-run'],
  });
}

// A new page whose page errors and console errors, from any of its frames, are pushed onto `errors`;
// `timeout` is its default wait in ms, and a console error from a URL for which `ignore(url)` is true is left out.
export async function watchedPage(browser, errors, { timeout = 15_000, ignore = () => false } = {}) {
  const page = await browser.newPage();
  page.setDefaultTimeout(timeout);
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    const url = message.location()?.url || 'no url';
    if (message.type() === 'error' && !ignore(url)) {
      errors.push(`console error: ${message.text()} (${url})`);
    }
  });
  return page;
}

// After `ms`: say on stderr that `name` gave up, kill `held.browser`, close `held.server`, exit 1. Returns the timer.
export function watchdog(ms, name, held) {
  return setTimeout(() => {
    console.error(`${name}: gave up after ${ms / 1000} s`);
    held.browser?.process()?.kill('SIGKILL');
    held.server?.closeAllConnections();
    held.server?.close();
    process.exit(1);
  }, ms);
}

// Close `held.browser` (killing it if it will not close) and `held.server`, whichever were started.
export async function release(held) {
  await held.browser?.close().catch(() => held.browser.process()?.kill('SIGKILL'));
  held.server?.closeAllConnections();
  held.server?.close();
}

// Serve `root` (with `routes`), launch `chromium` and run `work(browser, origin)` under a watchdog sized for `count`
// pages; everything is closed afterwards, whether `work` succeeds or throws. Resolves to what `work` resolves to.
export async function withBrowser({ name, root, routes, chromium, count }, work) {
  const held = { server: null, browser: null };
  // Bounded overall, and below the 300 s the Python side allows, so that a hang is reported from here.
  const timer = watchdog(Math.min(280_000, 120_000 + 5_000 * count), name, held);
  try {
    held.server = await serve(root, routes);
    const origin = `http://127.0.0.1:${held.server.address().port}`;
    held.browser = await launch(chromium);
    return await work(held.browser, origin);
  } finally {
    await release(held);
    clearTimeout(timer);
  }
}
