import { Type, type Static } from '@sinclair/typebox'

export const Units = Type.Union([Type.Literal('metric'), Type.Literal('imperial')], {
  description: 'How the apps display distances; the API always speaks metres'
})

export const TimeZone = Type.String({
  format: 'iana-timezone',
  maxLength: 64,
  description: 'IANA time zone name; decides which local day an activity falls on',
  examples: ['Europe/London']
})

export const DisplayName = Type.String({ minLength: 1, maxLength: 80, pattern: '\\S' })

export const StrideLength = Type.Number({
  minimum: 0.3,
  maximum: 2.5,
  description: 'Metres per step, used to turn step counts into distance'
})

export const User = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String({ format: 'email' }),
  displayName: Type.String(),
  units: Units,
  timezone: Type.String(),
  strideLengthMeters: Type.Number(),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' })
}, { $id: 'User', additionalProperties: false, description: 'The signed-in user, as only they see themselves' })

export const PublicUser = Type.Object({
  id: Type.String({ format: 'uuid' }),
  displayName: Type.String()
}, { $id: 'PublicUser', additionalProperties: false, description: 'What any signed-in user may see of another' })

export const UpdateMeBody = Type.Object({
  displayName: Type.Optional(DisplayName),
  units: Type.Optional(Units),
  timezone: Type.Optional(TimeZone),
  strideLengthMeters: Type.Optional(StrideLength)
}, { $id: 'UpdateMeBody', additionalProperties: false, minProperties: 1 })

export type UserView = Static<typeof User>
export type PublicUserView = Static<typeof PublicUser>
export type UpdateMeInput = Static<typeof UpdateMeBody>

export const USER_SCHEMAS = [User, PublicUser, UpdateMeBody]
