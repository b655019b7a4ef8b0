// npm run docs: fills the generated sections of each <action>/README.md and writes the reference
// pages in action-docs/ (actions and reusable workflows) with the action-docs package.
// `--check` regenerates into a temp dir and fails on any drift.
import { generateActionMarkdownDocs } from 'action-docs';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);
const check = process.argv.includes('--check');

const actions = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(path.join(d.name, 'action.yml')))
  .map((d) => d.name)
  .sort();
const workflowDir = '.github/workflows';
const workflows = existsSync(workflowDir)
  ? readdirSync(workflowDir)
      .filter((f) => /\.ya?ml$/.test(f))
      .filter((f) => isReusable(path.join(workflowDir, f)))
      .sort()
  : [];

function isReusable(file: string): boolean {
  const doc = YAML.parse(readFileSync(file, 'utf8')) as { on?: Record<string, unknown> } | null;
  return typeof doc?.on === 'object' && doc.on !== null && 'workflow_call' in doc.on;
}

/** Every generated file: path → content. READMEs are updated in a copy, so the tree is untouched. */
async function generate(scratch: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const name of actions) {
    const source = `${name}/action.yml`;
    const readme = `${name}/README.md`;
    if (existsSync(readme)) {
      const copy = path.join(scratch, `${name}-README.md`);
      await copyFile(readme, copy);
      await generateActionMarkdownDocs({
        sourceFile: source,
        updateReadme: true,
        readmeFile: copy,
        tocLevel: 2,
      });
      files.set(readme, await readFile(copy, 'utf8'));
    }
    const page = await generateActionMarkdownDocs({
      sourceFile: source,
      includeNameHeader: true,
      tocLevel: 2,
    });
    files.set(
      `action-docs/${name}.md`,
      pageHeader(source) +
        page
          .replace(/\*\*\*PROJECT\*\*\*/g, `org/deploy-actions/${name}`)
          .replace(/\*\*\*VERSION\*\*\*/g, 'v1'),
    );
  }
  for (const file of workflows) {
    const source = `${workflowDir}/${file}`;
    const page = await generateActionMarkdownDocs({
      sourceFile: source,
      includeNameHeader: true,
      tocLevel: 2,
    });
    files.set(
      `action-docs/workflows/${file.replace(/\.ya?ml$/, '.md')}`,
      pageHeader(source) +
        page
          .replace(/\*\*\*PROJECT\*\*\*/g, `org/deploy-actions/${source}`)
          .replace(/\*\*\*VERSION\*\*\*/g, 'v1'),
    );
  }
  return files;
}

function pageHeader(source: string): string {
  return `<!-- Generated from ${source} by \`npm run docs\`; do not edit. -->\n\n`;
}

const scratch = await mkdtemp(path.join(os.tmpdir(), 'docs-'));
try {
  const files = await generate(scratch);
  const drift: string[] = [];
  for (const [file, content] of files) {
    const current = existsSync(file) ? await readFile(file, 'utf8') : undefined;
    if (current === content) continue;
    if (check) drift.push(file);
    else {
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, content);
    }
  }
  const stale = existsSync('action-docs')
    ? readdirSync('action-docs', { recursive: true, withFileTypes: true })
        .filter((d) => d.isFile())
        .map((d) => path.join(d.parentPath, d.name))
        .filter((f) => !files.has(f))
    : [];
  for (const file of stale) {
    if (check) drift.push(`${file} (no longer generated)`);
    else await rm(file);
  }
  if (check && drift.length > 0) {
    console.error(`docs are out of date: ${drift.join(', ')}\nrun \`npm run docs\` and commit the result.`);
    process.exitCode = 1;
  } else {
    console.log(
      `${check ? 'checked' : 'generated'} docs for ${actions.length} action(s) and ${workflows.length} workflow(s)`,
    );
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}
