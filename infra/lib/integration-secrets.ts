import { CfnOutput, RemovalPolicy } from 'aws-cdk-lib'
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager'
import { Construct } from 'constructs'
import { acknowledge } from './nag.ts'

export interface IntegrationSecretsProps {
  /** Google Health is configured (a client id is given): its client secret and webhook secret exist. */
  google: boolean
  /** Strava is configured: likewise. */
  strava: boolean
}

/**
 * The fitness-tracker secrets, in Secrets Manager. The service reads each at
 * start from the `<SETTING>_ARN` it is given (src/app/secret-settings.ts).
 *
 * - The provider-token key (AES-256-GCM, INTEGRATIONS_TOKEN_KEYS) and our two
 *   webhook secrets are generated here: they are ours.
 * - The providers' OAuth client secrets are issued by Google and Strava: the
 *   secret is created with a random placeholder that an operator replaces
 *   with `aws secretsmanager put-secret-value` (infra/README.md). Until then
 *   connecting fails at the token exchange; nothing else does.
 *
 * Retained on deletion: encrypted provider tokens in the database are
 * unreadable without the key, and the webhook secrets are registered at the
 * providers.
 */
export class IntegrationSecrets extends Construct {
  readonly tokenKeys: secretsmanager.Secret
  readonly google?: { clientSecret: secretsmanager.Secret, webhookToken: secretsmanager.Secret }
  readonly strava?: { clientSecret: secretsmanager.Secret, webhookVerifyToken: secretsmanager.Secret }

  constructor (scope: Construct, id: string, props: IntegrationSecretsProps) {
    super(scope, id)
    this.tokenKeys = new secretsmanager.Secret(this, 'TokenKeys', {
      description: 'TeamTrek INTEGRATIONS_TOKEN_KEYS: the AES-256-GCM key of stored provider tokens ({"keyId","key"}; to rotate, write "k2:<new>,k1:<old>")',
      // 43 base64 characters are 32 bytes; letters and digits only, so any of them are valid base64.
      generateSecretString: { secretStringTemplate: JSON.stringify({ keyId: 'k1' }), generateStringKey: 'key', passwordLength: 43, excludePunctuation: true, includeSpace: false },
      removalPolicy: RemovalPolicy.RETAIN
    })
    acknowledge(this.tokenKeys, 'SMG4', 'The token key encrypts stored provider tokens: a rotation adds a key id next to the old one ("k2:…,k1:…"), which a generic rotation Lambda cannot do; tokens written with the old key must stay readable')

    const ours = (name: string, setting: string, length: number) => {
      const secret = new secretsmanager.Secret(this, name, {
        description: `TeamTrek ${setting} (generated here; register the same value at the provider)`,
        generateSecretString: { passwordLength: length, excludePunctuation: true, includeSpace: false },
        removalPolicy: RemovalPolicy.RETAIN
      })
      acknowledge(secret, 'SMG4', `${setting} is registered at the provider; rotating it means updating the provider's subscription at the same moment, which is a manual step`)
      return secret
    }
    const theirs = (name: string, setting: string, provider: string) => {
      const secret = new secretsmanager.Secret(this, name, {
        description: `TeamTrek ${setting}: replace this placeholder with the client secret ${provider} issued`,
        removalPolicy: RemovalPolicy.RETAIN
      })
      acknowledge(secret, 'SMG4', `${setting} is issued by ${provider}; it changes only when ${provider} issues a new one`)
      return secret
    }
    if (props.google) {
      this.google = { clientSecret: theirs('GoogleClientSecret', 'GOOGLE_CLIENT_SECRET', 'Google'), webhookToken: ours('GoogleWebhookToken', 'GOOGLE_WEBHOOK_TOKEN', 48) }
      output(this, 'GoogleClientSecretArn', this.google.clientSecret.secretArn, 'Put the Google OAuth client secret here')
    }
    if (props.strava) {
      this.strava = { clientSecret: theirs('StravaClientSecret', 'STRAVA_CLIENT_SECRET', 'Strava'), webhookVerifyToken: ours('StravaWebhookVerifyToken', 'STRAVA_WEBHOOK_VERIFY_TOKEN', 32) }
      output(this, 'StravaClientSecretArn', this.strava.clientSecret.secretArn, 'Put the Strava client secret here')
    }
  }

  /** Every secret here: each runtime that gets `environment()` must be able to read them all. */
  all (): secretsmanager.ISecret[] {
    return [
      this.tokenKeys,
      ...(this.google ? [this.google.clientSecret, this.google.webhookToken] : []),
      ...(this.strava ? [this.strava.clientSecret, this.strava.webhookVerifyToken] : [])
    ]
  }

  /** The `<SETTING>_ARN` variables the service resolves at start. */
  environment (): Record<string, string> {
    return {
      INTEGRATIONS_TOKEN_KEYS_ARN: this.tokenKeys.secretArn,
      ...(this.google ? { GOOGLE_CLIENT_SECRET_ARN: this.google.clientSecret.secretArn, GOOGLE_WEBHOOK_TOKEN_ARN: this.google.webhookToken.secretArn } : {}),
      ...(this.strava ? { STRAVA_CLIENT_SECRET_ARN: this.strava.clientSecret.secretArn, STRAVA_WEBHOOK_VERIFY_TOKEN_ARN: this.strava.webhookVerifyToken.secretArn } : {})
    }
  }
}

/** A stack output: where an operator puts the provider's client secret. */
function output (scope: Construct, id: string, value: string, description: string): CfnOutput {
  return new CfnOutput(scope, id, { value, description })
}
