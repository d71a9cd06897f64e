import neostandard from 'neostandard'
import importX from 'eslint-plugin-import-x'

/**
 * The house rules: src/ is layered, and an import may only point down.
 *
 *   app        entrypoints and the root plugin        (may import anything)
 *   workers    job handlers, queues, consumers        (domains, realtime, plugins, db, lib)
 *   routes     one folder per domain                  (realtime, plugins, db, lib; other domains' services)
 *   realtime   the broadcaster port and its adapters  (plugins, db, lib)
 *   plugins    infrastructure plugins                 (db, lib)
 *   db         Postgres: schema, migrations, outbox   (lib)
 *   lib        framework-free building blocks         (nothing in src/)
 *
 * Each folder's README says the same; `npm run lint` fails on an arrow that
 * points up and on any import cycle.
 */
const LAYERS = ['lib', 'db', 'plugins', 'realtime', 'routes', 'workers', 'app']

const zones = LAYERS.flatMap((layer, i) => LAYERS.slice(i + 1).map(above => ({
  target: `./src/${layer}`,
  from: `./src/${above}`,
  message: `src/${layer} sits below src/${above} and must not import from it (see src/README.md)`
})))

export default [
  ...neostandard({ ts: true, ignores: ['dist/**', 'cdk.out/**', '.data/**', '.tap/**', 'tmp/**', 'openapi/**', 'sdk/typescript/src/schema.ts'] }),
  {
    files: ['src/**/*.ts', 'scripts/**/*.ts', 'infra/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/extensions': ['.ts', '.js'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
      'import-x/resolver-next': [importX.createNodeResolver({ extensions: ['.ts', '.js'] })]
    },
    rules: {
      'import-x/no-restricted-paths': ['error', { zones }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }]
    }
  }
]
