/**
 * A loopback HTTP proxy in front of moto for the backend tests. Requests and responses are moto's
 * own; the proxy adds only what moto lacks and AWS documents:
 *  - Page limits: moto 5.2.5 returns GetDatabases, GetTables, GetPartitions and GetQueryResults
 *    in one response; AWS pages them (MaxResults, at most 100 tables / 1,000 partitions / 1,000
 *    result rows) with NextToken. The proxy slices moto's full answer the same way, so paging
 *    code meets real paging.
 *  - Faults on demand (throttling, access denied, expired tokens, a FAILED query), which moto
 *    cannot be told to produce.
 * Every call is recorded by its action so tests can say what was (and was not) called.
 */
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedCall {
  /** `AWSGlue.GetTables`, `AmazonAthena.GetQueryExecution`, or `S3 GET /bucket/key`. */
  readonly action: string;
  readonly body: Record<string, unknown>;
}

export interface Fault {
  /** The action it applies to (see ProxiedCall.action; S3 calls match by prefix). */
  readonly action: string;
  /** How many matching calls it affects (default: all). */
  times?: number;
  /** Answer with this instead of forwarding. */
  readonly respond?: { readonly status: number; readonly body: string; readonly contentType?: string };
  /** Forward, then change moto's JSON answer. */
  readonly rewrite?: (json: Record<string, unknown>, request: Record<string, unknown>) => Record<string, unknown>;
  /** Only calls whose JSON body passes this. */
  readonly when?: (request: Record<string, unknown>) => boolean;
}

export interface AwsProxy {
  readonly endpoint: string;
  readonly calls: ProxiedCall[];
  addFault(fault: Fault): void;
  clearFaults(): void;
  /** Calls recorded for one action. */
  count(action: string): number;
  stop(): Promise<void>;
}

/** AWS's page sizes for the lists moto does not page (`ResultSet.Rows` is nested). */
const PAGED: Record<string, { list: string; max: number }> = {
  'AWSGlue.GetDatabases': { list: 'DatabaseList', max: 100 },
  'AWSGlue.GetTables': { list: 'TableList', max: 100 },
  'AWSGlue.GetPartitions': { list: 'Partitions', max: 1000 },
  'AmazonAthena.GetQueryResults': { list: 'ResultSet.Rows', max: 1000 },
};

function getList(reply: Record<string, unknown>, path: string): unknown[] {
  let v: unknown = reply;
  for (const k of path.split('.')) v = typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined;
  return Array.isArray(v) ? v : [];
}

function setList(reply: Record<string, unknown>, path: string, list: unknown[]): Record<string, unknown> {
  const [head = '', ...rest] = path.split('.');
  if (!rest.length) return { ...reply, [head]: list };
  const inner = typeof reply[head] === 'object' && reply[head] !== null ? (reply[head] as Record<string, unknown>) : {};
  return { ...reply, [head]: setList(inner, rest.join('.'), list) };
}

/** An AWS JSON-protocol error body, as the SDK parses it. */
export function jsonError(type: string, message: string, status = 400): { status: number; body: string; contentType: string } {
  return { status, body: JSON.stringify({ __type: type, message, Message: message }), contentType: 'application/x-amz-json-1.1' };
}

/** An S3 (REST-XML) error body. */
export function s3Error(code: string, message: string, status: number): { status: number; body: string; contentType: string } {
  return { status, body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`, contentType: 'application/xml' };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseJson(buf: Buffer): Record<string, unknown> {
  if (!buf.length) return {};
  try {
    const v = JSON.parse(buf.toString('utf8')) as unknown;
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export interface ProxyOptions {
  /** Slice Glue's lists into AWS-sized pages (default on). */
  readonly pageGlue?: boolean;
  /** Slice GetQueryResults too (off by default: slicing a big result on every call costs what paging saves). */
  readonly pageResults?: boolean;
  /**
   * Keep moto's whole answer to a paged Glue list and serve every page of it from memory (until a
   * Glue write passes through). Moto lists everything on every call (4 s for 10,000 tables), where
   * Glue answers each page on its own; without this, every page would pay for the whole list.
   */
  readonly holdLists?: boolean;
}

export async function startAwsProxy(upstream: string, options: ProxyOptions = {}): Promise<AwsProxy> {
  const target = new URL(upstream);
  const faults: Fault[] = [];
  const calls: ProxiedCall[] = [];
  const pageGlue = options.pageGlue ?? true;
  const pageResults = options.pageResults ?? false;
  const held = new Map<string, Record<string, unknown>>();

  const forward = (req: IncomingMessage, body: Buffer): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> =>
    new Promise((resolve, reject) => {
      const headers = { ...req.headers, host: target.host, 'content-length': String(body.length) };
      const out = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      });
      out.on('error', reject);
      out.end(body);
    });

  /** Streams moto's answer straight through (S3 objects can be large). */
  const pipeThrough = (req: IncomingMessage, res: ServerResponse, body: Buffer): void => {
    const headers = { ...req.headers, host: target.host, 'content-length': String(body.length) };
    const out = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    out.on('error', (e) => {
      res.writeHead(502);
      res.end(String(e));
    });
    out.end(body);
  };

  const server: Server = createServer((req, res) => {
    void (async () => {
      const raw = await readBody(req);
      const amzTarget = req.headers['x-amz-target'];
      const action = typeof amzTarget === 'string' ? amzTarget : `S3 ${req.method ?? 'GET'} ${(req.url ?? '').split('?')[0] ?? ''}`;
      const json = typeof amzTarget === 'string' ? parseJson(raw) : {};
      calls.push({ action, body: json });

      const fault = faults.find((f) => (f.action === action || (action.startsWith('S3 ') && action.startsWith(f.action))) && (f.times ?? 1) > 0 && (!f.when || f.when(json)));
      if (fault) {
        if (fault.times !== undefined) fault.times--;
        if (fault.respond) {
          res.writeHead(fault.respond.status, { 'content-type': fault.respond.contentType ?? 'application/x-amz-json-1.1', 'x-amzn-requestid': 'proxy-fault' });
          res.end(fault.respond.body);
          return;
        }
      }

      if (typeof amzTarget === 'string' && amzTarget.startsWith('AWSGlue.') && !/^AWSGlue\.(Get|Search|List|BatchGet)/.test(amzTarget)) held.clear();
      const wanted = typeof amzTarget === 'string' && (amzTarget.startsWith('AWSGlue.') ? pageGlue : pageResults);
      const paged = wanted && typeof amzTarget === 'string' ? PAGED[amzTarget] : undefined;
      if (!paged && !fault?.rewrite) {
        pipeThrough(req, res, raw);
        return;
      }
      // Moto answers with everything; strip the paging fields so it does not choke on them.
      const { NextToken, MaxResults, ...rest } = json;
      const upstreamBody = paged ? Buffer.from(JSON.stringify(rest)) : raw;
      const holdKey = paged && options.holdLists && !fault ? `${action} ${upstreamBody.toString('utf8')}` : undefined;
      const kept = holdKey ? held.get(holdKey) : undefined;
      const answer = kept ? { status: 200, headers: { 'content-type': 'application/x-amz-json-1.1' }, body: Buffer.alloc(0) } : await forward(req, upstreamBody);
      let out = answer.body;
      if (answer.status === 200) {
        let reply = kept ?? parseJson(answer.body);
        if (holdKey && !kept) held.set(holdKey, reply);
        if (paged) {
          const list = getList(reply, paged.list);
          const size = Math.min(typeof MaxResults === 'number' && MaxResults > 0 ? MaxResults : paged.max, paged.max);
          const offset = typeof NextToken === 'string' ? Number(Buffer.from(NextToken, 'base64').toString('utf8').replace(/^offset:/, '')) : 0;
          reply = setList(reply, paged.list, list.slice(offset, offset + size));
          delete reply.NextToken;
          if (offset + size < list.length) reply.NextToken = Buffer.from(`offset:${offset + size}`).toString('base64');
        }
        if (fault?.rewrite) reply = fault.rewrite(reply, json);
        out = Buffer.from(JSON.stringify(reply));
      }
      const headers: Record<string, string | string[] | undefined> = { ...answer.headers, 'content-length': String(out.length) };
      delete headers['transfer-encoding'];
      res.writeHead(answer.status, headers);
      res.end(out);
    })().catch((e: unknown) => {
      res.writeHead(502);
      res.end(String(e));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    calls,
    addFault: (f) => faults.push(f),
    clearFaults: () => void faults.splice(0),
    count: (action) => calls.filter((c) => c.action === action).length,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
