import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { listProfiles, parseIni, ssoLoginCommand } from '../../src/core/aws/profiles';
import { decodePrestoView, encodePrestoView } from '../../src/core/catalog/prestoView';
import { errorPosition, toAwsProblem } from '../../src/engines/aws/errors';

test('INI: sections, comments, inline comments, sub-properties skipped', () => {
  const s = parseIni('\uFEFF# top\n[profile a]\nregion = eu-west-1 # Paris\ns3 =\n  max_concurrent_requests = 5\n;x\n[b]\nkey=v=w\n');
  assert.deepEqual(s.get('profile a'), { region: 'eu-west-1', s3: '' });
  assert.deepEqual(s.get('b'), { key: 'v=w' });
});

test('profiles: kinds, legacy SSO, loops in role chains, credentials-only profiles', () => {
  const config = '[profile legacy]\nsso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n[profile loop-a]\nrole_arn = arn:a\nsource_profile = loop-b\n[profile loop-b]\nrole_arn = arn:b\nsource_profile = loop-a\n[profile lost-sso]\nsso_session = gone\n';
  const ps = listProfiles(config, '[keys-only]\naws_access_key_id = A\naws_secret_access_key = B\n');
  const by = Object.fromEntries(ps.map((p) => [p.name, p]));
  assert.equal(by.legacy?.kind, 'sso');
  assert.equal(by.legacy?.ssoStartUrl, 'https://x.awsapps.com/start');
  assert.match(by['loop-a']?.problem ?? '', /loops back/);
  assert.match(by['lost-sso']?.problem ?? '', /no \[sso-session gone\] section/);
  assert.deepEqual(by['keys-only'], { name: 'keys-only', kind: 'static', sources: ['credentials'] });
});

test('the SSO login command names the profile, quoted when it must be', () => {
  assert.equal(ssoLoginCommand('dev'), 'aws sso login --profile dev');
  assert.equal(ssoLoginCommand(undefined), 'aws sso login');
  assert.equal(ssoLoginCommand("my profile's"), `aws sso login --profile 'my profile'\\''s'`);
});

test('AWS errors become values a person can act on', () => {
  const ctx = { action: 'glue:GetTables', resource: 'database sales', profile: 'dev' };
  const denied = toAwsProblem({ name: 'AccessDeniedException', message: 'not authorized', $metadata: { httpStatusCode: 400 } }, ctx);
  assert.equal(denied.kind, 'access-denied');
  assert.equal(denied.message, 'Access denied: profile "dev" may not call glue:GetTables on database sales. Ask for glue:GetTables in your IAM policy (AWS says: not authorized).');
  assert.equal(toAwsProblem({ name: 'ThrottlingException', message: 'Rate exceeded' }, ctx).kind, 'throttled');
  assert.equal(toAwsProblem({ name: 'TooManyRequestsException', message: '' }, ctx).kind, 'throttled');
  const expired = toAwsProblem({ name: 'ExpiredTokenException', message: 'The security token included in the request is expired' }, ctx);
  assert.equal(expired.kind, 'expired-credentials');
  assert.equal(expired.fixCommand, 'aws sso login --profile dev');
  const sso = toAwsProblem({ name: 'TokenProviderError', message: "Token is expired. To refresh this SSO session run 'aws sso login' with the corresponding profile." }, ctx);
  assert.equal(sso.kind, 'sso-login');
  assert.equal(toAwsProblem(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }), ctx).kind, 'network');
  assert.equal(toAwsProblem({ name: 'EntityNotFoundException', message: 'Table x not found' }, ctx).kind, 'not-found');
  assert.equal(toAwsProblem({ name: 'Error', message: 'Region is missing' }, ctx).kind, 'no-region');
  assert.equal(toAwsProblem({ name: 'CredentialsProviderError', message: 'Could not load credentials from any providers' }, ctx).kind, 'no-credentials');
  assert.match(toAwsProblem({ name: 'Weird', message: 'odd' }, ctx).message, /^glue:GetTables on database sales failed: Weird: odd$/);
});

test("Athena's `line L:C:` becomes the error position", () => {
  assert.deepEqual(errorPosition("SYNTAX_ERROR: line 3:14: Column 'x' cannot be resolved"), { line: 3, column: 14 });
  assert.equal(errorPosition('Access denied'), undefined);
});

test('Presto view envelopes round-trip; other text is not a view', () => {
  const view = { originalSql: 'SELECT 1 AS x', catalog: 'awsdatacatalog', schema: 'db', columns: [{ name: 'x', type: 'integer' }] };
  assert.deepEqual(decodePrestoView(encodePrestoView(view)), view);
  assert.equal(decodePrestoView('SELECT 1'), undefined);
  assert.equal(decodePrestoView('/* Presto View: bm90IGpzb24= */'), undefined);
});
