/** A mistake in an admin request: the CLI prints its message as one line, the API as 4xx. */
export class AdminError extends Error {
  constructor(
    message: string,
    readonly kind: 'invalid' | 'not_found' | 'conflict' = 'invalid',
    readonly field?: string,
  ) {
    super(message);
    this.name = 'AdminError';
  }
}
