import type { Plugin } from 'esbuild'

/**
 * Built-in modules that bundled CommonJS packages require at their top
 * level but only use inside functions the Lambda handlers never call:
 * Fastify's server module requires node:https, node:http2 and node:dns for
 * `listen` (a Lambda handler never listens), and ws requires node:https and
 * node:tls for client connections (the API only accepts them). Loading
 * node:http2 alone (with node:tls under it) was some 12 ms of every cold
 * start, under the Lambda runtime's flags.
 */
export const LAZY_BUILTINS = ['https', 'http2', 'tls', 'dns']

/**
 * The module object a bundled `require('node:https')` returns for these:
 * one that loads the real module the first time anything is read from it
 * (a property, `in`, its keys), and then forwards everything to it. Code
 * that destructures at the top of its module still loads it there, as
 * before; code that reads `https.createServer` inside a function loads it
 * when that function first runs.
 */
export function lazyBuiltinSource (name: string): string {
  return `let loaded
const real = () => (loaded ??= process.getBuiltinModule(${JSON.stringify(name)}))
module.exports = new Proxy({}, {
  get: (_, key) => real()[key],
  set: (_, key, value) => { real()[key] = value; return true },
  has: (_, key) => key in real(),
  ownKeys: () => Reflect.ownKeys(real()),
  getOwnPropertyDescriptor: (_, key) => {
    const descriptor = Reflect.getOwnPropertyDescriptor(real(), key)
    // A proxy may only report a property its (empty) target lacks as configurable.
    return descriptor === undefined ? undefined : { ...descriptor, configurable: true }
  },
  defineProperty: (_, key, descriptor) => Reflect.defineProperty(real(), key, descriptor),
  deleteProperty: (_, key) => Reflect.deleteProperty(real(), key)
})
`
}

/** `require()` calls (CommonJS packages) of LAZY_BUILTINS, answered by lazyBuiltinSource. */
export const lazyBuiltins: Plugin = {
  name: 'lazy-builtins',
  setup (build) {
    build.onResolve({ filter: new RegExp(`^(node:)?(${LAZY_BUILTINS.join('|')})$`) }, (args) => {
      if (args.kind !== 'require-call') return undefined
      const name = args.path.startsWith('node:') ? args.path : `node:${args.path}`
      return { path: name, namespace: 'lazy-builtin' }
    })
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      contents: lazyBuiltinSource(args.path),
      loader: 'js'
    }))
  }
}
