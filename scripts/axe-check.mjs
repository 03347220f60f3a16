#!/usr/bin/env node
// Accessibility check of HTML pages: axe-core in headless Chromium (Debian's, driven by
// playwright-core; no browser download: scripts/chromium.mjs). Each file is opened as a file://
// URL, each http:// URL (a page of `pressflow serve`) as it is, and checked with axe's default
// rules plus every rule tagged wcag2a or wcag2aa that is not deprecated (some of those are
// "experimental" and off by default).
//
//   node scripts/axe-check.mjs FILE.html|URL...
//
// Prints one JSON document per file, one per line:
//   {"file": ..., "url": ..., "violations": [{"id", "impact", "help", "helpUrl", "tags",
//    "nodes": [{"target", "html", "summary"}]}], "incomplete": [{"id", "help", "targets"}]}
// ("incomplete" is what axe could not decide and a person should review; it does not fail).
// Exit status: 0 when no file has a violation, 1 when one has, 2 when the check could not run.
// CHROMIUM names another browser binary than /usr/bin/chromium.

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { fail, launch, require } from './chromium.mjs';

const TOOL = 'axe-check';
const TAGS = ['wcag2a', 'wcag2aa'];
const isUrl = (arg) => /^https?:\/\//.test(arg);

const files = process.argv.slice(2);
if (files.length === 0) fail(TOOL, 'usage: node scripts/axe-check.mjs FILE.html|URL...');
for (const file of files) if (!isUrl(file) && !existsSync(file)) fail(TOOL, `no such file: ${file}`);

let axePath;
try {
  axePath = require.resolve('axe-core/axe.min.js');
} catch (error) {
  fail(TOOL, `${error.message.split('\n')[0]}; run scripts/setup.sh test (npm ci)`);
}
// The pages' own server is the one place they may reach.
const origins = new Set(files.filter(isUrl).map((url) => new URL(url).origin));

let browser;
let failed = false;
try {
  browser = await launch(TOOL);
  const { context } = browser;
  // A bulletin stands alone: anything it would fetch from the network is refused, not waited for.
  await context.route(/^(https?|wss?|ftp):/, (route) => (
    origins.has(new URL(route.request().url()).origin) ? route.continue() : route.abort()));
  await context.addInitScript({ path: axePath });
  const page = context.pages()[0] ?? await context.newPage();
  for (const file of files) {
    const url = isUrl(file) ? file : pathToFileURL(resolve(file)).href;
    await page.goto(url, { waitUntil: 'load' });
    const results = await page.evaluate(async (tags) => {
      const extra = Object.fromEntries(window.axe.getRules(tags)
        .filter((rule) => !rule.tags.includes('deprecated'))
        .map((rule) => [rule.ruleId, { enabled: true }]));
      return window.axe.run(document, { rules: extra, resultTypes: ['violations', 'incomplete'] });
    }, TAGS);
    const violations = results.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, tags: v.tags,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, summary: n.failureSummary })),
    }));
    const incomplete = results.incomplete.map((v) => ({
      id: v.id, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')),
    }));
    if (violations.length) failed = true;
    console.log(JSON.stringify({ file, url, violations, incomplete }));
  }
} catch (error) {
  console.error(`${TOOL}: ${error.stack || error}`);
  process.exitCode = 2;
} finally {
  if (browser) await browser.close();
}
if (process.exitCode !== 2 && failed) process.exitCode = 1;
