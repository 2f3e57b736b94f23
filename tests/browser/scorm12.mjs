// Run each SCO of an unzipped SCORM 1.2 package in Chromium under scorm-again, standing in for an LMS.
//
//   node tests/browser/scorm12.mjs CONFIG.json
//
// CONFIG: {"root": folder, "scos": [hrefs], "chromium": executable, "scorm_again": scorm-again's scorm12 build}.
// Prints {"scos": [{"href", "initialized", "status_before_scroll", "status", "terminated", "errors",
// "standalone_errors", "standalone_heading"}]} and exits 0; exits 1 with the reason on stderr if the harness fails.
import { readFile, stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

const WAIT_MS = 5_000; // how long to wait for each thing the SCO should make happen
const INIT_MS = 2_000;
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.htm': 'text/html; charset=utf-8', '.xhtml': 'application/xhtml+xml',
  '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.xml': 'application/xml', '.xsd': 'application/xml', '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp',
  '.svg': 'image/svg+xml', '.ico': 'image/x-icon', '.woff': 'font/woff', '.woff2': 'font/woff2', '.otf': 'font/otf',
  '.ttf': 'font/ttf',
};

const escapeHtml = (text) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// A stand-in LMS: scorm-again's SCORM 1.2 API on window.API, kept off the network, and the SCO in a frame.
function launcher(sco) {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>SCORM 1.2 test launcher</title>
<link rel="icon" href="data:,">
<style>html, body { margin: 0; height: 100%; } iframe { display: block; border: 0; width: 100%; height: 100%; }</style>
<script src="/__scorm-again.js"></script>
<script>window.API = new Scorm12API({ autocommit: false, logLevel: 5 /* NONE */ });</script>
</head><body><iframe id="sco" title="SCO" src="${escapeHtml(sco)}"></iframe></body></html>`;
}

// Serve `root` on an ephemeral 127.0.0.1 port, plus the launcher and scorm-again. Resolves to the server.
async function serve(root, scormAgain) {
  const base = path.resolve(root);
  const server = http.createServer(async (request, response) => {
    const send = (code, type, body) => {
      response.writeHead(code, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      response.end(body);
    };
    try {
      const url = new URL(request.url, 'http://127.0.0.1');
      if (url.pathname === '/__launcher.html') {
        return send(200, TYPES['.html'], launcher(url.searchParams.get('sco') || ''));
      }
      if (url.pathname === '/__scorm-again.js') {
        return send(200, TYPES['.js'], await readFile(scormAgain));
      }
      // Safe join: the decoded path must stay inside root.
      const file = path.resolve(base, '.' + path.posix.normalize(decodeURIComponent(url.pathname)));
      if (file !== base && !file.startsWith(base + path.sep)) {
        return send(403, 'text/plain', 'forbidden');
      }
      if (!(await stat(file).catch(() => null))?.isFile()) {
        // Chromium asks for /favicon.ico by itself; its absence is not the package's fault.
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

// A new page whose page errors and console errors, from any of its frames, are pushed onto `errors`.
async function watchedPage(browser, errors) {
  const page = await browser.newPage();
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') {
      errors.push(`console error: ${message.text()} (${message.location()?.url || 'no url'})`);
    }
  });
  return page;
}

// Whether `test` (run in the page) turns truthy within `timeout` ms.
async function eventually(page, test, timeout = WAIT_MS) {
  try {
    await page.waitForFunction(test, { timeout, polling: 50 });
    return true;
  } catch (error) {
    if (error.name === 'TimeoutError') {
      return false;
    }
    throw error;
  }
}

// The SCO inside the launcher: initialised, completed once scrolled to its end, finished once unloaded.
async function inLauncher(browser, origin, href) {
  const result = { href, errors: [] };
  const page = await watchedPage(browser, result.errors);
  try {
    await page.goto(`${origin}/__launcher.html?sco=${encodeURIComponent(href)}`, { waitUntil: 'load' });
    const frame = await (await page.$('#sco')).contentFrame();
    await frame.waitForFunction(() => document.readyState === 'complete');
    // A deferred script has run by the time the frame has loaded, so a short grace is enough.
    result.initialized = await eventually(page, () => window.API.isInitialized(), INIT_MS);
    const status = () => page.evaluate(() => window.API.cmi.core.lesson_status);
    result.status_before_scroll = await status();
    await frame.evaluate(() => {
      document.getElementById('end-of-chapter')?.scrollIntoView({ block: 'end' });
      window.scrollTo(0, document.documentElement.scrollHeight);
    });
    // Without a session nothing can be completed or finished, so don't wait for it.
    if (result.initialized) {
      await eventually(page, () => window.API.cmi.core.lesson_status === 'completed');
    }
    result.status = await status();
    // Leave the SCO the way an LMS does, by navigating its frame away.
    await page.evaluate(() => { document.getElementById('sco').src = 'about:blank'; });
    result.terminated = result.initialized && await eventually(page, () => window.API.isTerminated());
  } finally {
    await page.close();
  }
  return result;
}

// The SCO on its own, outside any LMS: it should read as an ordinary page, with no errors.
async function standalone(browser, origin, href) {
  const errors = [];
  const page = await watchedPage(browser, errors);
  try {
    await page.goto(`${origin}/${href}`, { waitUntil: 'load' });
    await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
    await new Promise((resolve) => setTimeout(resolve, 200)); // let scroll handlers, if any, run
    const heading = await page.evaluate(() => document.querySelector('h1')?.textContent.trim() || '');
    await page.goto('about:blank'); // and unload it, as a reader would
    return { standalone_errors: errors, standalone_heading: heading };
  } finally {
    await page.close();
  }
}

async function main() {
  const config = JSON.parse(await readFile(process.argv[2], 'utf-8'));
  // Bounded overall, and below the 300 s the Python side allows, so that a hang is reported from here.
  const watchdogMs = Math.min(280_000, 120_000 + 5_000 * config.scos.length);
  let server = null;
  let browser = null;
  const watchdog = setTimeout(() => {
    console.error(`scorm12.mjs: gave up after ${watchdogMs / 1000} s`);
    browser?.process()?.kill('SIGKILL');
    server?.closeAllConnections();
    server?.close();
    process.exit(1);
  }, watchdogMs);
  try {
    server = await serve(config.root, config.scorm_again);
    const origin = `http://127.0.0.1:${server.address().port}`;
    browser = await puppeteer.launch({
      executablePath: config.chromium,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
        '--no-first-run'],
    });
    const scos = [];
    for (const href of config.scos) {
      scos.push({ ...await inLauncher(browser, origin, href), ...await standalone(browser, origin, href) });
    }
    process.stdout.write(JSON.stringify({ scos }, null, 1) + '\n');
  } finally {
    await browser?.close().catch(() => browser.process()?.kill('SIGKILL'));
    server?.closeAllConnections();
    server?.close();
    clearTimeout(watchdog);
  }
}

main().catch((error) => {
  console.error(`scorm12.mjs: ${error.stack || error}`);
  process.exitCode = 1;
});
