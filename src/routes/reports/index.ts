import { defineDomain } from '../../plugins/domain.ts'
import type { ReportSettings } from './jobs.ts'
import reportsRoutes from './routes.ts'
import { REPORT_SCHEMAS } from './schemas.ts'
import { createReportService, type ReportService } from './service.ts'

declare module 'fastify' {
  interface FastifyInstance {
    reports: ReportService
    /** What the `generate-reports` job needs from the settings (JobDeps reads it). */
    reportSettings: ReportSettings
  }
}

/** Weekly team reports: the `generate-reports` job writes them (jobs.ts), members read them. */
export default defineDomain({
  name: 'reports',
  tags: [{ name: 'reports', description: 'Weekly team reports in JSON, CSV and HTML' }],
  schemas: REPORT_SCHEMAS,
  services: (fastify, config) => {
    fastify.decorate('reports', createReportService(fastify.db))
    fastify.decorate<ReportSettings>('reportSettings', { reportHour: config.REPORT_HOUR })
  },
  routes: reportsRoutes,
  auth: 'bearer'
})
