// KHFLOW_AUTH=oidc: tokens of an external OpenID Connect issuer (here a local one serving its discovery document and
// keys) are accepted when signed by its key for khflow's audience, and mapped to the directory user; local login is
// off; a token of another key, audience, issuer or an expired one is refused.
import { createServer, type Server } from 'node:http';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { type ApiSystem, startApiSystem } from './api-harness';

jest.setTimeout(300_000);

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
function token(key: KeyObject, claims: Record<string, unknown>, kid = 'k1'): string {
  const head = b64({ alg: 'RS256', typ: 'JWT', kid });
  const body = b64(claims);
  return `${head}.${body}.${sign('RSA-SHA256', Buffer.from(`${head}.${body}`), key).toString('base64url')}`;
}

describe('OpenID Connect tokens', () => {
  const issuerKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 });
  let idp: Server;
  let issuer: string;
  let sys: ApiSystem;

  beforeAll(async () => {
    idp = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/.well-known/openid-configuration') res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/keys` }));
      else if (req.url === '/keys') res.end(JSON.stringify({ keys: [{ ...issuerKey.publicKey.export({ format: 'jwk' }), kid: 'k1', use: 'sig', alg: 'RS256' }] }));
      else res.writeHead(404).end('{}');
    });
    await new Promise<void>((r) => idp.listen(0, '127.0.0.1', r));
    issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
    sys = await startApiSystem({ authMode: 'oidc', oidcIssuer: issuer, oidcAudience: 'khflow', oidcJwksUrl: null, oidcUsernameClaim: 'preferred_username' });
  });
  afterAll(async () => {
    await sys?.close();
    idp?.close();
  });

  const now = () => Math.floor(Date.now() / 1000);
  const valid = () => ({ iss: issuer, aud: 'khflow', sub: 'abc', preferred_username: 'officer.hp-sgddt-gdtxdh', iat: now(), exp: now() + 300 });

  it('accepts a token of the issuer and maps it to the directory user', async () => {
    const me = await sys.call('GET', '/me', { token: token(issuerKey.privateKey, valid()) });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ username: 'officer.hp-sgddt-gdtxdh', unitId: 'hp-sgddt-gdtxdh', roles: ['officer'] });
  });

  it.each([
    ['signed by another key', () => token(otherKey.privateKey, valid())],
    ['for another audience', () => token(issuerKey.privateKey, { ...valid(), aud: 'other-app' })],
    ['from another issuer', () => token(issuerKey.privateKey, { ...valid(), iss: 'https://elsewhere.example' })],
    ['expired', () => token(issuerKey.privateKey, { ...valid(), exp: now() - 3600 })],
    ['for a user not in the directory', () => token(issuerKey.privateKey, { ...valid(), preferred_username: 'stranger' })],
  ])('refuses a token %s', async (_name, make) => {
    expect((await sys.call('GET', '/me', { token: make() })).status).toBe(401);
  });

  it('turns local login off', async () => {
    const r = await sys.call('POST', '/auth/login', { body: { username: 'admin', password: 'test-password' } });
    expect(r.status).toBe(404);
    expect(r.body.detail).toMatch(/identity provider/);
  });
});
