// Debian's headless Chromium, driven by playwright-core (no browser download), for the checks the
// tests run in a real browser: scripts/axe-check.mjs and scripts/live-reload-check.mjs.
// CHROMIUM names another browser binary than /usr/bin/chromium.

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const require = createRequire(import.meta.url);
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// As root, on a machine whose network is closed: no sandbox, and nothing that phones home.
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Say why the check could not run, and exit with status 2. */
export function fail(tool, message) {
  console.error(`${tool}: ${message}`);
  process.exit(2);
}

/** A module of node_modules, or exit 2 saying how to install it. */
export function need(tool, name) {
  try {
    return require(name);
  } catch (error) {
    return fail(tool, `${error.message.split('\n')[0]}; run scripts/setup.sh test (npm ci)`);
  }
}

/** A browser context with a profile of its own; `close()` ends it and deletes the profile. */
export async function launch(tool) {
  if (!existsSync(CHROMIUM)) fail(tool, `no browser at ${CHROMIUM}; run scripts/setup.sh test`);
  const { chromium } = need(tool, 'playwright-core');
  const profile = mkdtempSync(join(tmpdir(), `${tool}-`));
  let context;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1280, height: 900 },
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
