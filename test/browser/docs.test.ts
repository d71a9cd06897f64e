import { mkdir, readFile } from 'node:fs/promises'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import t from 'tap'
import { Parser } from '@asyncapi/parser'
import { build, testEnvironment } from '../helpers/build.ts'
import { STRONG_PASSWORD, uniqueEmail } from '../helpers/api.ts'
import { launchChromium } from '../helpers/browser.ts'

/**
 * The little of the page's window these functions use: they run in Chromium,
 * and this project's TypeScript has no DOM types.
 */
interface BrowserWindow {
  cspViolations: string[]
  scrollTo (x: number, y: number): void
  document: {
    addEventListener (type: 'securitypolicyviolation', listener: (event: {
      violatedDirective: string
      blockedURI: string
      sourceFile: string
      lineNumber: number
    }) => void): void
  }
}

const environment = await testEnvironment(t)
const app = await build(t, environment)
await app.listen({ port: 0, host: '127.0.0.1' })
const { port } = app.server.address() as AddressInfo
const docsUrl = `http://127.0.0.1:${port}/docs/`

// Teardowns run last-in first-out: the browser goes before the app and the database.
const browser = await launchChromium(t)
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } })

const consoleErrors: string[] = []
const pageErrors: string[] = []
const failedRequests: string[] = []
page.on('console', (message) => {
  if (message.type() === 'error') consoleErrors.push(message.text())
})
page.on('pageerror', (error) => pageErrors.push(String(error)))
page.on('requestfailed', (request) => failedRequests.push(`${request.method()} ${request.url()}: ${request.failure()?.errorText}`))
// CSP violations, reported by the page itself (injected outside the page's CSP).
await page.addInitScript(() => {
  const win = globalThis as unknown as BrowserWindow
  win.cspViolations = []
  win.document.addEventListener('securitypolicyviolation', (event) => {
    win.cspViolations.push(`${event.violatedDirective} blocked ${event.blockedURI || '(inline)'} in ${event.sourceFile}:${event.lineNumber}`)
  })
})
const cspViolations = () => page.evaluate(() => (globalThis as unknown as BrowserWindow).cspViolations)

t.test('the page renders the API: heading and operations', async (t) => {
  const response = await page.goto(docsUrl)
  t.equal(response?.status(), 200, `${docsUrl} answers 200`)

  // The main heading reads "TeamTrek API" followed by its version badges.
  const heading = page.getByRole('heading', { level: 1, name: /^TeamTrek API\b/ })
  await heading.waitFor()
  t.match(await heading.innerText(), /^TeamTrek API/, 'the heading names the API')

  const summaries = page.locator('.opblock-summary')
  await summaries.first().waitFor()
  // Swagger UI puts zero-width spaces in paths so they can wrap.
  const operations = (await summaries.allInnerTexts()).map((text) => text.replace(/\u200b/g, '').replace(/\s+/g, ' '))
  t.ok(operations.some((text) => text.includes('POST /auth/register')), 'POST /auth/register is listed')
  t.ok(operations.some((text) => text.includes('GET /users/me')), 'GET /users/me is listed')
  t.ok(operations.some((text) => text.includes('GET /health')), 'GET /health is listed')

  // Everything the document describes is on the page: every operation, under every tag.
  const spec = (await app.inject({ url: '/openapi.json' })).json() as { paths: Record<string, Record<string, unknown>>, tags: Array<{ name: string }> }
  const documented = Object.entries(spec.paths).flatMap(([path, methods]) => Object.keys(methods).map(method => `${method.toUpperCase()} ${path}`))
  const missing = documented.filter(op => !operations.some(text => text.startsWith(op + ' ') || text === op || text.includes(`${op} `) || text.endsWith(op)))
  t.same(missing, [], `all ${documented.length} operations are listed`)
  const tags = (await page.locator('.opblock-tag').allInnerTexts()).map(text => text.trim().split(/\s/)[0])
  t.same(spec.tags.map(tag => tag.name).filter(name => !tags.includes(name)), [], `all ${spec.tags.length} tags are listed`)
})

t.test('the page links the AsyncAPI document of the WebSocket, and the link resolves to it', async (t) => {
  const link = page.locator('.info .description a', { hasText: 'asyncapi.yaml' })
  await link.waitFor()
  t.ok(await link.isVisible(), 'the link is shown in the API\'s description')
  const href = await link.evaluate(a => (a as unknown as { href: string }).href)
  t.equal(href, `http://127.0.0.1:${port}/asyncapi.yaml`, 'on the page\'s origin')
  // Fetched by the page's browser context (a YAML file would be a download if navigated to).
  const response = await page.request.get(href)
  t.equal(response.status(), 200)
  t.equal(response.headers()['content-type'], 'application/yaml; charset=utf-8')
  const served = await response.text()
  t.equal(served, await readFile(new URL('../../openapi/asyncapi.yaml', import.meta.url), 'utf8'), 'the committed document')
  const { diagnostics } = await new Parser().parse(served)
  t.same(diagnostics.filter(d => d.severity === 0).map(d => d.message), [], 'a valid AsyncAPI document')
})

let accessToken = ''
let registeredEmail = ''

t.test('"Try it out" on POST /auth/register creates an account', async (t) => {
  const operation = page.locator('.opblock-post').filter({ has: page.locator('.opblock-summary-path[data-path="/auth/register"]') })
  await operation.locator('.opblock-summary').click()
  await operation.getByRole('button', { name: 'Try it out' }).click()

  const email = uniqueEmail('docs')
  const editor = operation.locator('textarea.body-param__text')
  await editor.fill(JSON.stringify({ email, password: STRONG_PASSWORD, displayName: 'Docs Walker' }, null, 2))
  await operation.getByRole('button', { name: 'Execute' }).click()

  const live = operation.locator('.live-responses-table')
  const status = live.locator('.response .response-col_status').first()
  await status.waitFor()
  t.equal((await status.innerText()).trim(), '201', 'the rendered response has status 201')
  const body = await live.locator('.response-col_description .highlight-code').first().innerText()
  t.match(body, '"success": true', 'the rendered response body is a success envelope')
  t.match(body, email, 'for the account just registered')
  // The rendered body follows the "Download" button's text.
  accessToken = (JSON.parse(body.slice(body.indexOf('{'))) as { data: { accessToken: string } }).data.accessToken
  registeredEmail = email

  // The server response as rendered after Execute, and the top of the page:
  // kept under tmp/artifacts/ (ignored by git) to look at after a run.
  const dir = join(process.cwd(), 'tmp', 'artifacts')
  await mkdir(dir, { recursive: true })
  const response = join(dir, 'register-response.png')
  const top = join(dir, 'docs-top.png')
  await live.screenshot({ path: response })
  await page.evaluate(() => (globalThis as unknown as BrowserWindow).scrollTo(0, 0))
  await page.screenshot({ path: top })
  t.comment(`screenshots: ${response} ${top}`)
})

t.test('"Authorize" with the token, then "Try it out" on GET /users/me answers for that account', async (t) => {
  t.ok(accessToken, 'a token from the registration above')
  await page.getByRole('button', { name: /Authorize/ }).first().click()
  const dialog = page.locator('.dialog-ux')
  await dialog.locator('input').first().fill(accessToken)
  await dialog.locator('button.modal-btn.authorize').click()
  await dialog.locator('button.btn-done').click()

  const operation = page.locator('.opblock-get').filter({ has: page.locator('.opblock-summary-path[data-path="/users/me"]') }).first()
  await operation.locator('.opblock-summary').click()
  await operation.getByRole('button', { name: 'Try it out' }).click()
  await operation.getByRole('button', { name: 'Execute' }).click()
  const live = operation.locator('.live-responses-table')
  const status = live.locator('.response .response-col_status').first()
  await status.waitFor()
  t.equal((await status.innerText()).trim(), '200', 'authorized: 200')
  const body = await live.locator('.response-col_description .highlight-code').first().innerText()
  t.match(body, registeredEmail, 'the signed-in account')
  const dir = join(process.cwd(), 'tmp', 'artifacts')
  await live.screenshot({ path: join(dir, 'docs-users-me-response.png') })
})

t.test('no console errors, page errors, failed requests or CSP violations', async (t) => {
  t.same(consoleErrors, [], 'no console errors')
  t.same(pageErrors, [], 'no uncaught page errors')
  t.same(failedRequests, [], 'no failed requests')
  t.same(await cspViolations(), [], 'no CSP violations')
})
