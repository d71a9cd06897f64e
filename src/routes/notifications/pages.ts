import { escapeHtml } from '../../lib/html.ts'

/** The HTML pages of unsubscribing: small, self-contained, no scripts. */
export const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

function page (title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;color:#1f2933}button{font:inherit;padding:.6rem 1.2rem;border-radius:6px;border:0;background:#0b6e4f;color:#fff;cursor:pointer}</style>
</head><body>
<h1>${escapeHtml(title)}</h1>
${body}
</body></html>`
}

/** GET: says what the link does and asks; a POST of its form (or a mail client's one-click POST) unsubscribes. */
export function confirmPage (token: string, email: string, label: string): string {
  return page('Unsubscribe', `<p>Stop emails about ${escapeHtml(label)} to <strong>${escapeHtml(email)}</strong>?</p>
<form method="post" action="/unsubscribe?token=${encodeURIComponent(token)}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">Unsubscribe</button>
</form>`)
}

export function donePage (email: string, label: string): string {
  return page('You are unsubscribed', `<p><strong>${escapeHtml(email)}</strong> will no longer receive emails about ${escapeHtml(label)}.</p>
<p>Other notifications are unchanged; you can turn this back on in your notification settings.</p>`)
}
