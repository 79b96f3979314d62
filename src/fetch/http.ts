// A polite, bounded HTTP GET over Node's own fetch: the tool's user agent, at most 4 requests at
// once and 2 per host, a deadline for the response to start and one for the whole body, a size cap
// enforced while reading (a decompressed byte count, so a gzip bomb stops too), redirects followed
// by hand (≤ 5, http and https only, loops named), one retry with backoff on 5xx and timeouts.
// Node's fetch has no connect timeout of its own; the first deadline (no response headers within
// 10 s) covers connecting, TLS and a server that accepts and then says nothing.

export interface HttpLimits {
  userAgent: string;
  /** Bytes of body (after decompression) at most. */
  maxBytes: number;
  /** Until the response headers arrive (connect, TLS, the server's first byte). */
  headersTimeoutMs: number;
  /** For the whole exchange, body included. */
  totalTimeoutMs: number;
  maxRedirects: number;
  /** Attempts for a 5xx or a timeout (the first included). */
  tries: number;
  /** Wait before the second try; doubled after each. */
  backoffMs: number;
}

export const DEFAULT_LIMITS: Omit<HttpLimits, 'userAgent'> = {
  maxBytes: 5 * 1024 * 1024,
  headersTimeoutMs: 10_000,
  totalTimeoutMs: 30_000,
  maxRedirects: 5,
  tries: 2,
  backoffMs: 500,
};

export type FailureKind =
  'status' | 'timeout' | 'too-large' | 'redirect-loop' | 'too-many-redirects' | 'not-http' | 'network';

/** A request that did not give a usable response, with why in words. */
export class FetchFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface HttpResponse {
  /** Where the body came from, after redirects. */
  url: string;
  status: number;
  headers: Headers;
  body: Buffer;
}

/** At most `total` tasks at once, and `perHost` for one host. */
export class Limiter {
  private running = 0;
  private readonly byHost = new Map<string, number>();
  private readonly waiting: { host: string; start: () => void }[] = [];

  constructor(
    private readonly total = 4,
    private readonly perHost = 2,
  ) {}

  async run<T>(url: string, task: () => Promise<T>): Promise<T> {
    const host = new URL(url).host;
    await new Promise<void>((start) => {
      this.waiting.push({ host, start });
      this.next();
    });
    try {
      return await task();
    } finally {
      this.running--;
      this.byHost.set(host, (this.byHost.get(host) ?? 1) - 1);
      this.next();
    }
  }

  private next(): void {
    for (let i = 0; i < this.waiting.length && this.running < this.total; i++) {
      const { host, start } = this.waiting[i]!;
      if ((this.byHost.get(host) ?? 0) >= this.perHost) continue;
      this.waiting.splice(i--, 1);
      this.running++;
      this.byHost.set(host, (this.byHost.get(host) ?? 0) + 1);
      start();
    }
  }
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * GET `url`. Resolves with any final status (a 304 or a 404 is an answer, not a failure), except a
 * 5xx after the last try; rejects with a FetchFailure for timeouts, oversized bodies, redirect
 * trouble and network errors. `limiter` spaces the requests of one run.
 */
export async function httpGet(
  url: string,
  limits: HttpLimits,
  limiter: Limiter,
  headers: Record<string, string> = {},
): Promise<HttpResponse> {
  for (let attempt = 1; ; attempt++) {
    try {
      const response = await limiter.run(url, () => followRedirects(url, limits, headers));
      if (response.status >= 500 && attempt < limits.tries) {
        await sleep(limits.backoffMs * 2 ** (attempt - 1));
        continue;
      }
      if (response.status >= 500) throw new FetchFailure('status', `HTTP ${response.status}`, response.status);
      return response;
    } catch (error) {
      const failure = asFailure(error);
      if (failure.kind === 'timeout' && attempt < limits.tries) {
        await sleep(limits.backoffMs * 2 ** (attempt - 1));
        continue;
      }
      throw failure;
    }
  }
}

async function followRedirects(
  start: string,
  limits: HttpLimits,
  headers: Record<string, string>,
): Promise<HttpResponse> {
  const seen = new Set<string>();
  let url = start;
  for (let hops = 0; ; hops++) {
    if (!/^https?:$/.test(new URL(url).protocol))
      throw new FetchFailure('not-http', `not an http or https address: ${url}`);
    seen.add(url);
    const response = await once(url, limits, headers);
    if (!REDIRECTS.has(response.status)) return response;
    const location = response.headers.get('location');
    if (!location) return response;
    const next = new URL(location, url).toString();
    if (seen.has(next)) throw new FetchFailure('redirect-loop', `redirect loop (${url} → ${next})`);
    if (hops + 1 > limits.maxRedirects)
      throw new FetchFailure('too-many-redirects', `more than ${limits.maxRedirects} redirects`);
    url = next;
  }
}

/** One request, no redirect followed, the body read under the size cap and both deadlines. */
async function once(url: string, limits: HttpLimits, headers: Record<string, string>): Promise<HttpResponse> {
  const controller = new AbortController();
  let timedOut: string | null = null;
  const abortAfter = (ms: number, what: string): NodeJS.Timeout =>
    setTimeout(() => {
      timedOut = what;
      controller.abort();
    }, ms);
  const total = abortAfter(limits.totalTimeoutMs, `no complete answer within ${limits.totalTimeoutMs / 1000} s`);
  const firstByte = abortAfter(limits.headersTimeoutMs, `no answer within ${limits.headersTimeoutMs / 1000} s`);
  try {
    const response = await fetch(url, {
      redirect: 'manual',
      signal: controller.signal,
      headers: { 'user-agent': limits.userAgent, 'accept-encoding': 'gzip, deflate, br', ...headers },
    });
    clearTimeout(firstByte);
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (declared > limits.maxBytes) {
      controller.abort();
      throw new FetchFailure(
        'too-large',
        `larger than ${megabytes(limits.maxBytes)} (${megabytes(declared)} announced)`,
      );
    }
    const chunks: Buffer[] = [];
    let size = 0;
    if (response.body) {
      const reader = response.body.getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        size += value.byteLength;
        if (size > limits.maxBytes) {
          controller.abort();
          throw new FetchFailure('too-large', `larger than ${megabytes(limits.maxBytes)}, abandoned while reading`);
        }
        chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
      }
    }
    return { url, status: response.status, headers: response.headers, body: Buffer.concat(chunks, size) };
  } catch (error) {
    if (error instanceof FetchFailure) throw error;
    if (timedOut !== null) throw new FetchFailure('timeout', timedOut);
    throw error;
  } finally {
    clearTimeout(total);
    clearTimeout(firstByte);
  }
}

function asFailure(error: unknown): FetchFailure {
  if (error instanceof FetchFailure) return error;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : '';
  const message = error instanceof Error ? error.message : String(error);
  return new FetchFailure('network', cause ? `${message} (${cause})` : message);
}

function megabytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.round(bytes / 1024)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
