// Run axe-core on pages of the web edition in Chromium, and note anything they fetch from outside.
//
//   node tests/browser/axe.mjs CONFIG.json
//
// CONFIG: {"root": folder, "pages": [hrefs], "chromium": executable, "axe": axe.min.js}.
// Prints {"pages": [{"page", "violations": [{"id", "impact", "help", "nodes"}], "errors", "external"}]} and exits 0;
// exits 1 with the reason on stderr if the harness itself fails.
import { readFile } from 'node:fs/promises';
import { watchedPage, withBrowser } from './harness.mjs';

const NODES = 5; // target selectors kept per violation

// axe's violations on one page, its errors, and the requests it made anywhere but our server (which are blocked).
async function check(browser, origin, href, axeSource) {
  const result = { page: href, violations: [], errors: [] };
  const external = new Set();
  // A request we blocked is reported once, under "external", not again as a console error.
  const page = await watchedPage(browser, result.errors, { timeout: 30_000, ignore: (url) => external.has(url) });
  try {
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
  const run = { name: 'axe.mjs', root: config.root, chromium: config.chromium, count: config.pages.length };
  await withBrowser(run, async (browser, origin) => {
    const pages = [];
    for (const href of config.pages) {
      pages.push(await check(browser, origin, href, axeSource));
    }
    process.stdout.write(JSON.stringify({ pages }, null, 1) + '\n');
  });
}

main().catch((error) => {
  console.error(`axe.mjs: ${error.stack || error}`);
  process.exitCode = 1;
});
