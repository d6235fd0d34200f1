/** The OpenID Connect parameters the seed route passes on to /oauth/authorize when given (which checks them). */
const PASSED_ON = ['nonce', 'prompt', 'max_age', 'login_hint'] as const;

export function passedOn(params: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(PASSED_ON.filter((name) => params[name] !== undefined).map((name) => [name, params[name]!]));
}
