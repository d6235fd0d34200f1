import { Duration } from 'aws-cdk-lib';
import { Rule, RuleTargetInput, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { Construct } from 'constructs';
import type { FunctionSpec } from '../../functions/routes.js';
import { ConnectFunction, type ConnectFunctionProps } from './connect-function.js';

/**
 * The rotation function has no route, so it is not in FUNCTIONS; its grants are stated here the
 * same way: it lists the keys (Query) and, in one transaction, puts the new key and marks the
 * previous ones for retirement (PutItem, UpdateItem). It only ever encrypts.
 */
export const ROTATION_FUNCTION: FunctionSpec = {
  entry: 'functions/handlers/rotate-keys.ts',
  dynamodb: ['dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:UpdateItem'],
  indexes: [],
  signs: false,
  hashes: false,
};

export interface KeyRotationScheduleProps extends Omit<ConnectFunctionProps, 'spec' | 'keyUse'> {
  /** Default: 90 days. */
  readonly interval?: Duration;
}

/**
 * Stages a new signing key on a schedule, through the same use case as `connect keys:rotate`
 * (without `--now`, so the publish-ahead period is honoured).
 */
export class KeyRotationSchedule extends Construct {
  readonly rotation: ConnectFunction;
  readonly rule: Rule;

  constructor(scope: Construct, id: string, props: KeyRotationScheduleProps) {
    super(scope, id);
    const interval = props.interval ?? Duration.days(90);
    this.rotation = new ConnectFunction(this, 'RotateKeys', { ...props, spec: ROTATION_FUNCTION, keyUse: 'encrypt' });
    this.rule = new Rule(this, 'Schedule', {
      description: `Stages a new Connect signing key every ${interval.toHumanString()}`,
      schedule: Schedule.rate(interval),
    });
    // Two retries: a transient DynamoDB or KMS error must not skip a whole rotation period.
    this.rule.addTarget(
      new LambdaFunction(this.rotation.function, { event: RuleTargetInput.fromObject({}), retryAttempts: 2 }),
    );
  }
}
