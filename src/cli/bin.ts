#!/usr/bin/env node
import { hideBin } from 'yargs/helpers';
import { defaultIo, main } from './main.js';

process.exitCode = await main(hideBin(process.argv), defaultIo());
