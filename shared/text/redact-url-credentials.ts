/**
 * Hides the credentials of every URL in a text (`scheme://user:password@host` becomes
 * `scheme://***@host`), so a message can name a URL without repeating its secret. The
 * whole userinfo goes: a lone user name is often a token (`https://<token>@host`).
 */

/**
 * A scheme, `://`, then the userinfo: everything up to the last `@` before the host ends
 * (at `/`, `?`, `#`, a quote or white space), so a password holding a raw `@` is hidden whole.
 */
const URL_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#"'`<>]*@/gi;

/** `text` with the userinfo of each URL in it replaced by `***`. */
export function redactUrlCredentials(text: string): string {
  return text.replace(URL_USERINFO, "$1***@");
}
