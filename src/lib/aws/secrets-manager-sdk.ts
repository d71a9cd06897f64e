// Imported on first use by src/app/secret-settings.ts (see s3-sdk.ts for why a module of ours).
export { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager'
