#!/usr/bin/env node
// Accessibility check of HTML bulletins: axe-core in headless Chromium (Debian's, driven by
// playwright-core; no browser download). Each file is opened as a file:// URL and checked
// with axe's default rules plus every rule tagged wcag2a or wcag2aa that is not deprecated
// (some of those are "experimental" and off by default).
//
//   node scripts/axe-check.mjs FILE.html...
//
// Prints one JSON document per file, one per line:
//   {"file": ..., "url": ..., "violations": [{"id", "impact", "help", "helpUrl", "tags",
//    "nodes": [{"target", "html", "summary"}]}], "incomplete": [{"id", "help", "targets"}]}
// ("incomplete" is what axe could not decide and a person should review; it does not fail).
// Exit status: 0 when no file has a violation, 1 when one has, 2 when the check could not run.
// CHROMIUM names another browser binary than /usr/bin/chromium.

import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);
const TAGS = ['wcag2a', 'wcag2aa'];
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// As root, on a machine whose network is closed: no sandbox, and nothing that phones home.
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

function fail(message) {
  console.error(`axe-check: ${message}`);
  process.exit(2);
}

const files = process.argv.slice(2);
if (files.length === 0) fail('usage: node scripts/axe-check.mjs FILE.html...');
for (const file of files) if (!existsSync(file)) fail(`no such file: ${file}`);
if (!existsSync(CHROMIUM)) fail(`no browser at ${CHROMIUM}; run scripts/setup.sh test`);

let chromium, axePath;
try {
  ({ chromium } = require('playwright-core'));
  axePath = require.resolve('axe-core/axe.min.js');
} catch (error) {
  fail(`${error.message.split('\n')[0]}; run scripts/setup.sh test (npm ci)`);
}

const profile = mkdtempSync(join(tmpdir(), 'axe-check-'));
let context;
let failed = false;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1280, height: 900 },
  });
  // A bulletin stands alone: anything it would fetch from the network is refused, not waited for.
  await context.route(/^(https?|wss?|ftp):/, (route) => route.abort());
  await context.addInitScript({ path: axePath });
  const page = context.pages()[0] ?? await context.newPage();
  for (const file of files) {
    const url = pathToFileURL(resolve(file)).href;
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
  console.error(`axe-check: ${error.stack || error}`);
  process.exitCode = 2;
} finally {
  if (context) await context.close();
  rmSync(profile, { recursive: true, force: true });
}
if (process.exitCode !== 2 && failed) process.exitCode = 1;
