import { Duration } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  MathExpression,
  TreatMissingData,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';

export interface ConnectAlarmsProps {
  readonly api: IHttpApi;
  readonly functions: Readonly<Record<string, IFunction>>;
  readonly table: ITable;
}

const PERIOD = Duration.minutes(5);

/**
 * What pages someone: the API failing (5xx rate), a function crashing or being throttled, the
 * table throttling. Alarms carry no action here; add one with `alarm.addAlarmAction(...)` on
 * `ConnectAuthServer.alarms` (an SNS topic, a chat hook) — that choice belongs to the user.
 */
export class ConnectAlarms extends Construct {
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: ConnectAlarmsProps) {
    super(scope, id);
    // A rate, not a count: 5 failures in 10 requests matter, 5 in a million do not.
    const serverErrorRate = new MathExpression({
      label: '5xx rate (%)',
      expression: 'IF(requests > 0, 100 * errors / requests, 0)',
      usingMetrics: {
        errors: props.api.metricServerError({ period: PERIOD, statistic: 'Sum' }),
        requests: props.api.metricCount({ period: PERIOD, statistic: 'Sum' }),
      },
      period: PERIOD,
    });
    this.add('Api5xxRate', serverErrorRate, 1, 'More than 1% of requests answered 5xx in two 5-minute periods', 2);

    for (const [name, fn] of Object.entries(props.functions)) {
      // The handlers turn every error into a response, so Errors counts crashes and timeouts only.
      this.add(`${name}Errors`, fn.metricErrors({ period: PERIOD, statistic: 'Sum' }), 0, `${name} function crashed or timed out`);
      this.add(`${name}Throttles`, fn.metricThrottles({ period: PERIOD, statistic: 'Sum' }), 0, `${name} function hit its concurrency limit`);
    }

    const throttled = new MathExpression({
      label: 'Throttled reads + writes',
      expression: 'reads + writes',
      usingMetrics: {
        reads: props.table.metric('ReadThrottleEvents', { period: PERIOD, statistic: 'Sum' }),
        writes: props.table.metric('WriteThrottleEvents', { period: PERIOD, statistic: 'Sum' }),
      },
      period: PERIOD,
    });
    this.add('TableThrottles', throttled, 0, 'The table throttled requests (on-demand capacity limit reached)');
  }

  private add(id: string, metric: IMetric, threshold: number, description: string, periods = 1): void {
    this.alarms.push(
      new Alarm(this, id, {
        metric,
        threshold,
        evaluationPeriods: periods,
        comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
        // No traffic is not an outage.
        treatMissingData: TreatMissingData.NOT_BREACHING,
        alarmDescription: `Connect: ${description}`,
      }),
    );
  }
}
