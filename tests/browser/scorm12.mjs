// Run each SCO of an unzipped SCORM 1.2 package in Chromium under scorm-again, standing in for an LMS.
//
//   node tests/browser/scorm12.mjs CONFIG.json
//
// CONFIG: {"root": folder, "scos": [hrefs], "chromium": executable, "scorm_again": scorm-again's scorm12 build}.
// Prints {"scos": [{"href", "initialized", "status_before_scroll", "status", "terminated", "errors",
// "standalone_errors", "standalone_heading"}]} and exits 0; exits 1 with the reason on stderr if the harness fails.
import { readFile } from 'node:fs/promises';
import { TYPES, watchedPage, withBrowser } from './harness.mjs';

const WAIT_MS = 5_000; // how long to wait for each thing the SCO should make happen
const INIT_MS = 2_000;

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
  // Besides the package's own files, the server gives the launcher and scorm-again.
  const routes = {
    '/__launcher.html': (url) => ({ type: TYPES['.html'], body: launcher(url.searchParams.get('sco') || '') }),
    '/__scorm-again.js': async () => ({ type: TYPES['.js'], body: await readFile(config.scorm_again) }),
  };
  const run = { name: 'scorm12.mjs', root: config.root, routes, chromium: config.chromium, count: config.scos.length };
  await withBrowser(run, async (browser, origin) => {
    const scos = [];
    for (const href of config.scos) {
      scos.push({ ...await inLauncher(browser, origin, href), ...await standalone(browser, origin, href) });
    }
    process.stdout.write(JSON.stringify({ scos }, null, 1) + '\n');
  });
}

main().catch((error) => {
  console.error(`scorm12.mjs: ${error.stack || error}`);
  process.exitCode = 1;
});
