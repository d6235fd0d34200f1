import { Duration, Stack } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  MathExpression,
  Metric,
  TreatMissingData,
  type IAlarmAction,
  type IMetric,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { FilterPattern, MetricFilter, type ILogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

export interface ConnectAlarmsProps {
  readonly api: IHttpApi;
  readonly functions: Readonly<Record<string, IFunction>>;
  /** The functions' log groups: an error-level line in any of them is a server error. */
  readonly logGroups: readonly ILogGroup[];
  readonly table: ITable;
  /** Added to every alarm, for ALARM and back to OK. Default: none. */
  readonly action?: IAlarmAction;
}

/**
 * Lambda's JSON log format puts the level of each line in `level`; functions/log.ts logs at
 * ERROR only what became a 500 (`request failed`, with its source-mapped stack) — a handled
 * error, which neither the functions' Errors metric nor, when rare, the 5xx rate would show.
 */
export const SERVER_ERROR_PATTERN = '{ $.level = "ERROR" }';

const PERIOD = Duration.minutes(5);

/**
 * What pages someone: the API failing (5xx rate), any handled server error (a logged 500),
 * a function crashing or being throttled, the table throttling. The `action` prop (an SNS
 * topic, a chat hook) reaches someone; without it they show in the console only.
 */
export class ConnectAlarms extends Construct {
  readonly alarms: Alarm[] = [];
  /** Error-level log lines across every function, per minute. */
  readonly serverErrors: Metric;

  constructor(scope: Construct, id: string, private readonly props: ConnectAlarmsProps) {
    super(scope, id);
    const namespace = `Connect/${Stack.of(this).stackName}`;
    props.logGroups.forEach((logGroup, i) => {
      new MetricFilter(this, `ServerErrorLines${i}`, {
        logGroup,
        filterPattern: FilterPattern.literal(SERVER_ERROR_PATTERN),
        metricNamespace: namespace,
        metricName: 'ServerErrors',
        metricValue: '1',
      });
    });
    this.serverErrors = new Metric({ namespace, metricName: 'ServerErrors', period: PERIOD, statistic: 'Sum' });
    this.add('ServerErrors', this.serverErrors, 0, 'A request failed with a server error (see the function logs for its stack)');

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
    const alarm = new Alarm(this, id, {
      metric,
      threshold,
      evaluationPeriods: periods,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      // No traffic is not an outage.
      treatMissingData: TreatMissingData.NOT_BREACHING,
      alarmDescription: `Connect: ${description}`,
    });
    if (this.props.action) {
      alarm.addAlarmAction(this.props.action);
      alarm.addOkAction(this.props.action);
    }
    this.alarms.push(alarm);
  }
}
