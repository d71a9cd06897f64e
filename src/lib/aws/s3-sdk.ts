// Each AWS SDK is imported on first use through a module of ours like this
// one (the bundle gives a dynamically imported CommonJS package a default
// export only, so named imports from it would be undefined), which the
// bundle turns into a chunk of its own (scripts/compile-cache.ts caches
// every `*-sdk` chunk). This one: S3, for src/lib/aws/clients.ts.
export { S3Client } from '@aws-sdk/client-s3'
