/**
 * Structured JSON logs, one object per line (CloudWatch Logs Insights reads them as fields).
 * Callers pass ids and outcomes only: never a secret, token, code or password.
 */
export function log(level: 'info' | 'warn' | 'error', message: string, fields: Record<string, unknown> = {}): void {
  // CONNECT_LOG=silent mutes everything (the test suite); =audit keeps only the audit trail.
  const mode = process.env.CONNECT_LOG;
  if (mode === 'silent' || (mode === 'audit' && fields.audit !== true)) return;
  const entry = { level, message, time: new Date().toISOString(), ...fields };
  // With Lambda's JSON log format, an object passed to console keeps its fields queryable;
  // a string would end up quoted inside the "message" field.
  const line = process.env.AWS_LAMBDA_LOG_FORMAT === 'JSON' ? entry : JSON.stringify(entry);
  (level === 'error' ? console.error : console.log)(line);
}

export type AuditEvent =
  | 'token.issued'
  | 'token.refreshed'
  | 'token.revoked'
  | 'grant.family_revoked'
  | 'client.authentication_failed'
  | 'user.authentication_failed'
  | 'user.locked_out'
  | 'client.created'
  | 'client.revoked'
  | 'client.secret_rotated'
  | 'device.approved'
  | 'device.denied'
  | 'device.code_reused';

export interface AuditFields {
  readonly client_id?: string;
  readonly user_id?: string;
  readonly jti?: string;
  readonly grant_id?: string;
  readonly grant_type?: string;
  readonly ip?: string;
  readonly reason?: string;
}

/**
 * The audit trail (issue #7): one event per issuance, refresh, revocation, failure or lockout,
 * and per change to a client's existence or secret.
 */
export function audit(event: AuditEvent, fields: AuditFields): void {
  log(event.endsWith('failed') || event === 'user.locked_out' ? 'warn' : 'info', event, { audit: true, ...fields });
}
