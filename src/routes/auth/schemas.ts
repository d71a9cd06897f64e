import { Type, type Static } from '@sinclair/typebox'
import { DisplayName, StrideLength, TimeZone, Units, User } from '../users/schemas.ts'

const Email = Type.String({ format: 'email', maxLength: 254, examples: ['ada@example.com'] })
// The policy (8–128 characters, not a common password) is checked by the
// service so it can say what is wrong; the schema only bounds the work.
const Password = Type.String({ minLength: 1, maxLength: 1024, description: '8–128 characters; common passwords are refused' })
const RefreshToken = Type.String({ minLength: 1, maxLength: 512, description: 'The opaque refresh token from register, login or refresh' })

export const RegisterBody = Type.Object({
  email: Email,
  password: Password,
  displayName: DisplayName,
  timezone: Type.Optional(TimeZone),
  units: Type.Optional(Units),
  strideLengthMeters: Type.Optional(StrideLength)
}, { $id: 'RegisterBody', additionalProperties: false })

export const LoginBody = Type.Object({
  email: Type.String({ minLength: 1, maxLength: 254 }),
  password: Password
}, { $id: 'LoginBody', additionalProperties: false })

export const RefreshBody = Type.Object({
  refreshToken: RefreshToken
}, { $id: 'RefreshBody', additionalProperties: false })

export const AuthResult = Type.Object({
  user: Type.Ref(User),
  accessToken: Type.String({ description: 'JWT for the Authorization header; short-lived' }),
  refreshToken: Type.String({ description: 'Single-use: every refresh returns a new one. Reusing an old one ends the session.' }),
  tokenType: Type.Literal('Bearer'),
  expiresIn: Type.Integer({ description: 'Seconds until the access token expires' })
}, { $id: 'AuthResult', additionalProperties: false })

export type RegisterInput = Static<typeof RegisterBody>
export type AuthResultView = Static<typeof AuthResult>

export const AUTH_SCHEMAS = [RegisterBody, LoginBody, RefreshBody, AuthResult]
