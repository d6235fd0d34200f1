import { beforeAll, describe, expect, it } from 'vitest';
import { SERVER_ERROR_PATTERN } from '../../infra/constructs/alarms.js';
import { FUNCTIONS } from '../../functions/routes.js';
import { synthesize, type Json, type Synthesized } from './synth.js';

const ofType = (synth: Synthesized, type: string) => Object.values(synth.resources).filter((r: Json) => r.Type === type) as Json[];

describe('operating the deployed stack', () => {
  let plain: Synthesized;

  beforeAll(() => {
    plain = synthesize();
  });

  it('runs every function with source maps on, so logged stacks point at the TypeScript', () => {
    const functions = ofType(plain, 'AWS::Lambda::Function').filter((f) => f.Properties.Environment?.Variables?.TABLE_NAME);
    expect(functions.length).toBe(Object.keys(FUNCTIONS).length + 1);
    for (const fn of functions) expect(fn.Properties.Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
  });

  it('counts error-level log lines of every function and alarms on the first one', () => {
    const filters = ofType(plain, 'AWS::Logs::MetricFilter');
    expect(filters.length).toBe(Object.keys(FUNCTIONS).length + 1);
    for (const filter of filters) {
      expect(filter.Properties.FilterPattern).toBe(SERVER_ERROR_PATTERN);
      expect(filter.Properties.MetricTransformations[0].MetricName).toBe('ServerErrors');
    }
    const alarm = ofType(plain, 'AWS::CloudWatch::Alarm').find((a) => a.Properties.MetricName === 'ServerErrors');
    expect(alarm?.Properties).toMatchObject({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold', Statistic: 'Sum' });
  });

  it('sends no alarm anywhere and reserves no concurrency unless asked', () => {
    for (const alarm of ofType(plain, 'AWS::CloudWatch::Alarm')) expect(alarm.Properties.AlarmActions).toBeUndefined();
    for (const fn of ofType(plain, 'AWS::Lambda::Function')) expect(fn.Properties.ReservedConcurrentExecutions).toBeUndefined();
  });

  it('sends every alarm, and its recovery, to the action given, and reserves the concurrency given per function', () => {
    // Any IAlarmAction: an SnsAction of a topic, a chat hook.
    const synth = synthesize({
      server: {
        alarmAction: { bind: () => ({ alarmActionArn: 'arn:aws:sns:us-east-1:111122223333:oncall' }) },
        reservedConcurrency: { token: 50, login: 20 },
      },
    });
    const alarms = ofType(synth, 'AWS::CloudWatch::Alarm');
    expect(alarms.length).toBeGreaterThan(0);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual(['arn:aws:sns:us-east-1:111122223333:oncall']);
      expect(alarm.Properties.OKActions).toEqual(['arn:aws:sns:us-east-1:111122223333:oncall']);
    }
    const reserved = (fn: Json) => synth.resources[synth.logicalId(fn)].Properties.ReservedConcurrentExecutions;
    expect(reserved(synth.stack.server.functions.token)).toBe(50);
    expect(reserved(synth.stack.server.functions.login)).toBe(20);
    expect(reserved(synth.stack.server.functions.jwks)).toBeUndefined();
  });
});
