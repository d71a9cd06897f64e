import { Type } from '@sinclair/typebox'
import { EVENTS_LIMIT } from '../../lib/pagination.ts'
import { Defaulted } from '../../lib/params.ts'

export const TeamEventSchema = Type.Object({
  id: Type.String({ format: 'uuid', description: 'Unique: drop an event whose id you have seen' }),
  seq: Type.Integer({ minimum: 1, description: 'Per team, strictly increasing, no gaps' }),
  teamId: Type.String({ format: 'uuid' }),
  type: Type.Union(['progress_update', 'waypoint_reached', 'member_joined', 'member_left', 'chat_message', 'chat_message_deleted'].map(t => Type.Literal(t))),
  data: Type.Record(Type.String(), Type.Unknown(), { description: 'As on the WebSocket (openapi/asyncapi.yaml)' }),
  at: Type.String({ format: 'date-time' })
}, { $id: 'TeamEvent', additionalProperties: false })

export const EventsQuery = Type.Object({
  after: Defaulted(Type.Integer({ minimum: 0, default: 0, description: 'The last `seq` you have; 0 for everything still kept' })),
  limit: Defaulted(Type.Integer({ minimum: EVENTS_LIMIT.minimum, maximum: EVENTS_LIMIT.maximum, default: EVENTS_LIMIT.default }))
}, { additionalProperties: false })

export const EVENTS_SCHEMAS = [TeamEventSchema]
