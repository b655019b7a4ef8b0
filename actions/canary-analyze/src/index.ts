import { runOnRunner } from '@deploy-actions/action-kit/runner';
import { action } from './main.js';
await runOnRunner(action);
