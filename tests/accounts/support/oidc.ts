// A real OpenID provider (oidc-provider) on loopback for the sign-in tests, with its built-in
// development login screens (any login name; the password is not checked). Accounts and their
// claims come from the map the test passes.
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';

export interface IdpAccount {
  email?: string;
  email_verified?: boolean;
  name?: string;
  preferred_username?: string;
}

export interface TestIdp {
  issuer: string;
  /** Registers (or replaces) the one client the tests use. */
  setClient(client: { clientId: string; clientSecret: string; redirectUri: string }): void;
  close(): Promise<void>;
}

export async function startIdp(accounts: Record<string, IdpAccount>): Promise<TestIdp> {
  const server = http.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let provider: InstanceType<typeof Provider> | null = null;

  const build = (client: { clientId: string; clientSecret: string; redirectUri: string }) =>
    new Provider(issuer, {
      clients: [
        {
          client_id: client.clientId,
          client_secret: client.clientSecret,
          redirect_uris: [client.redirectUri],
          grant_types: ['authorization_code'],
          response_types: ['code'],
          token_endpoint_auth_method: 'client_secret_post',
        },
      ],
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'preferred_username'] },
      pkce: { required: () => true },
      cookies: { keys: ['idp-test-cookie-key-0123456789'] },
      features: { devInteractions: { enabled: true } },
      async findAccount(_ctx, id) {
        const claims = accounts[id] ?? {};
        return { accountId: id, claims: async () => ({ sub: id, ...claims }) };
      },
    });

  server.on('request', (req, res) => {
    if (!provider) return void res.writeHead(503).end('no client yet');
    provider.callback()(req, res);
  });

  return {
    issuer,
    setClient(client) {
      provider = build(client);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
