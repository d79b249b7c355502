import { Logger } from '@nestjs/common';

// Integration tests: only errors from Nest's logger (kafkajs, consumers) reach the output.
Logger.overrideLogger(['error', 'fatal']);
