import { Type, type Static } from '@sinclair/typebox'

/** Text limits, in characters (code points, so an emoji counts once). */
export const MAX_TEXT_CHARACTERS = 2000

export const ChatMessage = Type.Object({
  id: Type.String({ format: 'uuid', description: 'A UUIDv7: its first 48 bits are the send time' }),
  teamId: Type.String({ format: 'uuid' }),
  authorId: Type.String({ format: 'uuid' }),
  authorName: Type.String({ description: 'The author\'s display name when sent' }),
  text: Type.String({ description: 'Exactly as sent: plain text, never HTML. Render it as text.', examples: ['Oxford by Friday?'] }),
  clientMessageId: Type.Optional(Type.String()),
  createdAt: Type.String({ format: 'date-time' })
}, { $id: 'ChatMessage', additionalProperties: false })
export type ChatMessageView = Static<typeof ChatMessage>

export const SendMessageBody = Type.Object({
  // Code points are checked in the service; this bound keeps parsing cheap.
  text: Type.String({ minLength: 1, maxLength: MAX_TEXT_CHARACTERS * 2, description: `1–${MAX_TEXT_CHARACTERS} characters, not only spaces` }),
  clientMessageId: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'Your id for this send: sending it again returns the first message instead of a second one' }))
}, { $id: 'SendMessageBody', additionalProperties: false })
export type SendMessageInput = Static<typeof SendMessageBody>

export const MessageParams = Type.Object({
  id: Type.String({ format: 'uuid' }),
  messageId: Type.String({ format: 'uuid' })
}, { additionalProperties: false })

export const CHAT_SCHEMAS = [ChatMessage, SendMessageBody]
