import { decodeKubeconfig, headerSecrets, kubeconfigSecrets } from '../src/index.js';

const KUBECONFIG = `apiVersion: v1
kind: Config
clusters:
- name: c
  cluster: { server: https://127.0.0.1:6443, certificate-authority-data: Q0EK }
users:
- name: u
  user:
    token: sha256~SECRET-TOKEN-123
- name: v
  user:
    client-key-data: ${Buffer.from('-----BEGIN KEY-----\nKEYBODY\n-----END KEY-----').toString('base64')}
    password: hunter2-pass
    auth-provider: { name: oidc, config: { id-token: ID-TOKEN-XYZ, refresh-token: REFRESH-XYZ } }
contexts:
- name: ctx
  context: { cluster: c, user: u }
current-context: ctx
`;

describe('kubeconfig input', () => {
  test('accepts the file content as is and its base64 (also wrapped over lines)', () => {
    expect(decodeKubeconfig(KUBECONFIG)).toBe(KUBECONFIG);
    const b64 = Buffer.from(KUBECONFIG).toString('base64');
    expect(decodeKubeconfig(b64)).toBe(KUBECONFIG);
    expect(decodeKubeconfig(b64.replace(/(.{76})/g, '$1\n'))).toBe(KUBECONFIG);
  });

  test('rejects anything else without echoing it', () => {
    expect(() => decodeKubeconfig('not a kubeconfig: secret-value')).toThrow(
      "input 'kubeconfig': got ***; expected the content of a kubeconfig file (YAML with clusters, users and contexts) or its base64",
    );
  });

  test('finds tokens, passwords, client keys (encoded and decoded) and provider tokens', () => {
    const secrets = kubeconfigSecrets(KUBECONFIG);
    expect(secrets).toEqual(
      expect.arrayContaining([
        'sha256~SECRET-TOKEN-123',
        'hunter2-pass',
        'ID-TOKEN-XYZ',
        'REFRESH-XYZ',
        '-----BEGIN KEY-----\nKEYBODY\n-----END KEY-----',
      ]),
    );
    expect(secrets).not.toContain('https://127.0.0.1:6443');
  });

  test('credentials of request headers', () => {
    expect(headerSecrets({ Authorization: 'Bearer abc.def.ghi' })).toEqual(['abc.def.ghi']);
    const basic = Buffer.from('admin:pw-1234').toString('base64');
    expect(headerSecrets({ authorization: `Basic ${basic}` })).toEqual([basic, 'admin:pw-1234']);
    expect(headerSecrets({ Accept: 'application/json' })).toEqual([]);
  });
});
