// Imported on the first email by src/plugins/email.ts (see lazy-sdks.ts for why a module of ours).
export { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2'
