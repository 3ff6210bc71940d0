import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createAwsBackend, readProfiles } from '../../src/engines/aws';
import type { AwsSettings } from '../../src/engines/aws/clients';
import { AwsProblem } from '../../src/engines/aws/errors';
import { AWS_DATA_CATALOG } from '../../src/engines/aws/glueCatalog';
import { skipWithoutMoto, testSettings } from '../helpers/moto';

// A temporary ~/.aws: this test file runs in its own process, so the environment is its own.
const home = mkdtempSync(join(tmpdir(), 'lakehouse-aws-home-'));
const CONFIG = `# a comment
[default]
region = us-east-1

[profile lakehouse-dev]
region = eu-central-1
output = json

[profile sso-dev]
sso_session = corp
sso_account_id = 123456789012
sso_role_name = DataEngineer
region = eu-west-1

[sso-session corp]
sso_start_url = https://corp.awsapps.com/start
sso_region = eu-west-1
sso_registration_scopes = sso:account:access

[profile prod-admin]
role_arn = arn:aws:iam::210987654321:role/LakehouseAdmin
source_profile = lakehouse-dev

[profile broken-role]
role_arn = arn:aws:iam::210987654321:role/Nope
source_profile = not-there

[profile tools]
credential_process = /usr/local/bin/get-creds --profile tools
  s3 =
    max_concurrent_requests = 20
`;
const CREDENTIALS = `[default]
aws_access_key_id = AKIADEFAULTEXAMPLE
aws_secret_access_key = default-secret

[lakehouse-dev]
aws_access_key_id = AKIALAKEHOUSEDEV01
aws_secret_access_key = dev-secret
`;

describe('AWS credentials and profiles from a temporary ~/.aws', { skip: skipWithoutMoto }, () => {
  before(() => {
    mkdirSync(join(home, '.aws', 'sso', 'cache'), { recursive: true });
    writeFileSync(join(home, '.aws', 'config'), CONFIG);
    writeFileSync(join(home, '.aws', 'credentials'), CREDENTIALS);
    // An SSO token that expired an hour ago, as `aws sso login` leaves it once it has run out.
    const cacheName = createHash('sha1').update('corp').digest('hex');
    writeFileSync(
      join(home, '.aws', 'sso', 'cache', `${cacheName}.json`),
      JSON.stringify({ startUrl: 'https://corp.awsapps.com/start', region: 'eu-west-1', accessToken: 'expired-token', expiresAt: new Date(Date.now() - 3_600_000).toISOString() }),
    );
    process.env.HOME = home;
    process.env.AWS_CONFIG_FILE = join(home, '.aws', 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = join(home, '.aws', 'credentials');
    // Only the profile may provide credentials here.
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;
    delete process.env.AWS_REGION;
  });

  after(() => rmSync(home, { recursive: true, force: true }));

  test('profiles are listed from both files, with SSO sessions and role chains described', async () => {
    const profiles = await readProfiles();
    const byName = Object.fromEntries(profiles.map((p) => [p.name, p]));
    assert.deepEqual(
      profiles.map((p) => p.name),
      ['default', 'broken-role', 'lakehouse-dev', 'prod-admin', 'sso-dev', 'tools'],
    );
    assert.deepEqual(byName['lakehouse-dev'], { name: 'lakehouse-dev', kind: 'static', region: 'eu-central-1', sources: ['config', 'credentials'] });
    assert.equal(byName['sso-dev']?.kind, 'sso');
    assert.equal(byName['sso-dev']?.ssoSession, 'corp');
    assert.equal(byName['sso-dev']?.ssoStartUrl, 'https://corp.awsapps.com/start');
    assert.equal(byName['prod-admin']?.kind, 'role');
    assert.equal(byName['prod-admin']?.sourceProfile, 'lakehouse-dev');
    assert.equal(byName['prod-admin']?.region, 'eu-central-1', 'the region comes through the source profile');
    assert.equal(byName['prod-admin']?.problem, undefined);
    assert.match(byName['broken-role']?.problem ?? '', /source_profile "not-there"/);
    assert.equal(byName.tools?.kind, 'process');
  });

  test("a profile's keys and region are used for calls that reach moto", async () => {
    // No region setting: it comes from the profile.
    const settings: { -readonly [K in keyof AwsSettings]?: AwsSettings[K] } = testSettings({ profile: 'lakehouse-dev' });
    delete settings.region;
    const backend = createAwsBackend(settings as AwsSettings);
    try {
      assert.equal(await backend.clients.glue.config.region(), 'eu-central-1');
      const creds = await backend.clients.glue.config.credentials();
      assert.equal(creds.accessKeyId, 'AKIALAKEHOUSEDEV01');
      const catalogs = await backend.catalog.listCatalogs();
      assert.ok(catalogs.some((c) => c.name === AWS_DATA_CATALOG));
    } finally {
      backend.dispose();
    }
  });

  test('a missing profile says so', async () => {
    const backend = createAwsBackend(testSettings({ profile: 'does-not-exist' }));
    try {
      await assert.rejects(backend.catalog.listDatabases(AWS_DATA_CATALOG), (e: unknown) => {
        assert.ok(e instanceof AwsProblem, String(e));
        assert.equal(e.kind, 'missing-profile');
        assert.equal(e.message, 'AWS profile "does-not-exist" is not defined in ~/.aws/config or ~/.aws/credentials.');
        return true;
      });
    } finally {
      backend.dispose();
    }
  });

  test('an expired SSO token becomes the login message with the exact command', async () => {
    const backend = createAwsBackend(testSettings({ profile: 'sso-dev' }));
    try {
      await assert.rejects(backend.catalog.listDatabases(AWS_DATA_CATALOG), (e: unknown) => {
        assert.ok(e instanceof AwsProblem, String(e));
        assert.equal(e.kind, 'sso-login');
        assert.equal(e.fixCommand, 'aws sso login --profile sso-dev');
        assert.match(e.message, /SSO login for profile "sso-dev" has expired or is missing\. Run `aws sso login --profile sso-dev` in a terminal, then retry\./);
        return true;
      });
      const failed = await backend.engine.start({ sql: 'SELECT 1' });
      assert.ok(!failed.ok);
      assert.equal(failed.fixCommand, 'aws sso login --profile sso-dev');
    } finally {
      backend.dispose();
    }
  });
});
