import http from 'node:http';
import https from 'node:https';
import { type DestinationPolicy, RefusedDestination, checkedLookup, refusedUrl } from './webhook-destination';

/**
 * POSTs one webhook and answers the HTTP status. Redirects are never followed (a 3xx is the answer), and
 * unless the policy allows private destinations, the URL and every address its host resolves to at connect
 * time are checked first (webhook-destination.ts). A fresh connection each time: a pooled socket would skip
 * the check of a later resolution.
 */
export async function postWebhook(
  url: string,
  request: { headers: Record<string, string>; body: string; timeoutMs: number },
  policy: DestinationPolicy,
): Promise<number> {
  const refused = refusedUrl(url, policy);
  if (refused) throw new RefusedDestination(`refused destination: ${refused}`);
  const target = new URL(url);
  const send = target.protocol === 'https:' ? https.request : http.request;
  const body = Buffer.from(request.body, 'utf8');
  return new Promise<number>((resolve, reject) => {
    const req = send(
      target,
      {
        method: 'POST',
        headers: { ...request.headers, 'Content-Length': String(body.length) },
        agent: false,
        signal: AbortSignal.timeout(request.timeoutMs),
        ...(policy.allowPrivate ? {} : { lookup: checkedLookup }),
      },
      (res) => {
        // Only the status matters; the body is read and dropped so that the connection can close. The
        // timeout may still abort it, which is no longer this attempt's concern.
        res.on('error', () => undefined);
        res.resume();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}
