/**
 * What an OpenID Connect request asks of the login page (OIDC Core §3.1.2.1): the form even
 * for a signed-in user (prompt=login, an old session under max_age), and the e-mail prefilled
 * from login_hint. Passed as parameters of the login URL; they only change what the page shows.
 */
export function loginPageParams(outcome: { readonly reauthenticate?: boolean; readonly loginHint?: string }): Record<string, string> {
  return {
    ...(outcome.reauthenticate ? { prompt: 'login' } : {}),
    ...(outcome.loginHint !== undefined ? { login_hint: outcome.loginHint } : {}),
  };
}

export function mustShowForm(params: Readonly<Record<string, string>>): boolean {
  return params.prompt === 'login';
}

/** The e-mail to prefill: the login_hint, when it could be one (it is only ever shown, escaped). */
export function prefill(params: Readonly<Record<string, string>>): string | undefined {
  const hint = params.login_hint;
  return hint !== undefined && hint.length <= 320 ? hint : undefined;
}
