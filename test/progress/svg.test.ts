import { mkdir, writeFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import t, { type Test } from 'tap'
import { DOMParser, type Document, type Element } from '@xmldom/xmldom'
import { launchChromium } from '../helpers/browser.ts'
import { legsOf } from '../../src/lib/geo.ts'
import { positionAlongRoute } from '../../src/routes/progress/position.ts'
import { renderProgressSvg, type ProgressPicture } from '../../src/routes/progress/svg.ts'

const SVG_NS = 'http://www.w3.org/2000/svg'
const NASTY = '<script>alert(1)</script>&"\''
const TMP = fileURLToPath(new URL('../../tmp/', import.meta.url))

interface Stop { name: string, lat: number, lon: number }

const LEJOG: Stop[] = [
  { name: 'Land\'s End', lat: 50.066, lon: -5.714 },
  { name: 'Bristol', lat: 51.454, lon: -2.588 },
  { name: 'Manchester', lat: 53.480, lon: -2.242 },
  { name: 'John o\' Groats', lat: 58.644, lon: -3.070 }
]
// Across the antimeridian near Fiji: east to west of 180°.
const FIJI: Stop[] = [
  { name: 'Vanua Levu', lat: -16.6, lon: 179.0 },
  { name: 'Taveuni', lat: -16.8, lon: 179.8 },
  { name: 'Lau', lat: -17.2, lon: -179.5 }
]
// Sixty stops winding north through Britain, the last with a very long name.
const WINDING: Stop[] = Array.from({ length: 60 }, (_, i) => ({
  name: i === 59 ? 'Llanfairpwllgwyngyllgogerychwyrndrobwllllantysiliogogogoch' : `Stop ${i + 1}`,
  lat: 50.5 + i * 0.12,
  lon: -3 + 1.6 * Math.sin(i / 7)
}))

// A loop that ends where it starts, so the first and last labels compete for one spot.
const LAKES: Stop[] = [
  { name: 'Keswick', lat: 54.600, lon: -3.134 },
  { name: 'Buttermere', lat: 54.541, lon: -3.277 },
  { name: 'Coniston', lat: 54.369, lon: -3.075 },
  { name: 'Ambleside', lat: 54.428, lon: -2.962 },
  { name: 'Keswick', lat: 54.600, lon: -3.134 }
]

/** A picture the way the API makes one: distances from legsOf, position from positionAlongRoute. */
function picture (stops: Stop[], fraction: number, overrides: Partial<ProgressPicture> = {}): ProgressPicture {
  const { legs, totalMeters } = legsOf(stops)
  const total = totalMeters * fraction
  return {
    teamName: 'Trail Blazers',
    waypoints: stops.map((stop, i) => ({ ...stop, cumulativeMeters: i === 0 ? 0 : legs[i - 1]!.cumulativeMeters })),
    totalDistanceMeters: total,
    goalDistanceMeters: totalMeters,
    percentComplete: totalMeters > 0 ? fraction * 100 : 0,
    position: positionAlongRoute(stops, total),
    units: 'metric',
    ...overrides
  }
}

const CASES: Record<string, ProgressPicture> = {
  'empty route': picture([], 0),
  'one waypoint': picture([LEJOG[0]!], 0),
  'identical waypoints': picture([LEJOG[1]!, { ...LEJOG[1]!, name: 'Bristol again' }, { ...LEJOG[1]!, name: 'Still Bristol' }], 0),
  'normal route': picture(LEJOG, 0.42),
  'antimeridian route': picture(FIJI, 0.5),
  'sixty waypoints': picture(WINDING, 0.55),
  'finished loop': picture(LAKES, 1)
}

/** Parses as SVG, failing the test on any parser warning or error. */
function parse (t: Test, svg: string): Document {
  const problems: string[] = []
  const doc = new DOMParser({ onError: (level, message) => { problems.push(`${level}: ${message}`) } })
    .parseFromString(svg, 'image/svg+xml')
  t.same(problems, [], 'the parser reports nothing')
  return doc
}

function elements (doc: Document, name: string): Element[] {
  return Array.from(doc.getElementsByTagName(name))
}

function allElements (doc: Document): Element[] {
  return elements(doc, '*')
}

t.test('every picture is a well-formed SVG document sized for a phone', async (t) => {
  for (const [name, input] of Object.entries(CASES)) {
    t.test(name, async (t) => {
      const svg = renderProgressSvg(input)
      const doc = parse(t, svg)
      const root = doc.documentElement!
      t.equal(root.localName, 'svg')
      t.equal(root.namespaceURI, SVG_NS)
      t.equal(root.getAttribute('viewBox'), '0 0 360 640')
      t.equal(root.getAttribute('width'), '360')
      t.equal(root.getAttribute('height'), '640')
      t.equal(root.getAttribute('role'), 'img')
      t.match(root.getAttribute('aria-label'), /^Trail Blazers: \d+\.\d% complete/)
      t.equal(elements(doc, 'title')[0]?.textContent, root.getAttribute('aria-label'), 'the title says what the aria-label says')
      t.notMatch(svg, /NaN|Infinity|undefined|null/, 'no NaN, Infinity, undefined or null anywhere')
    })
  }
})

t.test('the normal route: labels, reached waypoints, distances and percent', async (t) => {
  const input = picture(LEJOG, 0.42)
  const doc = parse(t, renderProgressSvg(input))
  const texts = elements(doc, 'text').map(text => text.textContent)
  t.ok(texts.includes('Trail Blazers'), 'the team name is in the header')
  t.ok(texts.some(text => text?.startsWith('42.0%')), 'the percent has one decimal')
  t.ok(texts.includes('Land\'s End') && texts.includes('John o\' Groats'), 'the first and last waypoints are labelled')
  t.ok(texts.includes('Manchester'), 'the next waypoint ahead is labelled')
  t.notOk(texts.includes('Bristol'), 'a waypoint already passed, neither first nor last, is not labelled')
  const km = (meters: number) => (meters / 1000).toLocaleString('en-GB', { maximumFractionDigits: 0 })
  t.ok(texts.includes(`${km(input.totalDistanceMeters)} km of ${km(input.goalDistanceMeters)} km`), `"X km of Y km": ${texts.join(' | ')}`)

  // Land's End and Bristol are behind the team (filled); Manchester and John o' Groats ahead (hollow).
  const circles = elements(doc, 'circle').filter(c => c.getAttribute('r') !== '15' && c.getAttribute('r') !== '8')
  t.same(circles.map(c => c.getAttribute('fill') === '#ffffff' ? 'hollow' : 'filled'), ['filled', 'filled', 'hollow', 'hollow'])
  t.equal(elements(doc, 'polyline').length, 2, 'the route is split at the team into covered and ahead')
  t.ok(elements(doc, 'polyline').some(line => line.getAttribute('stroke-dasharray')), 'the part ahead is dashed')

  const miles = parse(t, renderProgressSvg({ ...input, units: 'imperial' }))
  const goalMiles = Math.round(input.goalDistanceMeters / 1609.344)
  t.ok(elements(miles, 'text').some(text => text.textContent?.endsWith(` mi of ${goalMiles.toLocaleString('en-GB')} mi`)), 'imperial units show miles')
})

t.test('a loop\'s start and finish share one label', async (t) => {
  const doc = parse(t, renderProgressSvg(picture(LAKES, 0.5)))
  const texts = elements(doc, 'text').map(text => text.textContent)
  t.equal(texts.filter(text => text === 'Keswick').length, 1, 'Keswick is labelled once')
  t.ok(texts.includes('Coniston'), 'the next waypoint is labelled too')
})

t.test('a route across the antimeridian takes the short way', async (t) => {
  const doc = parse(t, renderProgressSvg(picture(FIJI, 0.5)))
  const xs = elements(doc, 'circle').filter(c => c.getAttribute('r') !== '15' && c.getAttribute('r') !== '8').map(c => Number(c.getAttribute('cx')))
  t.ok(xs[0]! < xs[1]! && xs[1]! < xs[2]!, `west to east from 179° to -179.5° reads left to right (${xs.join(', ')})`)
  for (const line of elements(doc, 'polyline')) {
    const points = line.getAttribute('points')!.split(' ').map(pair => Number(pair.split(',')[0]))
    t.ok(points.every((x, i) => i === 0 || x >= points[i - 1]!), 'each part of the line heads east, never back across the map')
  }
})

t.test('long names are cut to fit and the picture says "No route yet" without waypoints', async (t) => {
  const doc = parse(t, renderProgressSvg(picture(WINDING, 0.55, { teamName: 'The Extraordinarily Long-Named Walking Club of Greater Manchester' })))
  const texts = elements(doc, 'text').map(text => text.textContent ?? '')
  t.ok(texts.includes('Llanfairpwllgwyng…'), 'a long waypoint name is truncated')
  t.ok(texts.some(text => text.startsWith('The Extraordinarily') && text.endsWith('…') && text.length <= 26), 'a long team name is truncated')
  t.match(doc.documentElement!.getAttribute('aria-label'), /Greater Manchester/, 'the accessible name keeps the whole team name')

  const empty = parse(t, renderProgressSvg(picture([], 0)))
  t.ok(elements(empty, 'text').some(text => text.textContent === 'No route yet'))
  t.equal(elements(empty, 'polyline').length, 0)
})

t.test('team and waypoint names are escaped, never markup', async (t) => {
  const stops = [LEJOG[0]!, { ...LEJOG[1]!, name: NASTY }, LEJOG[3]!]
  const svg = renderProgressSvg(picture(stops, 0.1, { teamName: NASTY }))
  const doc = parse(t, svg)
  t.notMatch(svg, /<script/i, 'no script tag in the source')
  t.equal(elements(doc, 'script').length, 0, 'no script element in the document')
  t.match(svg, '&lt;script&gt;alert(1)&lt;/script&gt;&amp;&quot;&apos;', 'the name appears escaped')
  t.equal(allElements(doc).filter(e => e.localName !== e.tagName.toLowerCase()).length, 0)
  // Parsed back, the text is the name as typed.
  const title = elements(doc, 'title')[0]!.textContent!
  t.ok(title.startsWith(`${NASTY}: `), 'the title starts with the team name as typed')
  t.ok(title.includes(`Next: ${NASTY} in `), 'the title names the next waypoint as typed')
  t.ok(doc.documentElement!.getAttribute('aria-label')!.startsWith(NASTY), 'so does the aria-label')
  t.ok(elements(doc, 'text').some(text => text.textContent!.startsWith('<script>alert(1)')), 'the label shows the name as typed (cut to fit)')

  // Characters XML cannot carry at all are dropped, not passed through to break the document.
  parse(t, renderProgressSvg(picture(stops, 0.1, { teamName: 'Bell\u0007 and \uD800 surrogate' })))
})

t.test('nothing refers outside the picture', async (t) => {
  for (const [name, input] of Object.entries(CASES)) {
    const svg = renderProgressSvg(input)
    const doc = parse(t, svg)
    const attributes = allElements(doc).flatMap(e => Array.from(e.attributes)).filter(a => a.name !== 'xmlns')
    t.same(attributes.filter(a => /href$/i.test(a.name) || /url\(|https?:/i.test(a.value)).map(a => `${a.name}=${a.value}`), [], `${name}: no href, url() or http(s) in any attribute`)
    t.notMatch(svg, /url\(\s*['"]?https?:/i, `${name}: no url(http…)`)
    t.same(allElements(doc).map(e => e.localName).filter(tag => ['script', 'image', 'use', 'foreignObject', 'style', 'a'].includes(tag!)), [], `${name}: no elements that load or run anything`)
  }
})

t.test('positionAlongRoute', async (t) => {
  const meridian = [{ lat: 0, lon: 0 }, { lat: 2, lon: 0 }]
  const { totalMeters } = legsOf(meridian)
  t.same(positionAlongRoute(meridian, 0), { lat: 0, lon: 0, legIndex: 0 }, 'at 0, the first point')
  t.same(positionAlongRoute(meridian, -5), { lat: 0, lon: 0, legIndex: 0 }, 'before the start, the first point')
  t.same(positionAlongRoute(meridian, totalMeters * 3), { lat: 2, lon: 0, legIndex: 0 }, 'beyond the end, the last point')
  const half = positionAlongRoute(meridian, totalMeters / 2)!
  t.ok(Math.abs(half.lat - 1) < 1e-6 && Math.abs(half.lon) < 1e-6, `halfway is (1, 0): (${half.lat}, ${half.lon})`)
  t.equal(positionAlongRoute([], 100), null)
  t.equal(positionAlongRoute([{ lat: 1, lon: 1 }], 100), null)

  const three = [{ lat: 0, lon: 0 }, { lat: 1, lon: 0 }, { lat: 3, lon: 0 }]
  const { legs } = legsOf(three)
  t.equal(positionAlongRoute(three, legs[0]!.cumulativeMeters / 2)!.legIndex, 0, 'on the first leg')
  t.equal(positionAlongRoute(three, legs[0]!.cumulativeMeters + 1000)!.legIndex, 1, 'on the second leg')
  const atMiddle = positionAlongRoute(three, legs[0]!.cumulativeMeters)!
  t.equal(atMiddle.legIndex, 1, 'standing on a waypoint starts the next leg')
  t.ok(Math.abs(atMiddle.lat - 1) < 1e-9, 'and is at the waypoint: distances agree with legsOf')
  t.equal(positionAlongRoute(three, legs[1]!.cumulativeMeters)!.legIndex, 1, 'the end is on the last leg')
  t.same(positionAlongRoute([{ lat: 5, lon: 5 }, { lat: 5, lon: 5 }], 10), { lat: 5, lon: 5, legIndex: 0 }, 'a zero-length route stays put')

  const fiji = positionAlongRoute([{ lat: 0, lon: 179.5 }, { lat: 0, lon: -179.5 }], legsOf([{ lat: 0, lon: 179.5 }, { lat: 0, lon: -179.5 }]).totalMeters / 2)!
  t.ok(Math.abs(Math.abs(fiji.lon) - 180) < 1e-6, `across the antimeridian the midpoint is on it (${fiji.lon})`)
})

t.test('Chromium draws the picture phone-sized, without errors or requests', async (t) => {
  const browser = await launchChromium(t)
  await mkdir(TMP, { recursive: true })

  const shots: Record<string, ProgressPicture> = {
    'progress-svg': picture(LEJOG, 0.42),
    'progress-svg-60': picture(WINDING, 0.55, { teamName: 'The Extraordinarily Long-Named Walking Club of Greater Manchester', units: 'imperial' }),
    'progress-svg-antimeridian': picture(FIJI, 0.5),
    'progress-svg-empty': picture([], 0),
    'progress-svg-one': CASES['one waypoint']!,
    'progress-svg-loop': picture(LAKES, 1),
    'progress-svg-identical': CASES['identical waypoints']!
  }
  for (const [name, input] of Object.entries(shots)) {
    t.test(name, async (t) => {
      // A phone's viewport at twice the pixels, as a phone would draw it.
      const page = await browser.newPage({ viewport: { width: 360, height: 640 }, deviceScaleFactor: 2 })
      t.teardown(() => page.close())
      const problems: string[] = []
      const requests: string[] = []
      page.on('console', (message) => { if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text()) })
      page.on('pageerror', (error) => problems.push(String(error)))
      page.on('request', (request) => requests.push(request.url()))

      const svg = renderProgressSvg(input)
      await writeFile(`${TMP}${name}.svg`, svg)
      await page.setContent(`<!doctype html><html><head><meta charset="utf-8"><style>body{margin:0}</style></head><body>${svg}</body></html>`)
      const box = await page.locator('svg').boundingBox()
      t.ok(box && Math.abs(box.width - 360) < 1 && Math.abs(box.height - 640) < 1, `the picture is 360×640 (${box?.width}×${box?.height})`)
      t.equal(await page.locator('svg').getAttribute('role'), 'img')
      t.equal(await page.locator('svg text').first().isVisible(), true, 'its text is drawn')
      await page.locator('svg').screenshot({ path: `${TMP}${name}.png` })
      t.same(problems, [], 'no console errors or warnings')
      t.same(requests, [], 'no requests: the picture is self-contained')
      t.comment(`screenshot: tmp/${name}.png`)
    })
  }
})
