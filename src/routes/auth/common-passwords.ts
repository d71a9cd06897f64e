// zxcvbn-ts's lists, imported by password-policy.ts on first use through
// this module of ours (see src/routes/waypoints/gpx-parser.ts for why).
export { dictionary } from '@zxcvbn-ts/language-common'
