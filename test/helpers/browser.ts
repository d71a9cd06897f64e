import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Test } from 'tap'
import chromium from '@sparticuz/chromium'
import { chromium as playwright, type Browser } from 'playwright-core'

// Without the background-networking flags Chromium dials out at start, which
// a closed CI network refuses.
const QUIET_ARGS = [
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
]

/**
 * Headless Chromium from npm (@sparticuz/chromium ships the browser in the
 * package; nothing is downloaded or installed by hand), driven by
 * playwright-core, closed when `t` ends. The package unpacks the browser
 * under the temp dir; each run gets a folder of its own, so test files
 * running side by side never unpack over each other's binary.
 */
export async function launchChromium (t: Test): Promise<Browser> {
  const folder = await mkdtemp(join(tmpdir(), 'teamtrek-chromium-'))
  const previous = process.env.TMPDIR
  let executablePath: string
  try {
    process.env.TMPDIR = folder
    executablePath = await chromium.executablePath()
  } finally {
    if (previous === undefined) delete process.env.TMPDIR
    else process.env.TMPDIR = previous
  }
  // Its --single-process suits a Lambda sandbox, but there a browser dies
  // with its first closed page; a test machine runs the usual processes.
  const args = chromium.args.filter(arg => arg !== '--single-process')
  const browser = await playwright.launch({ executablePath, args: [...args, ...QUIET_ARGS], headless: true })
  t.teardown(async () => {
    await browser.close()
    await rm(folder, { recursive: true, force: true })
  })
  return browser
}
