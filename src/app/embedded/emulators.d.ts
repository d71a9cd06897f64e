// Minimal typings for the emulator packages, which ship none.
declare module 'dynalite' {
  import type { Server } from 'node:http'
  interface DynaliteOptions {
    path?: string | undefined
    createTableMs?: number
    deleteTableMs?: number
    updateTableMs?: number
    ssl?: boolean
  }
  export default function dynalite (options?: DynaliteOptions): Server
}

declare module 's3rver' {
  import type { AddressInfo } from 'node:net'
  interface S3rverOptions {
    port?: number
    address?: string
    directory: string
    silent?: boolean
    configureBuckets?: Array<{ name: string, configs?: Array<string | Buffer> }>
  }
  export default class S3rver {
    constructor (options: S3rverOptions)
    run (): Promise<AddressInfo>
    close (): Promise<void>
  }
}
