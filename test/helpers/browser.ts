import { accessSync, constants } from 'node:fs'
import type { Test } from 'tap'
import { chromium, type Browser } from 'playwright-core'

// Debian's chromium, driven by playwright-core; playwright never downloads a browser here.
const CHROMIUM = '/usr/bin/chromium'
// Without the background-networking flags Chromium dials out at start, which
// a closed CI network refuses.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
]

function executable (path: string): boolean {
  try {
    accessSync(path, constants.X_OK)
    return true
  } catch {
    return false
  }
}

/** True when Chromium is installed; otherwise a failure saying how to install it (never a silent skip). */
export function requireChromium (t: Test): boolean {
  if (executable(CHROMIUM)) return true
  t.fail(`${CHROMIUM} is missing: these tests drive Debian's Chromium. Install it as root with ` +
    '`apt-get update && apt-get install -y chromium` (.ci/run does this), then run the test again.')
  return false
}

/** Headless Chromium, closed when `t` ends. */
export async function launchChromium (t: Test): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS })
  t.teardown(() => browser.close())
  return browser
}
