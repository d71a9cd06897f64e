import { Validations } from 'aws-cdk-lib'
import { AwsSolutionsChecks } from 'cdk-nag'
import type { IConstruct } from 'constructs'

/**
 * cdk-nag 3 is a CDK policy-validation plugin: synthesis fails on any
 * finding that is not acknowledged. (2.38 kept the Aspect API; 3.x is the
 * registry's current line and the one that works with aws-cdk-lib 2.276,
 * where the 3.x pack no longer implements IAspect.)
 */
export function addNagChecks (app: IConstruct): void {
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app))
}

/** The plugin's name, which the acknowledgement ids carry as a prefix. */
const PACK = 'AwsSolutions'

/**
 * Acknowledge one AwsSolutions finding on a construct (and everything in
 * it), with the reason it is acceptable here. `rule` is the id cdk-nag
 * prints, e.g. `VPC7` or `IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/…]`.
 */
export function acknowledge (scope: IConstruct, rule: string, reason: string): void {
  // A reason is the point of an acknowledgement: refuse a placeholder.
  if (reason.trim().split(/\s+/).length < 8) throw new Error(`cdk-nag acknowledgement ${rule} needs a real reason (got "${reason}")`)
  Validations.of(scope).acknowledge({ id: `${PACK}::${PACK}-${rule}`, reason })
}

/** The AWS-managed policies CDK attaches to every VPC Lambda function's role. */
export const LAMBDA_MANAGED_POLICIES = [
  'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
  'IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]'
] as const
