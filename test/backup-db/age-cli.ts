// Decrypts with the real `age` command (Debian package), to prove backups use the standard format.
// A passphrase is typed into a pseudo-terminal: age reads passphrases only from a terminal.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const AGE = '/usr/bin/age';

function requireAge(): void {
  if (!existsSync(AGE))
    throw new Error(`${AGE} not found: run \`npm run setup:test-deps\` (Debian package age)`);
}

export function ageKeygen(): { identity: string; recipient: string } {
  requireAge();
  const identity = execFileSync('age-keygen', [], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  const recipient = /public key: (age1\S+)/.exec(identity)![1]!;
  return { identity, recipient };
}

export function ageDecryptWithIdentity(file: string, identityFile: string): Buffer {
  requireAge();
  return execFileSync(AGE, ['--decrypt', '--identity', identityFile, file], { maxBuffer: 256 * 1024 * 1024 });
}

const PTY_SCRIPT = `
import os, pty, sys
pid, fd = pty.fork()
if pid == 0:
    os.execv(sys.argv[1], ['age', '--decrypt', '--output', sys.argv[3], sys.argv[2]])
buf = b''
while True:
    try:
        data = os.read(fd, 1024)
    except OSError:
        break
    if not data:
        break
    buf += data
    if b'passphrase' in buf.lower():
        os.write(fd, (os.environ['AGE_TEST_PASSPHRASE'] + '\\n').encode())
        buf = b''
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
`;

export function ageDecryptWithPassphrase(file: string, output: string, passphrase: string): void {
  requireAge();
  execFileSync('/usr/bin/python3', ['-c', PTY_SCRIPT, AGE, file, output], {
    env: { ...process.env, AGE_TEST_PASSPHRASE: passphrase },
    timeout: 60_000,
  });
}
