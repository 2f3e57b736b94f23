// Run axe-core on pages of the web edition in Chromium, and note anything they fetch from outside.
//
//   node tests/browser/axe.mjs CONFIG.json
//
// CONFIG: {"root": folder, "pages": [hrefs], "chromium": executable, "axe": axe.min.js}.
// Prints {"pages": [{"page", "violations": [{"id", "impact", "help", "nodes"}], "errors", "external"}]} and exits 0;
// exits 1 with the reason on stderr if the harness itself fails.
import { readFile, stat } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import puppeteer from 'puppeteer-core';

const NODES = 5; // target selectors kept per violation
const TYPES = {
  '.html': 'text/html; charset=utf-8', '.htm': 'text/html; charset=utf-8', '.xhtml': 'application/xhtml+xml',
  '.css': 'text/css; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json', '.xml': 'application/xml', '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg', '.gif': 'image/gif', '.webp': 'image/webp',
  '.svg': 'image/svg+xml', '.ico': 'image/x-icon', '.woff': 'font/woff', '.woff2': 'font/woff2', '.otf': 'font/otf',
  '.ttf': 'font/ttf',
};

// Serve `root` on an ephemeral 127.0.0.1 port. Resolves to the server.
async function serve(root) {
  const base = path.resolve(root);
  const server = http.createServer(async (request, response) => {
    const send = (code, type, body) => {
      response.writeHead(code, { 'Content-Type': type, 'Cache-Control': 'no-store' });
      response.end(body);
    };
    try {
      const url = new URL(request.url, 'http://127.0.0.1');
      // Safe join: the decoded path must stay inside root.
      const file = path.resolve(base, '.' + path.posix.normalize(decodeURIComponent(url.pathname)));
      if (file !== base && !file.startsWith(base + path.sep)) {
        return send(403, 'text/plain', 'forbidden');
      }
      if (!(await stat(file).catch(() => null))?.isFile()) {
        // Chromium asks for /favicon.ico by itself; its absence is not the edition's fault.
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

// axe's violations on one page, its errors, and the requests it made anywhere but our server (which are blocked).
async function check(browser, origin, href, axeSource) {
  const result = { page: href, violations: [], errors: [] };
  const external = new Set();
  const page = await browser.newPage();
  page.setDefaultTimeout(30_000);
  try {
    page.on('pageerror', (error) => result.errors.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      const url = message.location()?.url || 'no url';
      // A request we blocked is reported once, under "external", not again as an error.
      if (message.type() === 'error' && !external.has(url)) {
        result.errors.push(`console error: ${message.text()} (${url})`);
      }
    });
    await page.setBypassCSP(true); // so that axe can be injected into a page with a strict Content-Security-Policy
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      const url = request.url();
      if (url.startsWith(origin + '/') || /^(data|blob|about):/.test(url)) {
        request.continue();
      } else {
        external.add(url);
        request.abort('blockedbyclient');
      }
    });
    await page.goto(`${origin}/${href}`, { waitUntil: 'load' });
    await page.addScriptTag({ content: axeSource });
    result.violations = await page.evaluate(async (limit) => {
      const report = await window.axe.run(document, { resultTypes: ['violations'] });
      // A target is a list of selectors, one per frame or shadow root on the way to the node.
      const selector = (target) => target.map((part) => (Array.isArray(part) ? part.join(' >>> ') : part)).join(' | ');
      return report.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        nodes: violation.nodes.slice(0, limit).map((node) => selector(node.target)),
      }));
    }, NODES);
    result.external = [...external];
  } finally {
    await page.close();
  }
  return result;
}

async function main() {
  const config = JSON.parse(await readFile(process.argv[2], 'utf-8'));
  const axeSource = await readFile(config.axe, 'utf-8');
  // Bounded overall, and below the 300 s the Python side allows, so that a hang is reported from here.
  const watchdogMs = Math.min(280_000, 120_000 + 5_000 * config.pages.length);
  let server = null;
  let browser = null;
  const watchdog = setTimeout(() => {
    console.error(`axe.mjs: gave up after ${watchdogMs / 1000} s`);
    browser?.process()?.kill('SIGKILL');
    server?.closeAllConnections();
    server?.close();
    process.exit(1);
  }, watchdogMs);
  try {
    server = await serve(config.root);
    const origin = `http://127.0.0.1:${server.address().port}`;
    browser = await puppeteer.launch({
      executablePath: config.chromium,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
        '--no-first-run'],
    });
    const pages = [];
    for (const href of config.pages) {
      pages.push(await check(browser, origin, href, axeSource));
    }
    process.stdout.write(JSON.stringify({ pages }, null, 1) + '\n');
  } finally {
    await browser?.close().catch(() => browser.process()?.kill('SIGKILL'));
    server?.closeAllConnections();
    server?.close();
    clearTimeout(watchdog);
  }
}

main().catch((error) => {
  console.error(`axe.mjs: ${error.stack || error}`);
  process.exitCode = 1;
});
