/** Reading the SES emulator (aws-ses-v2-local): what it accepted, as a recipient would see it. */
export interface SentMail {
  messageId: string
  from: string
  destination: { to: string[] }
  subject: string
  body: { text?: string, html?: string }
  headers?: Array<{ name: string, value: string }>
  at: number
}

export async function sentMail (sesEndpoint: string, to?: string): Promise<SentMail[]> {
  const res = await fetch(`${sesEndpoint}/store`)
  if (!res.ok) throw new Error(`SES emulator store: ${res.status}`)
  const { emails } = await res.json() as { emails: SentMail[] }
  return to === undefined ? emails : emails.filter(e => e.destination.to.includes(to))
}

export function header (mail: SentMail, name: string): string | undefined {
  return mail.headers?.find(h => h.name.toLowerCase() === name.toLowerCase())?.value
}

/** The first link in the text body that starts with `prefix`. */
export function linkIn (mail: SentMail, prefix: string): string {
  const match = (mail.body.text ?? '').split(/\s/).find(word => word.startsWith(prefix))
  if (!match) throw new Error(`no ${prefix} link in: ${mail.body.text}`)
  return match
}
