import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2'

/** One email: both bodies, and headers such as List-Unsubscribe. */
export interface EmailMessage {
  to: string
  subject: string
  text: string
  html: string
  headers?: Array<{ name: string, value: string }>
}

/** The sending side of email, as job handlers use it. */
export interface EmailSender {
  /** Resolves with SES's message id once SES accepted the message; rejects otherwise. */
  send: (message: EmailMessage) => Promise<{ messageId: string }>
}

declare module 'fastify' {
  interface FastifyInstance {
    email: EmailSender
  }
}

export interface EmailPluginOptions {
  region: string
  /** aws-ses-v2-local (embedded mode, tests, compose); unset: SES itself. */
  endpoint?: string | undefined
  from: string
  configurationSet?: string | undefined
}

// Emulators accept any credentials; on AWS the SDK's default chain applies.
const EMULATOR_CREDENTIALS = { accessKeyId: 'teamtreklocal', secretAccessKey: 'teamtreklocal' }

/** An EmailSender on SES v2 (`SendEmail`, simple content with custom headers). */
export function createSesSender (client: SESv2Client, opts: Pick<EmailPluginOptions, 'from' | 'configurationSet'>): EmailSender {
  return {
    async send (message) {
      const out = await client.send(new SendEmailCommand({
        FromEmailAddress: opts.from,
        Destination: { ToAddresses: [message.to] },
        ...(opts.configurationSet !== undefined && { ConfigurationSetName: opts.configurationSet }),
        Content: {
          Simple: {
            Subject: { Data: message.subject, Charset: 'UTF-8' },
            Body: {
              Text: { Data: message.text, Charset: 'UTF-8' },
              Html: { Data: message.html, Charset: 'UTF-8' }
            },
            ...(message.headers && { Headers: message.headers.map(h => ({ Name: h.name, Value: h.value })) })
          }
        }
      }))
      if (!out.MessageId) throw new Error('SES accepted the message without a message id')
      return { messageId: out.MessageId }
    }
  }
}

async function emailPlugin (fastify: FastifyInstance, opts: EmailPluginOptions) {
  const client = new SESv2Client({
    region: opts.region,
    ...(opts.endpoint !== undefined && { endpoint: opts.endpoint, credentials: EMULATOR_CREDENTIALS }),
    // The job retries with backoff; the SDK's own retries would only hold a worker.
    maxAttempts: 2
  })
  fastify.decorate<EmailSender>('email', createSesSender(client, opts))
  fastify.addHook('onClose', async () => client.destroy())
}

export default fp(emailPlugin, { name: 'email', fastify: '5.x' })
