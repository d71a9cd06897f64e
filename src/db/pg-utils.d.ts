// node-postgres's own conversion of a value to what it sends as a parameter
// (text, or a Buffer for binary); @types/pg does not describe this module.
declare module 'pg/lib/utils.js' {
  export function prepareValue (value: unknown): string | Buffer | null
}
