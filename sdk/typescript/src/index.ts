export { createTeamTrekClient, paginate, unwrap, TeamTrekError } from './client.ts'
export type { FetchResult, Page, TeamTrekClient, TeamTrekOptions, Tokens } from './client.ts'
export type * from './schema.ts'
