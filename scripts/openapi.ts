import { writeFile } from 'node:fs/promises'
import { generateOpenApiDocument } from '../src/app/openapi-document.ts'

/** `npm run openapi`: write openapi/openapi.json, the contract SDKs are generated from. */
const target = new URL('../openapi/openapi.json', import.meta.url)
await writeFile(target, await generateOpenApiDocument())
console.log(`Wrote ${target.pathname}`)
