// The browser half of scripts/ci/newcomer.sh: waits for `npm start` to print its sign-in link, opens it in Debian's
// Chromium (headless), waits until the graph is drawn, and fails on any page error or console error.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium } from 'playwright-core';

const [log, screenshot] = process.argv.slice(2);
const LINK = /Open this link to sign in: (http\S+#token=\S+)/;
const STARTUP_MS = 20 * 60_000; // building the app and scoring the demo network, on a slow shared machine

async function signInLink() {
  const until = Date.now() + STARTUP_MS;
  for (;;) {
    const output = readFileSync(log, 'utf8');
    const link = LINK.exec(output)?.[1];
    if (link) return link;
    if (/\bsway: |npm error|Error: /.test(output)) throw new Error(`npm start failed:\n${output}`);
    if (Date.now() > until)
      throw new Error(`npm start printed no sign-in link in ${STARTUP_MS / 60_000} min:\n${output}`);
    await sleep(500);
  }
}

const link = await signInLink();
console.log(`newcomer: opening the sign-in link ${link.replace(/#token=.*/, '#token=...')}`);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
});
const errors = [];
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console error: ${message.text()} (${message.location().url})`);
  });
  await page.goto(link);
  // Signed in by the link alone, which leaves the address bar at once.
  await page.getByTestId('identity').waitFor({ timeout: 60_000 });
  if (page.url().includes('token')) throw new Error(`the token is still in the address bar: ${page.url()}`);
  // The graph is drawn: the explorer measures its first frame with every node on the canvas.
  await page.waitForFunction(() => performance.getEntriesByName('sway:first-render', 'measure').length > 0, null, {
    timeout: 120_000,
  });
  const caption = await page.getByTestId('view-caption').textContent();
  if (!/^[\d,]+ people, /.test(caption ?? '')) throw new Error(`the explorer does not show people: "${caption}"`);
  await page.waitForTimeout(1500);
  await page.screenshot({ path: screenshot });
  console.log(`newcomer: signed in, graph drawn (${caption}); screenshot ${screenshot}`);
} finally {
  await browser.close();
}
if (errors.length > 0) {
  console.error(`newcomer: the page logged errors:\n${errors.join('\n')}`);
  process.exit(1);
}
console.log('newcomer: no page error, no console error');
