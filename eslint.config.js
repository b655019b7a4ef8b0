// ESLint flat config: typescript-eslint's recommended rules over all TypeScript sources.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'action-docs/', '**/*.d.ts', 'test/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // TypeScript itself reports undefined names, with Node's types.
      'no-undef': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@actions/*'], message: 'Only packages/action-kit may import @actions/*.' }] },
      ],
    },
  },
  {
    files: ['packages/action-kit/src/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['packages/*/src/**'],
    ignores: ['packages/action-kit/src/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@actions/*'], message: 'Only packages/action-kit may import @actions/*.' },
            {
              regex: '(^|/)actions/|^@deploy-actions/action-(?!kit)',
              message: 'packages/ never import actions/: arrows point down.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['actions/*/src/**', 'packages/*/src/**'],
    ignores: ['packages/cluster-sim/src/**', 'packages/cli/src/**', 'packages/action-kit/src/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@actions/*'], message: 'Only packages/action-kit may import @actions/*.' },
            {
              group: ['@deploy-actions/cluster-sim'],
              message: 'The cluster simulator is for tests and the demo only.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['scripts/workflow-lint/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
