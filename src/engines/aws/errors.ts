import { ssoLoginCommand } from '../../core/aws/profiles';

/**
 * What went wrong talking to AWS, said so a person knows the next step. Expected failures
 * (permissions, expired logins, throttling, an unreachable endpoint) become an AwsProblem; the
 * SDK's raw error stays attached as `cause` for the log.
 */
export type AwsProblemKind =
  | 'access-denied'
  | 'sso-login'
  | 'expired-credentials'
  | 'no-credentials'
  | 'missing-profile'
  | 'no-region'
  | 'throttled'
  | 'network'
  | 'not-found'
  | 'invalid-request'
  | 'unknown';

export class AwsProblem extends Error {
  override readonly name = 'AwsProblem';
  constructor(
    readonly kind: AwsProblemKind,
    message: string,
    /** A shell command that fixes it (e.g. `aws sso login --profile dev`). */
    readonly fixCommand?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface AwsCallContext {
  /** The API action, e.g. `glue:GetTables`. */
  readonly action: string;
  /** What it acted on, e.g. `database sales` or `s3://bucket/key`. */
  readonly resource?: string;
  /** The profile in use, for login advice. */
  readonly profile?: string;
}

interface SdkErrorShape {
  name?: string;
  message?: string;
  code?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number };
  $fault?: string;
}

const ACCESS_DENIED = new Set(['AccessDenied', 'AccessDeniedException', 'UnauthorizedOperation', 'UnauthorizedException', 'AllAccessDisabled', 'Forbidden']);
const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired', 'InvalidClientTokenId', 'UnrecognizedClientException', 'InvalidAccessKeyId', 'SignatureDoesNotMatch']);
const THROTTLED = new Set(['Throttling', 'ThrottlingException', 'TooManyRequestsException', 'SlowDown', 'RequestLimitExceeded', 'ProvisionedThroughputExceededException', 'RequestThrottled', 'RequestThrottledException']);
const NOT_FOUND = new Set(['EntityNotFoundException', 'NoSuchKey', 'NoSuchBucket', 'ResourceNotFoundException', 'NotFound', 'MetadataException']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

/** Maps any error from an AWS call to an AwsProblem (an AwsProblem passes through unchanged). */
export function toAwsProblem(error: unknown, ctx: AwsCallContext): AwsProblem {
  if (error instanceof AwsProblem) return error;
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as SdkErrorShape;
  const name = e.name ?? e.Code ?? '';
  const code = e.code ?? '';
  const raw = (e.message ?? '').trim();
  const on = ctx.resource ? ` on ${ctx.resource}` : '';
  const who = ctx.profile ? `profile "${ctx.profile}"` : 'the default credentials';
  const detail = raw && raw !== name ? ` (AWS says: ${raw})` : '';
  const opts = { cause: error };

  if (/sso login|SSO session|SSO token|sso_session|sso_start_url|SSO.*(expired|refresh)/i.test(raw)) {
    const cmd = ssoLoginCommand(ctx.profile);
    return new AwsProblem('sso-login', `The AWS SSO login for ${who} has expired or is missing. Run \`${cmd}\` in a terminal, then retry.`, cmd, opts);
  }
  if (/Profile .* (could not be found|not found)|profile .* does not exist/i.test(raw)) {
    return new AwsProblem('missing-profile', `AWS profile "${ctx.profile ?? '?'}" is not defined in ~/.aws/config or ~/.aws/credentials.`, undefined, opts);
  }
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(raw)) {
    return new AwsProblem('no-credentials', `No AWS credentials found for ${who}: set a profile (Lakehouse: Select Connection) or the AWS_* environment variables. ${raw}`.trim(), undefined, opts);
  }
  if (/Region is missing/i.test(raw)) {
    return new AwsProblem('no-region', `No AWS region is set: choose one in the connection picker or the lakehouse.aws.region setting.`, undefined, opts);
  }
  if (ACCESS_DENIED.has(name) || ACCESS_DENIED.has(code) || (e.$metadata?.httpStatusCode === 403 && !EXPIRED.has(name))) {
    return new AwsProblem('access-denied', `Access denied: ${who} may not call ${ctx.action}${on}. Ask for ${ctx.action} in your IAM policy${detail}.`, undefined, opts);
  }
  if (EXPIRED.has(name) || EXPIRED.has(code)) {
    const cmd = ssoLoginCommand(ctx.profile);
    return new AwsProblem(
      'expired-credentials',
      `The AWS credentials of ${who} have expired or are not valid (${name || code}). Log in again (\`${cmd}\` for SSO, or refresh your keys), then retry.`,
      cmd,
      opts,
    );
  }
  if (THROTTLED.has(name) || THROTTLED.has(code) || e.$metadata?.httpStatusCode === 429) {
    return new AwsProblem('throttled', `AWS is throttling ${ctx.action}${on} and retries did not get through. Wait a moment and retry${detail}.`, undefined, opts);
  }
  if (NETWORK_CODES.has(code) || name === 'TimeoutError' || name === 'NetworkingError' || /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|socket hang up|fetch failed/i.test(raw)) {
    return new AwsProblem('network', `Could not reach AWS for ${ctx.action}${on}: ${raw || code || name}. Check the network, proxy or endpoint setting.`, undefined, opts);
  }
  if (NOT_FOUND.has(name) || e.$metadata?.httpStatusCode === 404) {
    return new AwsProblem('not-found', `${ctx.action}${on}: not found${detail}.`, undefined, opts);
  }
  if (name === 'InvalidRequestException' || name === 'ValidationException' || name === 'InvalidInputException') {
    return new AwsProblem('invalid-request', `${ctx.action}${on} was refused: ${raw || name}`, undefined, opts);
  }
  return new AwsProblem('unknown', `${ctx.action}${on} failed: ${name && name !== 'Error' ? `${name}: ` : ''}${raw || 'unknown error'}`, undefined, opts);
}

/** Runs one AWS call and turns its failure into an AwsProblem. */
export async function awsCall<T>(ctx: AwsCallContext, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (e) {
    throw toAwsProblem(e, ctx);
  }
}

/** Where a FAILED query's message says the problem is: Athena writes `line 3:14: …`. */
export function errorPosition(message: string): { line: number; column: number } | undefined {
  const m = /\bline (\d+):(\d+)/i.exec(message);
  return m ? { line: Number(m[1]), column: Number(m[2]) } : undefined;
}
