import { Logger } from '@nestjs/common';

// Integration tests: only errors from Nest's logger (kafkajs, consumers) reach the output.
Logger.overrideLogger(['error', 'fatal']);

// Integration tests wait for real servers (group joins, refreshes): minutes, not Jest's 5 s.
jest.setTimeout(120_000);
