#!/usr/bin/env node
// The CLI is bundled with the actions (dist/cli/index.js), so it runs without a TypeScript toolchain.
import '../../../dist/cli/index.js';
