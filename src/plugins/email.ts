import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import type { SESv2Client } from '@aws-sdk/client-sesv2'

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
      const { SendEmailCommand } = await import('../lib/aws/ses-sdk.ts')
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

/**
 * The SES SDK is imported, and its client made, when the first email is
 * sent: no request sends one itself (jobs do), and a Lambda cold start
 * would otherwise load it for nothing.
 */
async function emailPlugin (fastify: FastifyInstance, opts: EmailPluginOptions) {
  let ses: Promise<{ client: SESv2Client, sender: EmailSender }> | undefined
  const connect = async () => {
    const { SESv2Client } = await import('../lib/aws/ses-sdk.ts')
    const client = new SESv2Client({
      region: opts.region,
      ...(opts.endpoint !== undefined && { endpoint: opts.endpoint, credentials: EMULATOR_CREDENTIALS }),
      // The job retries with backoff; the SDK's own retries would only hold a worker.
      maxAttempts: 2
    })
    return { client, sender: createSesSender(client, opts) }
  }
  fastify.decorate<EmailSender>('email', {
    send: async (message) => (await (ses ??= connect())).sender.send(message)
  })
  fastify.addHook('onClose', async () => {
    if (ses !== undefined) (await ses).client.destroy()
  })
}

export default fp(emailPlugin, { name: 'email', fastify: '5.x' })
