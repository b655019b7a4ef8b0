// The runner's tool cache (RUNNER_TOOL_CACHE), for binaries an action finds or installs so later
// jobs on the same runner find them at once. @actions/tool-cache is loaded on first use only.

export interface ToolCache {
  /** Directories of every cached version of `tool`, newest first. */
  findAll(tool: string): Promise<Array<{ version: string; dir: string }>>;
  /** Copies `sourceDir` into the cache as `tool@version`; returns the cached directory. */
  cacheDir(sourceDir: string, tool: string, version: string): Promise<string>;
}

/** The tool cache of this runner, or undefined outside a runner (no RUNNER_TOOL_CACHE). */
export function runnerToolCache(env: NodeJS.ProcessEnv = process.env): ToolCache | undefined {
  if (!env.RUNNER_TOOL_CACHE) return undefined;
  const load = () => import('@actions/tool-cache');
  return {
    async findAll(tool) {
      const tc = await load();
      const versions = tc.findAllVersions(tool).sort(compareVersionsDescending);
      return versions
        .map((version) => ({ version, dir: tc.find(tool, version) }))
        .filter((v) => v.dir !== '');
    },
    async cacheDir(sourceDir, tool, version) {
      return (await load()).cacheDir(sourceDir, tool, version);
    },
  };
}

function compareVersionsDescending(a: string, b: string): number {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pb[i] ?? 0) - (pa[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
