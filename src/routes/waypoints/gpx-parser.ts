// The XML parser and GPX converter, behind one module of our own that
// route-file.ts imports on first use. A module of ours, not the packages
// themselves: the bundle turns a dynamic import of a CommonJS package into
// a chunk with a default export only, and named imports would be undefined.
export { DOMParser } from '@xmldom/xmldom'
export { gpx } from '@tmcw/togeojson'
