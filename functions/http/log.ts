/**
 * Structured JSON logs, one object per line (CloudWatch Logs Insights reads them as fields).
 * Callers pass ids and outcomes only: never a secret, token, code or password.
 */
export function log(level: 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown> = {}): void {
  if (process.env.CONNECT_LOG === 'silent') return;
  const line = JSON.stringify({ level, message, time: new Date().toISOString(), ...fields });
  (level === 'error' ? console.error : console.log)(line);
}
