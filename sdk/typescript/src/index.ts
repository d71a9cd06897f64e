export { createTeamTrekClient, paginate, teamEvents, unwrap, TeamTrekError } from './client.ts'
export type { FetchResult, Page, TeamEventsOptions, TeamTrekClient, TeamTrekOptions, Tokens } from './client.ts'
export type * from './schema.ts'
