// Imported on the first email by src/plugins/email.ts (see s3-sdk.ts for why a module of ours).
export { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2'
