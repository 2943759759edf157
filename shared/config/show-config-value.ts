/**
 * How a configuration error shows a variable's value: as it was given, so the operator
 * sees what is wrong with it, except what must not reach a terminal or a log. A secret
 * variable (a name ending in TOKEN, KEY, SECRET or PASSWORD) shows as `(hidden)`, and a
 * URL's credentials (`user:password@`) as `***`, whatever the variable.
 */
import { redactUrlCredentials } from "../text/redact-url-credentials.ts";

/**
 * Names of variables that hold a secret. `…_FILE` variables name where a secret is kept
 * (KAFKA_SASL_PASSWORD_FILE, TELEMETRY_SIGNING_KEY_FILE): a path, shown like any value.
 */
const SECRET_NAME = /(?:TOKEN|KEY|SECRET|PASSWORD)$/;

/** Whether variable `name` holds a secret whose value is never shown. */
export function isSecretVariable(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** `value` of variable `name` as an error may show it: `(unset)`, `(hidden)`, or quoted with URL credentials hidden. */
export function showConfigValue(name: string, value: string | undefined): string {
  if (value === undefined) return "(unset)";
  if (isSecretVariable(name)) return "(hidden)";
  return JSON.stringify(redactUrlCredentials(value));
}

/**
 * `message` (a schema's complaint about `value` of `name`) without the secret: some
 * messages quote the value they refuse.
 */
export function hideValueIn(message: string, name: string, value: string | undefined): string {
  const hidden = value !== undefined && value !== "" && isSecretVariable(name) ? message.replaceAll(value, "(hidden)") : message;
  return redactUrlCredentials(hidden);
}
