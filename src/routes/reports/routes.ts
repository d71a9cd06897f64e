import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { AUTH_ERRORS, BEARER, Envelope, errorResponses, ok } from '../../lib/envelope.ts'
import { IdParams } from '../../lib/params.ts'
import { REPORT_CSP, reportCsv, reportHtml } from './render.ts'
import { Report, ReportFormatQuery, ReportsQuery, ReportSummary } from './schemas.ts'

/** The format asked for: ?format wins, then the Accept header's first known type, then JSON. */
function formatOf (format: 'json' | 'csv' | 'html' | undefined, accept: string | undefined): 'json' | 'csv' | 'html' {
  if (format) return format
  for (const part of (accept ?? '').split(',')) {
    const type = part.split(';')[0]!.trim().toLowerCase()
    if (type === 'application/json') return 'json'
    if (type === 'text/csv') return 'csv'
    if (type === 'text/html') return 'html'
  }
  return 'json'
}

const reportsRoutes: FastifyPluginAsyncTypebox = async (fastify) => {
  const reports = fastify.reports

  fastify.get('/teams/:id/reports', {
    schema: {
      tags: ['reports'],
      operationId: 'listTeamReports',
      summary: 'The team\'s weekly reports, newest week first',
      description: 'One report per ISO week, made on Monday morning in the team\'s time zone; members only.',
      security: BEARER,
      params: IdParams,
      querystring: ReportsQuery,
      response: {
        200: Envelope(Type.Array(Type.Ref(ReportSummary)), 'A page of reports'),
        ...errorResponses('VALIDATION_ERROR', 'INVALID_CURSOR', ...AUTH_ERRORS, 'TEAM_NOT_FOUND')
      }
    }
  }, async (request) => {
    const { data, nextCursor } = await reports.list(request.user.userId, request.params.id, request.query)
    return ok(data, { nextCursor })
  })

  fastify.get('/reports/:id', {
    schema: {
      tags: ['reports'],
      operationId: 'getReport',
      summary: 'One weekly report as JSON, CSV or HTML (with a chart)',
      description: 'Choose with `?format=` or the Accept header (`application/json`, `text/csv`, `text/html`). ' +
        'CSV: one row per person in metres and a total; text starting with = + - @ is prefixed with an apostrophe. ' +
        'HTML: self-contained (inline SVG chart, no external resources), in your units, readable on a phone and printable.',
      security: BEARER,
      params: IdParams,
      querystring: ReportFormatQuery,
      response: {
        200: {
          description: 'The report',
          content: {
            'application/json': { schema: Envelope(Type.Ref(Report), 'The report') },
            'text/csv': { schema: Type.String() },
            'text/html': { schema: Type.String() }
          }
        },
        ...errorResponses('VALIDATION_ERROR', ...AUTH_ERRORS, 'REPORT_NOT_FOUND')
      }
    }
  }, async (request, reply) => {
    const { units, ...found } = await reports.get(request.user.userId, request.params.id)
    const format = formatOf(request.query.format, request.headers.accept)
    reply.header('cache-control', 'private, max-age=60').header('vary', 'accept')
    if (format === 'csv') {
      const name = `${found.report.week}-report.csv`
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(reportCsv(found.report))
    }
    if (format === 'html') {
      return reply.type('text/html; charset=utf-8').header('content-security-policy', REPORT_CSP).send(reportHtml(found.report, units))
    }
    return reply.type('application/json; charset=utf-8').send(ok(found))
  })
}

export default reportsRoutes
