#!/usr/bin/env node
/**
 * The `memory-set` command: `memory-set replay TRACE [options]` (see
 * `memory-set replay --help`). Runs the replay on the library's Linux
 * address space.
 *
 * @packageDocumentation
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { AddressSpace } from '../linux/index.js'
import { run } from './run.js'

process.exitCode = await run(process.argv.slice(2), {
  readFile: (path) => readFileSync(path === '-' ? 0 : path, 'utf8'),
  writeFile: (path, text) => writeFileSync(path, text),
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  emptySpace: (options) => AddressSpace.empty(options),
  tty: process.stdout.isTTY === true,
  stdin: process.stdin,
  stdout: process.stdout,
})
