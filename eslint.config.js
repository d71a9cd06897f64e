import neostandard from 'neostandard'

export default [
  ...neostandard({ ts: true, ignores: ['dist/**', 'cdk.out/**', '.data/**', '.tap/**', 'openapi/**'] })
]
