// SDKs that only some requests need, each imported on first use through a
// module of ours (the bundle gives a dynamically imported CommonJS package
// a default export only, so named imports from it would be undefined).
export { S3Client } from '@aws-sdk/client-s3'
