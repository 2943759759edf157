import type { UpstreamGet } from "./upstream-get.ts";

/** The UpstreamGet contract over fetch(): the fallback client and the one tests of fakes use. */
export function fetchUpstream(fetcher: typeof fetch): UpstreamGet {
  return async (url, { headers, timeoutMs }) => {
    const response = await fetcher(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
    const body = await response.text();
    const names = new Map<string, string>();
    response.headers.forEach((value, name) => names.set(name, value));
    return { status: response.status, headers: names, body };
  };
}
