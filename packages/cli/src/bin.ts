#!/usr/bin/env node
import { runCli } from './run-cli.js';

const code = await runCli(process.argv, { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env, cwd: process.cwd() });
// Exit once stdout is flushed: a database pool the config opened must not keep the command waiting.
process.stdout.write('', () => process.exit(code));
