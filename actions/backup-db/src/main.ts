// backup-db action: wiring only — runs one mode under the `timeout` deadline.
import { defineAction, realClock, TimeoutError, type Clock, type Outputs } from '@deploy-actions/action-kit';
import { inputs } from './inputs.js';
import { backupMode, listMode, pruneMode, restoreMode, verifyMode, type ModeContext } from './modes.js';
import { privateTempDir } from './settings.js';

const MODES: Record<string, (mode: ModeContext) => Promise<Outputs>> = {
  backup: backupMode,
  restore: restoreMode,
  verify: verifyMode,
  list: listMode,
  prune: pruneMode,
};

export function createBackupDbAction(clock: Clock = realClock) {
  return defineAction({
    name: 'backup-db',
    inputs,
    async run(values, ctx) {
      const temp = await privateTempDir(ctx.env);
      const abort = new AbortController();
      const deadline = clock.sleep(values.timeout, abort.signal).then(() => {
        throw new TimeoutError(
          `${values.mode} did not finish within the timeout of ${values.timeout / 1000} s`,
        );
      });
      deadline.catch(() => undefined);
      try {
        const work = MODES[values.mode]!({ values, ctx, clock, signal: abort.signal, tempDir: temp.path });
        return await Promise.race([work, deadline]);
      } finally {
        abort.abort(new TimeoutError('stopped'));
        await temp.dispose();
      }
    },
  });
}

export const action = createBackupDbAction();
