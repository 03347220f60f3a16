#!/usr/bin/env node
// The live preview's reload as a person sees it: headless Chromium (scripts/chromium.mjs) opens
// pages of a running `pressflow serve`, says when they are open, then waits until each shows TEXT.
// It never reloads a page itself: each page's own script must, when the server tells it of a change.
//
//   node scripts/live-reload-check.mjs [--hidden] TEXT URL...
//
// Prints {"ready": [URL...]} once every page has loaded and opened its event stream (then change the
// project), then {"found": [URL...], "missing": [URL...], "loads": {URL: N}, "streams": N}: the pages
// that came to show TEXT, those that did not within TIMEOUT_MS (default 30000), how many times each
// page loaded (the first time included), and how many event streams the pages opened.
// --hidden: once ready, the pages are hidden as when their tab is in the background, and it prints
// {"hidden": [URL...]}; they are shown again when a line comes on the standard input, and the last
// document also has "loadsWhileHidden": {URL: N}.
// Exit status: 0 when every page shows TEXT, 1 when one does not, 2 when the check could not run.

import { createInterface } from 'node:readline';
import { fail, launch } from './chromium.mjs';

const TOOL = 'live-reload-check';
const EVENTS = '/_pressflow/events';
const TIMEOUT_MS = Number(process.env.TIMEOUT_MS || 30000);

const args = process.argv.slice(2);
const hidden = args[0] === '--hidden';
const [text, ...urls] = hidden ? args.slice(1) : args;
if (!text || urls.length === 0) {
  fail(TOOL, 'usage: node scripts/live-reload-check.mjs [--hidden] TEXT URL...');
}

// What the browser does when a tab goes to the background or comes back (headless, every page is
// visible).
function setVisibility(state) {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
  document.dispatchEvent(new Event('visibilitychange'));
}

function nextLine() {
  const lines = createInterface({ input: process.stdin });
  return new Promise((done) => lines.once('line', () => {
    lines.close();
    done();
  }));
}

let browser;
try {
  browser = await launch(TOOL);
  const { context } = browser;
  const origins = new Set(urls.map((url) => new URL(url).origin));
  await context.route(/^(https?|wss?|ftp):/, (route) => (
    origins.has(new URL(route.request().url()).origin) ? route.continue() : route.abort()));
  let streams = 0;
  context.on('request', (request) => {
    if (new URL(request.url()).pathname === EVENTS) streams += 1;
  });
  const loads = {};
  const pages = [];
  for (const url of urls) {
    const page = await context.newPage();
    loads[url] = 0;
    page.on('load', () => { loads[url] += 1; });
    const stream = page.waitForRequest((request) => new URL(request.url()).pathname === EVENTS);
    await page.goto(url, { waitUntil: 'load' });
    await stream;
    pages.push([url, page]);
  }
  console.log(JSON.stringify({ ready: urls }));
  let loadsWhileHidden;
  if (hidden) {
    for (const [, page] of pages) await page.evaluate(setVisibility, 'hidden');
    console.log(JSON.stringify({ hidden: urls }));
    await nextLine();
    loadsWhileHidden = { ...loads };
    for (const [, page] of pages) await page.evaluate(setVisibility, 'visible');
  }
  const shown = await Promise.all(pages.map(([url, page]) => page.getByText(text).first()
    .waitFor({ state: 'visible', timeout: TIMEOUT_MS })
    .then(() => [url, true], () => [url, false])));
  const found = shown.filter(([, ok]) => ok).map(([url]) => url);
  const missing = shown.filter(([, ok]) => !ok).map(([url]) => url);
  console.log(JSON.stringify({ found, missing, loads, streams, loadsWhileHidden }));
  process.exitCode = missing.length ? 1 : 0;
} catch (error) {
  console.error(`${TOOL}: ${error.stack || error}`);
  process.exitCode = 2;
} finally {
  if (browser) await browser.close();
}
