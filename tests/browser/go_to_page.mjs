// Use the web edition's go-to-page box in Chromium as a reader would: type each folio asked for, press Go, and
// note where the page went (or what the box said).
//
//   node tests/browser/go_to_page.mjs CONFIG.json
//
// CONFIG: {"root": folder, "contents": href of the contents page, "folios": [folio], "chromium": executable}.
// Prints {"shown": whether the box was visible, "asked": [{"folio", "url", "status", "errors"}]} and exits 0;
// exits 1 with the reason on stderr if the harness itself fails.
import { readFile } from 'node:fs/promises';
import { watchedPage, withBrowser } from './harness.mjs';

// Open the contents page, ask for `folio`, and report the address the page ends on and the box's status line.
async function ask(browser, origin, contents, folio) {
  const result = { folio, url: '', status: '', errors: [] };
  const page = await watchedPage(browser, result.errors);
  try {
    await page.goto(`${origin}/${contents}`, { waitUntil: 'load' });
    await page.type('#go-to-page input', folio);
    const start = page.url();
    await page.click('#go-to-page button');
    // A new page, or a new anchor on the same one, or a message in the status line: whichever comes first.
    await page.waitForFunction(
      (before) => window.location.href !== before || document.querySelector('#go-to-page [role=status]')?.textContent,
      { timeout: 10_000 }, start).catch(() => {});
    await page.waitForNetworkIdle({ idleTime: 100, timeout: 5_000 }).catch(() => {});
    result.url = page.url().slice(origin.length + 1);
    result.status = await page.evaluate(() => document.querySelector('#go-to-page [role=status]')?.textContent || '')
      .catch(() => '');
  } finally {
    await page.close();
  }
  return result;
}

async function main() {
  const config = JSON.parse(await readFile(process.argv[2], 'utf-8'));
  const run = { name: 'go_to_page.mjs', root: config.root, chromium: config.chromium, count: config.folios.length };
  await withBrowser(run, async (browser, origin) => {
    const errors = [];
    const page = await watchedPage(browser, errors);
    await page.goto(`${origin}/${config.contents}`, { waitUntil: 'load' });
    const shown = await page.evaluate(() => {
      const form = document.getElementById('go-to-page');
      return Boolean(form) && !form.hidden && form.getBoundingClientRect().height > 0;
    });
    await page.close();
    const asked = [];
    for (const folio of config.folios) {
      asked.push(await ask(browser, origin, config.contents, folio));
    }
    process.stdout.write(JSON.stringify({ shown, errors, asked }, null, 1) + '\n');
  });
}

main().catch((error) => {
  console.error(`go_to_page.mjs: ${error.stack || error}`);
  process.exitCode = 1;
});
